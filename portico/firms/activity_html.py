"""The activity feed's rows (X-1) as HTML, composed here rather than in firms/activity.html.

As for the Clients page's rows (clients/row_html.py): in Django's template engine a page of 50
events, each with its actor, verb, account link, local time and changed values, took most of
the request (50 of 60 ms under load); composed as strings they take about a millisecond. Every
value passes through `escape`; labels are translated once per page."""

from html import escape
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portico.core import browsers, dates, history_text
from portico.core.models import HistoryEvent
from portico.core.registry import HistoryVerb, registry

# A sample id put in the account link once per page and swapped for each event's account.
_SAMPLE_ID = 987654321


def verb_labels() -> dict[str, str]:
    """{verb: how it reads in the active language} for every verb of HistoryEvent.Verb and of
    the apps' registrations."""
    labels = {verb.key: str(verb.label) for verb in registry.all(HistoryVerb)}
    labels.update((choice.value, str(choice.label)) for choice in HistoryEvent.Verb)
    return labels


def render(events, *, time_zone: str) -> SafeString:
    """The <li>s of `events` (HistoryEvents with their actor and account selected), times in
    the firm's `time_zone`."""
    page = {
        "verbs": verb_labels(),
        "system": escape(_("Portico")),
        "unknown_browser": escape(_("Unknown browser")),
        "zone": ZoneInfo(time_zone),
        "account_url": reverse("clients:info", args=[_SAMPLE_ID]),
        "text": history_text.Page(ZoneInfo(time_zone)),
    }
    return mark_safe("".join(_row(event, page) for event in events))


def _row(event, page) -> str:
    actor = escape(str(event.actor)) if event.actor_id else page["system"]
    verb = escape(page["verbs"].get(event.verb, event.verb))
    what = f"<strong>{actor}</strong> {verb}"
    subject = history_text.subject(event, page["text"])
    if subject:
        what += f' <span class="text-body-secondary">· {escape(subject)}</span>'
    if event.account_id:
        url = page["account_url"].replace(str(_SAMPLE_ID), str(event.account_id))
        what += f' · <a href="{escape(url)}">{escape(event.account.name)}</a>'
    moment = timezone.localtime(event.created_at, page["zone"])
    shown = dates.numeric_datetime(moment)
    when = (
        f'<time class="small text-body-secondary" datetime="{moment.isoformat()}">'
        f"{escape(shown)}</time>"
    )
    head = (
        f'<div class="d-flex flex-wrap justify-content-between gap-2"><div>{what}</div>{when}</div>'
    )
    details = _details(event, page)
    if details:
        details = f'<div class="small text-body-secondary text-break">{details}</div>'
    return f'<li class="list-group-item">{head}{details}</li>'


def _details(event, page) -> str:
    """Where a sign-in came from ("203.0.113.9 · Firefox 140 · Windows 10"), or the values
    changed in the reader's words ("Role: Accountant → Administrator")."""
    after = event.after or {}
    if after.get("ip_address") or after.get("browser"):
        address = escape(str(after.get("ip_address") or ""))
        raw = str(after.get("browser") or "")
        browser = (
            f'<span title="{escape(raw)}">{escape(browsers.summary(raw))}</span>'
            if raw
            else page["unknown_browser"]
        )
        return f"{address} · {browser}"
    return history_text.details(event, page["text"])
