"""core.inserts writes rows as the ORM would: defaults, auto_now_add, JSON and foreign keys, in
batches, returning the new ids in the order of the rows."""

import pytest
from django.utils import timezone

from portico.core import inserts
from portico.core.models import HistoryEvent
from portico.portal.models import Invitation
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_rows_get_their_defaults_and_come_back_in_order(personas, monkeypatch):
    monkeypatch.setattr(inserts, "BATCH", {"sqlite": 2, "postgresql": 2})  # three batches
    emails = [f.ContactEmailFactory(contact__firm=personas.firm) for _ in range(5)]
    rows = [
        {
            "firm_id": personas.firm.pk,
            "account_id": personas.account.pk,
            "email_id": email.pk,
            "invited_by_id": personas.owner.user_id,
        }
        for email in emails
    ]
    before = timezone.now()
    ids = inserts.insert(Invitation, rows, returning=True)
    invitations = [Invitation.objects.get(pk=pk) for pk in ids]
    assert [i.email_id for i in invitations] == [e.pk for e in emails]
    assert {i.status for i in invitations} == {Invitation.Status.QUEUED}
    assert len({i.nonce for i in invitations}) == 5  # a callable default, called per row
    assert all(
        i.created_at >= before and i.message == "" and i.sent_at is None for i in invitations
    )


def test_json_values_are_stored_as_json(personas):
    inserts.insert(
        HistoryEvent,
        [
            {
                "firm_id": personas.firm.pk,
                "account_id": personas.account.pk,
                "verb": HistoryEvent.Verb.SWITCHES_CHANGED,
                "subject": "ana@example.es",
                "before": {"login": False},
                "after": {"login": True},
            }
        ],
    )
    event = HistoryEvent.objects.get(subject="ana@example.es")
    assert (event.before, event.after, event.actor_id) == ({"login": False}, {"login": True}, None)
    assert HistoryEvent.objects.filter(after__login=True).count() == 1
