"""The one way Portico sends email: rendered in the recipient's language, logged, sent later."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from portico.messaging.models import EmailLog


def send(*, to: str, template: str, language: str, context: dict, firm=None, account=None):
    """Render `emails/<template>.{subject.txt,txt,html}`, log it, and deliver it in the background.

    Returns the EmailLog row; the worker hands it to the SMTP server once the transaction commits.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    log = EmailLog.objects.create(
        firm=firm,
        account=account,
        template=template,
        to=to,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
    )
    from portico.messaging.tasks import deliver_email

    if (batch := _batch.get()) is not None:
        transaction.on_commit(lambda: batch.append(log.pk))
    else:
        transaction.on_commit(lambda: deliver_email.enqueue(log.pk))
    return log


_batch = ContextVar("email_batch", default=None)


@contextmanager
def batched():
    """Emails sent inside go to the worker together at the end, delivered over one SMTP
    connection, instead of one task and one connection each (bulk invitations)."""
    from portico.messaging.tasks import deliver_emails

    ids = []
    token = _batch.set(ids)
    try:
        yield
    finally:
        _batch.reset(token)
        # Runs after the emails' own on-commit callbacks, which fill `ids`.
        transaction.on_commit(lambda: ids and deliver_emails.enqueue(ids))
