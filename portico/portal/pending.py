"""The Pending activation tab's rows and count (C-10), kept by database triggers: PendingEmail,
the contact emails with Login on for some account and no portal identity yet, with the tab's
sort keys, and PendingTally, how many a firm has.

Counted by scanning, the tab's count cost hundreds of ms at 100,000 pending emails, and its
order (by the live invitation's sending time, never-sent rows first, then by address) sorted
every pending email of the firm (100 ms on SQLite, 600 ms on PostgreSQL). Kept as the rows
change, the count is one row and an index (firm, unsent, sent_at, address, email) serves a page
by reading its entries in order. `unsent` sets the never-sent rows apart so that no NULL
ordering is involved, which the two databases write differently.

Written like the foundation's tallies (clients/tallies.py: `add`, and clients/triggers.py),
over tables of changed rows: the set triggers compare each changed email with its PendingEmail
row rather than infer from the change, which keeps them right however the rows of one
statement are ordered; they fill a new row's keys (new_keys). The key triggers follow the
invitations (sent, replaced, cancelled) and address changes. portal 0003 carries this SQL.
"""

from django.db import connection

from portico.clients import tallies, triggers
from portico.portal.models import Invitation

PENDING = "clients_pendingemail"  # PendingEmail's table, named when the model lived in clients
TALLY = "portal_pendingtally"
LIVE = ", ".join(f"'{status}'" for status in Invitation.LIVE)
# Tables whose changes can make an email pending or not: their `email_id` names it.
SOURCES = {
    "clients_emailswitches": ["email_id", "login"],
    "portal_portalidentity": ["email_id"],
}
IS_PENDING = (
    "(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = {email} AND s.login)"
    " AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = {email}))"
)
LISTED = f"EXISTS (SELECT 1 FROM {PENDING} p WHERE p.email_id = {{email}})"
COLUMNS = "email_id, firm_id, address, sent_at, unsent"
INVITATION_COLUMNS = ["email_id", "status", "sent_at"]
# a new firm starts with its tally at zero
NEW_FIRM = f"INSERT INTO {TALLY} (firm_id, pending_emails) VALUES (NEW.id, 0)"


def live_sent_at(email):
    """SQL: when the live invitation of the email `email` names was sent (NULL: not yet)."""
    return (
        f"(SELECT i.sent_at FROM portal_invitation i"
        f" WHERE i.email_id = {email} AND i.status IN ({LIVE}))"
    )


def new_keys(email, address):
    """SQL: the keys of a new PendingEmail row (its columns address, sent_at, unsent)."""
    sent_at = live_sent_at(email)
    return f"{address}, {sent_at}, {sent_at} IS NULL"


def _pending(row_sets):
    """Statements keeping the set and the firm's count for the emails of the changed rows."""
    emails = " UNION ".join(f"SELECT r.email_id FROM {rows} r" for rows in row_sets)
    now, listed = IS_PENDING.format(email="e.id"), LISTED.format(email="e.id")
    becoming = (
        "FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id"
        f" WHERE e.id IN ({emails}) AND {now} AND NOT {listed}"
    )
    leaving = (
        f"FROM {PENDING} p WHERE p.email_id IN ({emails})"
        f" AND NOT {IS_PENDING.format(email='p.email_id')}"
    )
    changes = f"SELECT c.firm_id AS k, 1 AS v {becoming} UNION ALL SELECT p.firm_id, -1 {leaving}"
    return [
        tallies.add(TALLY, "firm_id", "pending_emails", changes),
        f"INSERT INTO {PENDING} ({COLUMNS}) SELECT e.id, c.firm_id,"
        f" {new_keys('e.id', 'e.email')} {becoming}",
        f"DELETE FROM {PENDING} WHERE email_id IN (SELECT p.email_id {leaving})",
    ]


def _resend_keys(rows, differs):
    """Set sent_at and unsent again for the emails of the changed invitations `rows`."""
    emails = " UNION ".join(f"SELECT r.email_id FROM {side} r" for side in rows)
    sent_at = live_sent_at(f"{PENDING}.email_id")
    return (
        f"UPDATE {PENDING} SET sent_at = {sent_at}, unsent = {sent_at} IS NULL"
        f" WHERE email_id IN ({emails}) AND sent_at {differs} {sent_at}"
    )


def _copy_address(new):
    return (
        f"UPDATE {PENDING} SET address = n.email FROM {new} n"
        f" WHERE {PENDING}.email_id = n.id AND {PENDING}.address <> n.email"
    )


def _changed(table, columns, event, postgres):
    """The tables of rows an `event` on `table` changed, and the WHEN of an UPDATE (SQLite)."""
    rows = [triggers.changed_rows(side, columns, postgres) for side in triggers.SIDES[event]]
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return rows, changed if event == "UPDATE" else None


def definitions(postgres):
    """(name, table, the SQL creating it) of every trigger keeping the set, its count and keys."""
    for table, columns in SOURCES.items():
        for event in triggers.SIDES:
            rows, when = _changed(table, columns, event, postgres)
            name = f"pending_{table}_{event.lower()}"
            sql = triggers.create(name, table, event, _pending(rows), postgres, when)
            yield name, table, sql
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    for event in triggers.SIDES:
        rows, when = _changed("portal_invitation", INVITATION_COLUMNS, event, postgres)
        name = f"pending_key_portal_invitation_{event.lower()}"
        statements = [_resend_keys(rows, differs)]
        sql = triggers.create(name, "portal_invitation", event, statements, postgres, when)
        yield name, "portal_invitation", sql
    new = triggers.changed_rows("NEW", ["id", "email"], postgres)
    name = "pending_key_clients_contactemail_update"
    when, statements = "OLD.email IS NOT NEW.email", [_copy_address(new)]
    sql = triggers.create(name, "clients_contactemail", "UPDATE", statements, postgres, when)
    yield name, "clients_contactemail", sql
    name = "pending_firms_firm_insert"
    sql = triggers.create(name, "firms_firm", "INSERT", [NEW_FIRM], postgres, each_row=True)
    yield name, "firms_firm", sql


RECOUNT = [
    f"DELETE FROM {PENDING}",
    f"""INSERT INTO {PENDING} ({COLUMNS})
    SELECT e.id, c.firm_id, {new_keys("e.id", "e.email")}
    FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id
    WHERE {IS_PENDING.format(email="e.id")}""",
    f"DELETE FROM {TALLY}",
    f"""INSERT INTO {TALLY} (firm_id, pending_emails)
    SELECT f.id, (SELECT COUNT(*) FROM {PENDING} p WHERE p.firm_id = f.id) FROM firms_firm f""",
]


def recount():
    """Find the set and count it again from the rows (after the migration, as the triggers do)."""
    with connection.cursor() as cursor:
        for sql in RECOUNT:
            cursor.execute(sql)


def install(apps, schema_editor):
    """Migration step: (re)create the triggers of this database, then find what exists."""
    uninstall(apps, schema_editor)
    triggers.install(definitions, schema_editor)
    for sql in RECOUNT:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    triggers.uninstall(definitions, schema_editor)
