"""A state changed twice at the same moment (issue 14, fault 7): a double click, or two
colleagues. The state is checked under a row lock inside the transaction, so the change
happens once and the second request is told it was already done, never a 500 or a duplicate.

Each pair runs in two threads with their own database connections, ROUNDS times."""

from copy import copy
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portico.clients import actions as client_actions
from portico.clients.models import ClientAccount, ConnectionRequest, Contact
from portico.core import schedule
from portico.core.models import HistoryEvent
from portico.firms.models import Role
from portico.messaging.models import EmailLog
from portico.notifications.digests import send_member_digest
from portico.notifications.models import DigestSubscription
from portico.portal import actions as portal_actions
from portico.portal.models import Invitation, InvitationBatch, PortalIdentity
from portico.portal.tasks import notify_document_shared
from tests.concurrency import failed_rounds, lost, postgresql_only, together
from tests.factories import (
    AccountContactFactory,
    AccountFactory,
    DigestSubscriptionFactory,
    DocumentFactory,
    FirmFactory,
    MagicLinkFactory,
    MemberFactory,
    PortalSettingsFactory,
    TagFactory,
)
from tests.portal_setup import (
    activation_token,
    contact_on,
    media,  # noqa: F401  (an autouse fixture)
)

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]


def signed_in(member, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(member.user)
    return client


def post(client, url, data=None):
    def call():
        client.cookies.pop("messages", None)  # only what this request says
        response = client.post(url, data or {})
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        return [str(m) for m in get_messages(response.wsgi_request)]

    return call


def connection_request(firm, round):
    return ConnectionRequest.objects.create(
        firm=firm,
        client_name=f"Ferretería Muñoz {round}",
        contact_first_name="Rocío",
        contact_last_name=f"Muñoz {round}",
        contact_email=f"rocio{round}@example.es",
        access=ConnectionRequest.Access.EXTENDED,
    )


@pytest.mark.parametrize("answers", [("accept", "accept"), ("accept", "decline")])
def test_a_connection_request_answered_twice_at_once_is_answered_once(personas, answers):
    clients = [signed_in(personas.admin), signed_in(personas.owner, "es")]

    def play(round):
        request = connection_request(personas.firm, round)
        urls = [reverse(f"clients:{answer}", args=[request.pk]) for answer in answers]
        posts = (post(client, url) for client, url in zip(clients, urls, strict=True))
        said = together(*posts, holding=request)
        request.refresh_from_db()
        name = request.client_name
        accounts = ClientAccount.objects.filter(name=name).count()
        contacts = Contact.objects.filter(last_name=f"Muñoz {round}").count()
        assert (accounts, contacts) == ((1, 1) if request.status == "accepted" else (0, 0))
        answered = HistoryEvent.objects.filter(subject=name).filter(
            verb__in=[HistoryEvent.Verb.REQUEST_ACCEPTED, HistoryEvent.Verb.REQUEST_DECLINED]
        )
        assert answered.count() == 1
        already = {
            "accepted": [
                f"The invitation from {name} was already accepted.",
                f"La invitación de {name} ya estaba aceptada.",
            ],
            "declined": [
                f"The invitation from {name} was already declined.",
                f"La invitación de {name} ya estaba rechazada.",
            ],
        }[request.status]
        assert sum(m in already for messages in said for m in messages) == 1, said

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


# --- Invitations: send, resend, cancel (A-2, A-3, A-5, C-10) and activation -----------------


SENT_ALREADY = "An invitation was sent to %s after this page was shown: it is not sent twice."
INVITED_ALREADY = "%d emails were invited after this page was shown: they are not invited twice."
USED = "This invitation has already been used. Sign in with your email and password."


def shown_now():
    """The hidden `shown_at` of the page the member acts on, as its template writes it."""
    return timezone.localtime().isoformat()


def said_once(said, message):
    assert sum(message in messages for messages in said) == 1, said


def test_send_invitation_clicked_twice_sends_one(personas):
    email, (link,) = contact_on(personas.firm, personas.account)
    clients = [signed_in(personas.owner), signed_in(personas.manager)]
    url = reverse("access:invite", args=[personas.account.pk, link.pk, email.pk])

    def play(round):
        shown = shown_now()
        data = {"message": f"Ronda {round}", "shown_at": shown}
        said = together(*(post(client, url, data) for client in clients), holding=email)
        made = Invitation.objects.filter(email=email, created_at__gt=shown)
        assert made.count() == 1
        assert (
            EmailLog.objects.filter(to=email.email, body_text__contains=f"Ronda {round}").count()
            == 1
        )
        said_once(said, SENT_ALREADY % email.email)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_resend_clicked_twice_resends_each_email_once(personas):
    emails = [
        contact_on(personas.firm, personas.account, address=f"rocio{i}@ferreteria.es")[0]
        for i in range(3)
    ]
    clients = [signed_in(personas.owner), signed_in(personas.manager)]
    url = reverse("access:pending_action")

    def play(round):
        shown = shown_now()
        # Send the first time, Resend after: each is for its own kind of email (C-10)
        action = "resend" if Invitation.objects.filter(email=emails[0]).exists() else "send"
        data = {"action": action, "emails": [e.pk for e in emails], "shown_at": shown}
        said = together(*(post(client, url, data) for client in clients), holding=emails[0])
        for email in emails:
            assert Invitation.objects.filter(email=email, created_at__gt=shown).count() == 1
        assert InvitationBatch.objects.filter(created_at__gt=shown).count() == 1
        said_once(said, INVITED_ALREADY % 3)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_cancel_clicked_twice_cancels_once_and_says_so(personas):
    email, _ = contact_on(personas.firm, personas.account)
    clients = [signed_in(personas.owner), signed_in(personas.manager)]
    url = reverse("access:pending_action")
    cancelled = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.INVITATION_CANCELLED)

    def play(round):
        portal_actions.invite(member=personas.owner, account=personas.account, email=email)
        before = cancelled.count()
        said = together(
            *(
                post(client, url, {"action": "cancel", "emails": [email.pk], "confirmed": "1"})
                for client in clients
            ),
            holding=email,
        )
        assert cancelled.count() == before + 1
        said_once(said, "These invitations were already cancelled or used.")

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_activate_clicked_twice_activates_once_and_the_second_goes_to_sign_in(personas):
    def play(round):
        email, _ = contact_on(
            personas.firm, personas.account, address=f"rocio{round}@ferreteria.es", language="en"
        )
        invitation = portal_actions.invite(
            member=personas.owner, account=personas.account, email=email
        )
        url = reverse("portal:activate", args=[activation_token(email.email)])
        data = {"password1": "Otra-clave-muy-larga-9", "password2": "Otra-clave-muy-larga-9"}
        said = together(post(Client(), url, data), post(Client(), url, data), holding=invitation)
        assert PortalIdentity.objects.filter(email=email).count() == 1
        accepted = HistoryEvent.objects.filter(
            verb=HistoryEvent.Verb.INVITATION_ACCEPTED, subject=email.email
        )
        assert accepted.count() == 1
        said_once(said, USED)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_edit_access_with_invitations_clicked_twice_invites_each_email_once(personas):
    accounts = [personas.account, personas.other_account]
    emails = [
        contact_on(personas.firm, account, address=f"ana{i}@example.es", login=False)[0]
        for i, account in enumerate(accounts)
    ]
    clients = [signed_in(personas.owner), signed_in(personas.admin)]
    url = reverse("clients:bulk")

    def play(round):
        shown = shown_now()
        data = {
            "action": "edit_access",
            "ids": [a.pk for a in accounts],
            "login": "on",
            "invite": "on",
            "message": f"Ronda {round}",
            "shown_at": shown,
        }
        said = together(*(post(client, url, data) for client in clients), holding=emails[0])
        for email in emails:
            assert Invitation.objects.filter(email=email, created_at__gt=shown).count() == 1
        said_once(said, INVITED_ALREADY % 2)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


