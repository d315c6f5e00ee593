"""The Pending activation tab's sort keys (C-10), kept on PendingEmail by database triggers.

The tab sorts by the live invitation's sending time, never-sent rows first, then by address.
Computed per request, that sorts every pending email of the firm (100,000: 100 ms on SQLite,
600 ms on PostgreSQL); copied onto PendingEmail, an index (firm, unsent, sent_at, address,
email) serves a page by reading its entries in order. `unsent` sets the never-sent rows apart
so that no NULL ordering is involved, which the two databases write differently.

The tally triggers (clients/tallies.py) fill the keys of a row as they insert it (new_keys);
the triggers here follow the invitations (sent, replaced, cancelled) and address changes."""

from portico.clients import triggers
from portico.portal.models import Invitation

PENDING = "clients_pendingemail"
LIVE = ", ".join(f"'{status}'" for status in Invitation.LIVE)


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


INVITATION_COLUMNS = ["email_id", "status", "sent_at"]


def definitions(postgres):
    """(name, table, the SQL creating it) of every pending-key trigger."""
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    for event, sides in triggers.SIDES.items():
        rows = [triggers.changed_rows(side, INVITATION_COLUMNS, postgres) for side in sides]
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in INVITATION_COLUMNS)
        when = changed if event == "UPDATE" else None
        name = f"pending_key_portal_invitation_{event.lower()}"
        statements = [_resend_keys(rows, differs)]
        sql = triggers.create(name, "portal_invitation", event, statements, postgres, when)
        yield name, "portal_invitation", sql
    new = triggers.changed_rows("NEW", ["id", "email"], postgres)
    name = "pending_key_clients_contactemail_update"
    when, statements = "OLD.email IS NOT NEW.email", [_copy_address(new)]
    sql = triggers.create(name, "clients_contactemail", "UPDATE", statements, postgres, when)
    yield name, "clients_contactemail", sql


def install(apps, schema_editor):
    """Migration step: the triggers of this database. The rows that exist get their keys from
    the tallies' recount, which inserts every pending email anew (new_keys)."""
    uninstall(apps, schema_editor)
    triggers.install(definitions, schema_editor)


def uninstall(apps, schema_editor):
    triggers.uninstall(definitions, schema_editor)
