"""The demo firm's portal: its test client, clients who activated their access (one of them a
login printed by `manage.py demo`), invitations sent, expired or never sent, and documents.

Called by the demo command's Demo.build() with the builder, whose seeded `rng` decides."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portico.clients import actions as client_actions
from portico.clients.models import EmailSwitches
from portico.documents.models import Document
from portico.firms.models import User
from portico.messaging.models import EmailLog
from portico.portal import actions
from portico.portal.models import Invitation, PortalActivity, PortalIdentity

CLIENT_EMAIL = "cliente@example.es"
DOCUMENTS = [
    ("Modelo 303 - 3T.pdf", True),
    ("Balance de situación 2025.pdf", True),
    ("Escritura de constitución.pdf", False),
    ("Nóminas septiembre.pdf", True),
    ("Bilan 2025.pdf", True),
    ("Relevé bancaire octobre.pdf", False),
]
CLIENT_UPLOADS = ["Factura proveedor 118.pdf", "Recibo alquiler octubre.pdf", "DNI escaneado.pdf"]


def build(demo, accounts, password):
    """`demo` is the Demo builder (rng, firm, owner, links); Login is already on for some."""
    actions.ensure_test_client(demo.firm)
    login_on = list(
        EmailSwitches.objects.filter(link__account__in=accounts, login=True)
        .select_related("link__account", "email__contact")
        .order_by("pk")
    )
    demo.rng.shuffle(login_on)
    third = len(login_on) // 3
    activate(demo, login_on[:third])
    invite(demo, login_on[third : 2 * third])
    mine = demo_client(demo, accounts, password)
    add_documents(demo, [*mine, *(row.link.account for row in login_on[:6])])


def activate(demo, rows):
    """Clients who accepted their invitation and have signed in since."""
    now = timezone.now()
    for row in rows:
        user = User.objects.filter(email=row.email.email).first() or User.objects.create_user(
            row.email.email, None, full_name=row.email.contact.full_name
        )
        PortalIdentity.objects.get_or_create(email=row.email, defaults={"user": user})
        seen = now - timedelta(days=demo.rng.randint(0, 60), minutes=demo.rng.randint(0, 600))
        PortalActivity.objects.update_or_create(
            account=row.link.account, defaults={"last_login": seen}
        )


def invite(demo, rows):
    """Invitations sent over the last three weeks: most delivered, some expired, one failed."""
    ids = actions.queue_invitations(
        member=demo.owner, targets=[(row.link.account_id, row.email_id) for row in rows]
    )
    for pk in ids:
        actions.send_queued(pk)
    now = timezone.now()
    for i, invitation in enumerate(Invitation.objects.filter(pk__in=ids).order_by("pk")):
        sent = now - timedelta(days=demo.rng.randint(0, 20), hours=demo.rng.randint(0, 12))
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_at=sent, expires_at=sent + timedelta(days=14)
        )
        status = EmailLog.Status.FAILED if i == 0 else EmailLog.Status.SENT
        EmailLog.objects.filter(pk=invitation.email_log_id).update(
            status=status, sent_at=None if i == 0 else sent, created_at=sent
        )


def demo_client(demo, accounts, password):
    """Carmen, whose login is printed: a contact of two accounts, so the portal shows the
    account switcher (A-6)."""
    spanish = [a for a in accounts if a.country == "ES" and demo.links[a.pk] < 3]
    first, second = spanish[:2]
    contact = client_actions.create_contact(
        member=demo.owner,
        first_name="Carmen",
        last_name="Cliente Demo",
        emails=[CLIENT_EMAIL],
        language="es",
    )
    email = contact.emails.get()
    for account in (first, second):
        link = client_actions.link_contact(
            member=demo.owner, account=account, contact=contact, description="Gerente"
        )
        demo.links[account.pk] += 1
        client_actions.set_switches(
            member=demo.owner, link=link, email=email, login=True, notify=True
        )
    user = User.objects.create_user(CLIENT_EMAIL, password, full_name=contact.full_name)
    PortalIdentity.objects.create(user=user, email=email)
    PortalActivity.objects.update_or_create(
        account=first, defaults={"last_login": timezone.now() - timedelta(days=2)}
    )
    demo.portal_user = user
    return first, second


def add_documents(demo, accounts):
    """Documents the firm shared (or keeps), and the demo client's uploads, still New: the
    first two accounts are the demo client's."""
    now = timezone.now()
    for i, account in enumerate(accounts):
        name, shared = DOCUMENTS[i % len(DOCUMENTS)]
        firm_upload = Document(
            firm=demo.firm,
            account=account,
            name=name,
            content_type="application/pdf",
            shared=shared,
            uploaded_by_member=demo.owner,
            seen_by_firm_at=now,
            notified_at=now,
        )
        _store(firm_upload, name)
    for i, name in enumerate(CLIENT_UPLOADS):
        client_upload = Document(
            firm=demo.firm,
            account=accounts[i % 2],
            name=name,
            content_type="application/pdf",
            shared=True,
            uploaded_by_client=demo.portal_user,
        )
        _store(client_upload, name)


def _store(document, name):
    content = f"%PDF-1.4\n% {name}\n".encode()
    document.size = len(content)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
