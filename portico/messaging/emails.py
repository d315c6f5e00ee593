"""The one way Portico sends email: rendered in the recipient's language, logged, sent later."""

import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.template import Context, engines
from django.utils import translation

from portico.core import recipients
from portico.messaging.models import EmailLog
from portico.messaging.tasks import deliver_email, deliver_emails

# The whitespace a template's line breaks and indents leave; not the no-break spaces French puts
# before ":" (str.split() would make them breakable).
LAYOUT_SPACE = re.compile(r"[ \t\r\n\f\v]+")

logger = logging.getLogger(__name__)
# The firm's logo goes at the top of every HTML email as an inline image, attached to the email
# and named by its Content-ID: mail clients show such images without fetching anything (most
# hide remote images, and Gmail and Outlook refuse data: URIs). The worker attaches it as PNG.
LOGO_CID = "firm-logo@portico"
INLINE = "inline"


def send(
    *,
    to: str,
    template: str,
    language: str,
    context: dict,
    firm=None,
    account=None,
    attachments=(),
):
    """Render `emails/<template>.{subject.txt,txt,html}`, log it, and deliver it in the background.

    The subject and the plain-text part are rendered without HTML escaping (a firm called
    "Demo Asesores & Co" stays so); the HTML part is escaped as usual. An email to a deactivated
    user or member is logged as withheld, with the reason in `last_error`, and never delivered
    (core/recipients.py): the last guard whatever the caller selected.

    `attachments` are files already stored in the default storage, as (storage name, file
    name, content type): the worker reads them when it delivers, so the email carries exactly
    the stored file (an issued invoice's PDF). With a `firm` that has a logo, the HTML part's
    `emails/_logo.html` shows it, attached inline (LOGO_CID).

    Returns the EmailLog row; the worker hands it to the SMTP server once the transaction commits.
    """
    attachments = list(attachments)
    if firm is not None and firm.logo:
        context = {**context, "logo_cid": LOGO_CID, "logo_alt": firm.name}
        attachments.append((firm.logo.name, LOGO_CID, INLINE))
    with translation.override(language):
        subject = one_line(_render(f"emails/{template}.subject.txt", context))
        text = _render(f"emails/{template}.txt", context)
        html = _render(f"emails/{template}.html", context, autoescape=True)
    withheld = recipients.inactive_addresses([to]).get(to.lower(), "")
    log = EmailLog.objects.create(
        firm=firm,
        account=account,
        template=template,
        to=to,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        status=EmailLog.Status.WITHHELD if withheld else EmailLog.Status.QUEUED,
        last_error=withheld,
        attachments=[
            {"name": name, "cid": filename}
            if content_type == INLINE
            else {"name": name, "filename": filename, "type": content_type}
            for name, filename, content_type in attachments
        ],
    )
    if withheld:
        logger.info("email=%s template=%s to=%s %s", log.pk, template, to, withheld)
        return log
    if (batch := _batch.get()) is not None:
        transaction.on_commit(lambda: batch.append(log.pk))
    else:
        transaction.on_commit(lambda: deliver_email.enqueue(log.pk))
    return log


def _render(name: str, context: dict, autoescape: bool = False) -> str:
    """One email template, escaped for HTML only when asked (the .html part)."""
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=autoescape))


_batch = ContextVar("email_batch", default=None)


@contextmanager
def batched():
    """Emails sent inside go to the worker together at the end, delivered over one SMTP
    connection, instead of one task and one connection each (bulk invitations)."""
    ids = []
    token = _batch.set(ids)
    try:
        yield
    finally:
        _batch.reset(token)
        # Runs after the emails' own on-commit callbacks, which fill `ids`.
        transaction.on_commit(lambda: ids and deliver_emails.enqueue(ids))


def one_line(text: str) -> str:
    """A subject on one line: runs of spaces, tabs and line breaks made one space, no-break
    spaces kept."""
    return LAYOUT_SPACE.sub(" ", text).strip(" ")