# --- Other transitions: the test client, a link revoked, a document shared, a digest switch,
# a contact unlinked, a bulk tag ------------------------------------------------------------


def test_opening_the_test_client_twice_at_once_makes_one(personas):
    def play(round):
        firm = FirmFactory()
        owner, admin = (MemberFactory(firm=firm, role=role) for role in (Role.OWNER, Role.ADMIN))
        settings_row = PortalSettingsFactory(firm=firm)
        url = reverse("access:test_client")
        together(post(signed_in(owner), url), post(signed_in(admin), url), holding=settings_row)
        assert ClientAccount.objects.filter(firm=firm).count() == 1
        settings_row.refresh_from_db()
        assert settings_row.test_account.firm == firm

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_revoking_a_link_twice_at_once_revokes_it_once(personas):
    clients = [signed_in(personas.owner), signed_in(personas.admin)]
    revoked = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.MAGIC_LINK_REVOKED)

    def play(round):
        link = MagicLinkFactory(document__account=personas.account)
        url = reverse("access:revoke_link", args=[link.pk])
        said = together(*(post(client, url) for client in clients), holding=link)
        assert revoked.filter(after__link=link.pk).count() == 1
        said_once(said, "This link was already revoked.")

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_sharing_a_document_twice_at_once_records_and_announces_it_once(personas):
    email, _ = contact_on(personas.firm, personas.account)
    clients = [signed_in(personas.owner), signed_in(personas.manager)]
    sharing = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.DOCUMENT_SHARING)

    def play(round):
        document = DocumentFactory(account=personas.account, shared=False)
        url = reverse("documents:share", args=[personas.account.pk, document.pk])
        together(*(post(client, url, {"shared": "on"}) for client in clients), holding=document)
        assert sharing.filter(subject=document.name).count() == 1
        notices = EmailLog.objects.filter(to=email.email, template="document_shared")
        assert notices.filter(body_text__contains=document.name).count() == 1

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_turning_a_digest_on_twice_at_once_makes_one_subscription(personas):
    member = personas.owner
    clients = [signed_in(member), signed_in(member)]
    url = reverse("notifications:digest", args=[personas.account.pk])
    changed = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.DIGEST_CHANGED)

    def play(round):
        DigestSubscription.objects.filter(member=member).delete()
        before = changed.count()
        data = {"email": "on", "frequency": "weekly"}
        together(*(post(client, url, data) for client in clients), holding=member)
        assert DigestSubscription.objects.filter(member=member).count() == 1
        assert changed.count() == before + 1

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_unlinking_a_contact_twice_at_once_records_it_once(personas):
    unlinked = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.CONTACT_UNLINKED)

    def play(round):
        link = AccountContactFactory(account=personas.account)
        done = together(
            lambda: client_actions.unlink_contact(member=personas.owner, link=copy(link)),
            lambda: client_actions.unlink_contact(member=personas.manager, link=copy(link)),
            holding=personas.account,
        )
        assert unlinked.filter(before__contact=link.contact_id).count() == 1
        assert sorted(done) == [False, True]

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


