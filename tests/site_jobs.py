"""What tests do inside a tests/site.py installation. `python -m tests.site_jobs` reads one
request a line from stdin, `[name, args]` in JSON, runs `name(*args)` and answers its return
value as one line of JSON (Django is set up once, not per request)."""

import json
import os
import sys
from datetime import timedelta


def invite(count: int, prefix: str = "cliente") -> list[int]:
    """`count` clients, each with one contact email with Login on, and a queued invitation each,
    handed to the task worker in batches as a bulk send does (A-4). Returns the invitations."""
    from django.db import transaction

    from portico.clients.models import (
        AccountContact,
        ClientAccount,
        Contact,
        ContactEmail,
        EmailSwitches,
    )
    from portico.core.text import fold
    from portico.firms.models import Firm, Member, Role, User
    from portico.portal import actions

    with transaction.atomic():
        firm = Firm.objects.create(name="Demo Asesores & Co")
        owner = Member.objects.create(
            firm=firm, user=User.objects.create_user(f"owner-{prefix}@example.es"), role=Role.OWNER
        )
        names = [f"{prefix} {i:04}" for i in range(count)]
        accounts = ClientAccount.objects.bulk_create(
            ClientAccount(firm=firm, name=n, name_key=fold(n), search_text=fold(n)) for n in names
        )
        contacts = Contact.objects.bulk_create(
            Contact(firm=firm, first_name="Cliente", last_name=n, language="es") for n in names
        )
        emails = ContactEmail.objects.bulk_create(
            ContactEmail(contact=c, email=f"{prefix}{i:04}@example.es", is_primary=True)
            for i, c in enumerate(contacts)
        )
        links = AccountContact.objects.bulk_create(
            AccountContact(account=a, contact=c) for a, c in zip(accounts, contacts, strict=True)
        )
        EmailSwitches.objects.bulk_create(
            EmailSwitches(link=link, email=email, login=True)
            for link, email in zip(links, emails, strict=True)
        )
        targets = [(a.pk, e.pk) for a, e in zip(accounts, emails, strict=True)]
        ids = actions.queue_invitations(member=owner, targets=targets)
        actions.enqueue_sending(ids)
    return ids


def sending() -> dict[str, str]:
    """The emails a worker claimed and has not marked sent: {Message-ID: address}."""
    from portico.messaging.models import EmailLog

    claimed = EmailLog.objects.filter(status=EmailLog.Status.SENDING)
    return {log.message_id: log.to for log in claimed}


def rescue() -> list[int]:
    """The scheduled jobs that pick up after a dead worker, run once their time has come (the
    claims are made stale by turning their clock back): stale claims and emails never claimed,
    invitations still queued. Returns how many emails and invitations they handed back."""
    from django.db.models import F
    from django.utils import timezone

    from portico.messaging.models import EmailLog
    from portico.messaging.tasks import CLAIM_STALE, retry_unsent_emails
    from portico.portal.actions import requeue_stalled

    back = CLAIM_STALE + timedelta(minutes=1)
    EmailLog.objects.update(claimed_at=F("claimed_at") - back)
    later = timezone.now() + back
    return [retry_unsent_emails(later), requeue_stalled(later)]


def after_kill() -> list:
    """What a killed worker left claimed (`sending`), then `rescue`."""
    return [sending(), rescue()]


def statuses() -> dict[str, int]:
    from django.db.models import Count

    from portico.messaging.models import EmailLog
    from portico.portal.models import Invitation

    emails = EmailLog.objects.values_list("status").annotate(n=Count("pk"))
    invitations = Invitation.objects.values_list("status").annotate(n=Count("pk"))
    return {f"email {s}": n for s, n in emails} | {f"invitation {s}": n for s, n in invitations}


def serve():
    from django.db import close_old_connections, connections

    for line in sys.stdin:
        name, args = json.loads(line)
        print(json.dumps(globals()[name](*args)), flush=True)
        close_old_connections()
    connections.close_all()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
    import django

    django.setup()
    serve()
