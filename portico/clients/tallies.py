"""The Clients page's tab counts, kept by database triggers in FirmTally and MemberTally.

Counting a tab by scanning costs time in proportion to the firm (100,000 accounts: tens of ms,
and the Pending activation count hundreds), so the counts are kept as the rows change. Triggers
rather than application code keep them: every write counts, bulk inserts, cascades and the admin
included. Each trigger is written once as statements over NEW/OLD that SQLite and PostgreSQL both
accept; an update is the removal of the old row followed by the addition of the new one.

- FirmTally.active_accounts: the firm's accounts whose onboarding is active.
- PendingEmail: the contact emails with Login on somewhere and no portal identity (C-10), and
  FirmTally.pending_emails how many the firm has.
- MemberTally.active_accounts: the active accounts on the member's team.
"""

from django.db import connection

ACTIVE = "'active'"
EMAIL_FIRM = (
    "(SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id"
    " WHERE e.id = {email})"
)
IS_PENDING = (
    "(EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = {email} AND login)"
    " AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = {email}))"
)
LISTED = "EXISTS (SELECT 1 FROM clients_pendingemail WHERE email_id = {email})"


def _account(row, sign):
    return [
        f"UPDATE clients_firmtally SET active_accounts = active_accounts {sign} 1"
        f" WHERE firm_id = {row}.firm_id AND {row}.onboarding = {ACTIVE}",
        f"UPDATE clients_membertally SET active_accounts = active_accounts {sign} 1"
        f" WHERE {row}.onboarding = {ACTIVE} AND member_id IN"
        f" (SELECT member_id FROM clients_teammembership WHERE account_id = {row}.id)",
    ]


def _team(row, sign):
    return [
        f"UPDATE clients_membertally SET active_accounts = active_accounts {sign} 1"
        f" WHERE member_id = {row}.member_id AND EXISTS (SELECT 1 FROM clients_clientaccount"
        f" WHERE id = {row}.account_id AND onboarding = {ACTIVE})"
    ]


def _pending(row, sign):
    """Bring the email's PendingEmail row and its firm's count in line with what the email is
    now. Comparing with the row, rather than guessing from the change, makes it right however
    many rows one statement changed (PostgreSQL runs row triggers after the whole statement)."""
    email = f"{row}.email_id"
    now, listed = IS_PENDING.format(email=email), LISTED.format(email=email)
    firm = EMAIL_FIRM.format(email=email)
    return [
        f"UPDATE clients_firmtally SET pending_emails = pending_emails + 1"
        f" WHERE firm_id = {firm} AND {now} AND NOT {listed}",
        f"INSERT INTO clients_pendingemail (email_id, firm_id) SELECT {email}, {firm}"
        f" WHERE {now} AND NOT {listed} AND {firm} IS NOT NULL",
        f"UPDATE clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id ="
        f" (SELECT firm_id FROM clients_pendingemail WHERE email_id = {email}) AND NOT {now}",
        f"DELETE FROM clients_pendingemail WHERE email_id = {email} AND NOT {now}",
    ]


TRIGGERS = {
    # table: (statements for a row and a sign, the columns whose change an update recounts)
    "clients_clientaccount": (_account, ["onboarding", "firm_id"]),
    "clients_teammembership": (_team, ["member_id", "account_id"]),
    "clients_emailswitches": (_pending, ["login", "email_id"]),
    "portal_portalidentity": (_pending, ["email_id"]),
}
ROWS_FOR = {
    # a new firm or member starts with its tally at zero
    "firms_firm": "INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails)"
    " VALUES (NEW.id, 0, 0)",
    "firms_member": "INSERT INTO clients_membertally (member_id, active_accounts)"
    " VALUES (NEW.id, 0)",
}


def triggers():
    """(name, table, event, condition, statements) of every trigger."""
    for table, (statements, columns) in TRIGGERS.items():
        changed = " OR ".join(f"OLD.{column} <> NEW.{column}" for column in columns)
        yield f"tally_{table}_insert", table, "INSERT", None, statements("NEW", "+")
        yield f"tally_{table}_delete", table, "DELETE", None, statements("OLD", "-")
        update = statements("OLD", "-") + statements("NEW", "+")
        yield f"tally_{table}_update", table, "UPDATE", changed, update
    for table, statement in ROWS_FOR.items():
        yield f"tally_{table}_insert", table, "INSERT", None, [statement]


def sqlite_trigger(name, table, event, condition, statements):
    when = f" WHEN ({condition})" if condition else ""
    body = "".join(f"{statement}; " for statement in statements)
    return [f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN {body}END"]


def postgres_trigger(name, table, event, condition, statements):
    when = f" WHEN ({condition})" if condition else ""
    body = "".join(f"{statement}; " for statement in statements)
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS"
        f" $$ BEGIN {body}RETURN NULL; END $$",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when}"
        f" EXECUTE FUNCTION {name}()",
    ]


RECOUNT = [
    "DELETE FROM clients_firmtally",
    "DELETE FROM clients_membertally",
    "DELETE FROM clients_pendingemail",
    f"""INSERT INTO clients_pendingemail (email_id, firm_id)
    SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id
    WHERE {IS_PENDING.format(email="e.id")}""",
    f"""INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails)
    SELECT f.id,
        (SELECT COUNT(*) FROM clients_clientaccount a
         WHERE a.firm_id = f.id AND a.onboarding = {ACTIVE}),
        (SELECT COUNT(*) FROM clients_pendingemail p WHERE p.firm_id = f.id)
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
    """Migration step: create the triggers of this database, then count what exists."""
    render = {"sqlite": sqlite_trigger, "postgresql": postgres_trigger}[
        schema_editor.connection.vendor
    ]
    for trigger in triggers():
        for sql in render(*trigger):
            schema_editor.execute(sql)
    for sql in RECOUNT:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, table, *_ in triggers():
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else "")
        )
        if postgres:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
