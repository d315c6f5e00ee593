"""The Clients page's tab counts, kept by database triggers in FirmTally and MemberTally.

Counting a tab by scanning costs time in proportion to the firm (100,000 accounts: tens of ms),
so the counts are kept as the rows change. Triggers
rather than application code keep them: every write counts, bulk inserts, cascades and the admin
included.

Each tally is written once, as SQL over a table of changed rows, `{rows}` (clients/triggers.py):
PostgreSQL runs it once per statement, so a bulk insert of 10,000 rows updates a tally row once,
not 10,000 times (which, in one transaction, gets slower with every update); SQLite once per row.
An update counts as the removal of the old rows and the addition of the new ones.

SQLite refuses to rebuild a table (as it does to add a NOT NULL column) while triggers name it:
such a migration drops the triggers first and installs them again after (0009_login_emails).

- FirmTally.active_accounts: the firm's accounts whose onboarding is active.
- MemberTally.active_accounts: the active accounts on the member's team.
- ClientAccount.login_emails: how many switches of the account's contact emails have Login on;
  above zero, the account is active (C-7), which the status filter reads from the account row.

The portal keeps the Pending activation tab's set and count the same way (portal/pending.py),
with add() and the triggers of clients/triggers.py.
"""

from django.db import connection

from portico.clients import triggers

ACTIVE = "'active'"

# table: (its columns the tallies read, the tallies it changes). A tally is (target table, key
# column, value column, SELECT k, v: what rows `{rows}` add to each key when `v` is `{sign}`).
COUNTED = {
    "clients_clientaccount": (
        ["id", "firm_id", "onboarding"],
        [
            (
                "clients_firmtally",
                "firm_id",
                "active_accounts",
                f"SELECT r.firm_id AS k, {{sign}} AS v FROM {{rows}} r"
                f" WHERE r.onboarding = {ACTIVE}",
            ),
            (
                "clients_membertally",
                "member_id",
                "active_accounts",
                "SELECT t.member_id AS k, {sign} AS v FROM {rows} r JOIN clients_teammembership t"
                f" ON t.account_id = r.id WHERE r.onboarding = {ACTIVE}",
            ),
        ],
    ),
    "clients_teammembership": (
        ["member_id", "account_id"],
        [
            (
                "clients_membertally",
                "member_id",
                "active_accounts",
                "SELECT r.member_id AS k, {sign} AS v FROM {rows} r JOIN clients_clientaccount a"
                f" ON a.id = r.account_id WHERE a.onboarding = {ACTIVE}",
            )
        ],
    ),
}
LOGIN_EMAILS = (
    "clients_clientaccount",
    "id",
    "login_emails",
    "SELECT l.account_id AS k, {sign} AS v FROM {rows} r"
    " JOIN clients_accountcontact l ON l.id = r.link_id WHERE r.login",
)
COUNTED["clients_emailswitches"] = (["link_id", "login"], [LOGIN_EMAILS])
COUNTED["clients_accountcontact"] = (  # a link moved to another account takes its switches along
    ["id", "account_id"],
    [
        (
            *LOGIN_EMAILS[:3],
            "SELECT r.account_id AS k, {sign} AS v FROM {rows} r"
            " JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login",
        )
    ],
)
ROWS_FOR = {
    # a new firm or member starts with its tally at zero
    "firms_firm": "INSERT INTO clients_firmtally (firm_id, active_accounts) VALUES (NEW.id, 0)",
    "firms_member": "INSERT INTO clients_membertally (member_id, active_accounts)"
    " VALUES (NEW.id, 0)",
}


def add(target, key, value, changes):
    """Add the per-key sums of `changes` (SELECT k, v) to the target's counts, where not zero."""
    return (
        f"UPDATE {target} SET {value} = {target}.{value} + d.delta FROM"
        f" (SELECT k, SUM(v) AS delta FROM ({changes}) c GROUP BY k HAVING SUM(v) <> 0) d"
        f" WHERE {target}.{key} = d.k"
    )


def _counted(tallies, row_sets):
    """Statements for the tallies of a table, `row_sets` being [(rows, sign)]: the new rows
    with +1, the old with -1."""
    return [
        add(
            target,
            key,
            value,
            " UNION ALL ".join(select.format(rows=rows, sign=sign) for rows, sign in row_sets),
        )
        for target, key, value, select in tallies
    ]


SIGN = {"OLD": "-1", "NEW": "1"}  # an update removes the old rows and adds the new ones


def tables():
    """(table, the columns the tallies read) of every table with tally triggers."""
    return [(table, read) for table, (read, _) in COUNTED.items()]


def definitions(postgres):
    """(name, table, the SQL creating it) of every tally trigger."""
    for table, columns in tables():
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        for event, sides in triggers.SIDES.items():
            name = f"tally_{table}_{event.lower()}"
            rows = [(triggers.changed_rows(side, columns, postgres), SIGN[side]) for side in sides]
            when = changed if event == "UPDATE" else None
            statements = _counted(COUNTED[table][1], rows)
            yield name, table, triggers.create(name, table, event, statements, postgres, when)
    for table, statement in ROWS_FOR.items():
        name = f"tally_{table}_insert"
        sql = triggers.create(name, table, "INSERT", [statement], postgres, each_row=True)
        yield name, table, sql


RECOUNT = [
    """UPDATE clients_clientaccount SET login_emails = (SELECT COUNT(*)
    FROM clients_emailswitches s JOIN clients_accountcontact l ON l.id = s.link_id
    WHERE l.account_id = clients_clientaccount.id AND s.login)""",
    "DELETE FROM clients_firmtally",
    "DELETE FROM clients_membertally",
    f"""INSERT INTO clients_firmtally (firm_id, active_accounts)
    SELECT f.id, (SELECT COUNT(*) FROM clients_clientaccount a
        WHERE a.firm_id = f.id AND a.onboarding = {ACTIVE})
    FROM firms_firm f""",
    f"""INSERT INTO clients_membertally (member_id, active_accounts)
    SELECT m.id, (SELECT COUNT(*) FROM clients_teammembership t
        JOIN clients_clientaccount a ON a.id = t.account_id
        WHERE t.member_id = m.id AND a.onboarding = {ACTIVE})
    FROM firms_member m""",
]


def recount():
    """Count everything again from the rows (after the migration, the same as the triggers)."""
    with connection.cursor() as cursor:
        for sql in RECOUNT:
            cursor.execute(sql)


def install(apps, schema_editor):
    """Migration step: (re)create the triggers of this database, then count what exists."""
    uninstall(apps, schema_editor)
    triggers.install(definitions, schema_editor)
    for sql in RECOUNT:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    triggers.uninstall(definitions, schema_editor)