@pytest.mark.parametrize("action", ["add_tag", "add_member"])
def test_a_bulk_change_sent_twice_at_once_changes_each_client_once(personas, action):
    accounts = [
        personas.account,
        personas.other_account,
        *AccountFactory.create_batch(8, firm=personas.firm),
    ]
    clients = [signed_in(personas.owner), signed_in(personas.admin)]
    verb = {"add_tag": HistoryEvent.Verb.TAGS_CHANGED, "add_member": HistoryEvent.Verb.TEAM_ADDED}

    def play(round):
        if action == "add_tag":
            target = TagFactory(firm=personas.firm)
            data, added = {"tag": target.pk}, target.accounts
        else:
            target = MemberFactory(firm=personas.firm)
            data, added = {"member": target.pk}, target.accounts
        data |= {"action": action, "ids": [a.pk for a in accounts]}
        url = reverse("clients:bulk")
        together(*(post(client, url, data) for client in clients), holding=target)
        assert added.count() == len(accounts)
        assert HistoryEvent.objects.filter(verb=verb[action], subject=str(target)).count() == len(
            accounts
        )

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


# --- Claimed jobs: a worker or scheduler run twice at once does the work once --------------


def test_a_batch_of_invitations_sent_by_two_workers_at_once_goes_once(personas):
    emails = [
        contact_on(personas.firm, personas.account, address=f"luis{i}@example.es")[0]
        for i in range(5)
    ]

    def play(round):
        targets = [(personas.account.pk, e.pk) for e in emails]
        with transaction.atomic():
            ids = portal_actions.queue_invitations(member=personas.owner, targets=targets)
        sent = together(*[lambda: portal_actions.send_all_queued(ids)] * 2)
        assert sum(sent) == 5
        for email in emails:
            invitation = Invitation.objects.get(email=email, status="sent")
            assert EmailLog.objects.filter(pk=invitation.email_log_id).count() == 1
        logged = EmailLog.objects.filter(
            template="portal_invitation", to__in=[e.email for e in emails]
        )
        assert logged.count() == 5 * (round + 1)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_a_digest_sent_by_two_scheduler_runs_at_once_goes_once(personas):
    subscription = DigestSubscriptionFactory(
        member=personas.owner, account=personas.account, send_empty=True
    )
    written = EmailLog.objects.filter(template="digest", to=personas.owner.user.email)

    def play(round):
        periods = {"weekly": subscription.starts_on + timedelta(weeks=round + 1)}
        sent = together(*[lambda: send_member_digest(personas.owner.pk, periods)] * 2)
        assert sorted(sent) == [0, 1]
        assert written.count() == round + 1

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_a_shared_document_announced_by_two_workers_at_once_is_announced_once(personas):
    email, _ = contact_on(personas.firm, personas.account)

    def play(round):
        document = DocumentFactory(account=personas.account, shared=True)
        notify = notify_document_shared.func
        sent = together(*[lambda: notify(document.pk)] * 2)
        assert sorted(sent) == [0, 1]
        notices = EmailLog.objects.filter(to=email.email, body_text__contains=document.name)
        assert notices.count() == 1

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_a_scheduled_period_claimed_by_two_schedulers_at_once_runs_once():
    def play(round):
        claimed = together(*[lambda: schedule.claim("send-digests", f"period-{round}")] * 2)
        assert sorted(claimed) == [False, True]

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)
