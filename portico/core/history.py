"""History (X-1): the one way events are written. `record()` writes one event, `record_many()`
the events of a bulk write; no other code creates HistoryEvent rows (tests/test_history.py
checks the source for HistoryEvent(...), its manager's create/bulk_create and raw inserts).
Both are called by actions, inside their transaction."""

from collections.abc import Iterable

from django.utils.translation import override

from portico.core.inserts import insert
from portico.core.models import HistoryEvent

SUBJECT_LENGTH = HistoryEvent._meta.get_field("subject").max_length


def _pk(value):
    """A model instance's primary key; an id or None as it is."""
    return getattr(value, "pk", value)


def event(*, actor, firm, verb, account=None, subject="", before=None, after=None) -> dict:
    """One event as the row record_many() writes: `actor` a User (or its id, or None for the
    system), `firm` a Firm or its id, `account` a ClientAccount, its id or None, `verb` one of
    HistoryEvent.Verb (or an app's registered verb), `subject` whom or what it concerns (cut to
    200 characters; a model or a lazy translation is written in English, which the pages put
    back into the reader's language: core/history_text.py), `before` and `after` the changed
    values (JSON, {} when left out)."""
    if not isinstance(subject, str):
        with override("en"):
            subject = str(subject)
    return {
        "firm_id": _pk(firm),
        "account_id": _pk(account),
        "actor_id": _pk(actor),
        "verb": verb,
        "subject": subject[:SUBJECT_LENGTH],
        "before": before or {},
        "after": after or {},
    }


def record(*, actor, firm, verb, account=None, subject="", before=None, after=None):
    """Write one History event (arguments as event()); returns the HistoryEvent."""
    return HistoryEvent.objects.create(
        **event(
            actor=actor,
            firm=firm,
            verb=verb,
            account=account,
            subject=subject,
            before=before,
            after=after,
        )
    )


def record_many(events: Iterable[dict]) -> int:
    """Write the events of a bulk write (each made by event()) as plain inserted rows, a few
    statements for thousands (core/inserts.py); returns how many were written."""
    rows = list(events)
    insert(HistoryEvent, rows)
    return len(rows)
