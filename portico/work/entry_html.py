"""The calendar's task entries and month cells as HTML, composed here rather than in templates.

A month holds up to 42 cells of 3 tasks; each entry's dozen values and labels cost a few µs each
in Django's template engine (and every lazy label is translated again at each use): the month
took ~60 % of its request in templates. Composed as strings, as clients/row_html.py does the
Clients page's rows, with every value through `escape` and the labels translated once a page."""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portico.work.models import KIND_ICONS, STATUS_BADGES, Kind, Status

MODAL = (
    'hx-target="#calendar-modal-content" data-bs-toggle="modal" data-bs-target="#calendar-modal"'
)


class Labels:
    """What entries say, translated once: type and status names, the day link's words."""

    def __init__(self):
        self.kinds = {kind: escape(str(kind.label)) for kind in Kind}
        self.statuses = {status: escape(str(status.label)) for status in Status}
        self.all_tasks_of = escape(_("All tasks of"))
        self.task_url = reverse("work:task", args=[0]).removesuffix("0/")  # "/tasks/"


def entries(tasks, next_query, labels=None) -> SafeString:
    """The day view's entries: title with the type's icon, time and client, address, and the
    status badge in the top-right corner, in the task's colour (T-2)."""
    labels = labels or Labels()
    return mark_safe("".join(_entry(task, next_query, labels) for task in tasks))


def _entry(task, next_query, labels):
    url = escape(f"{labels.task_url}{task.pk}/?{next_query}")
    kind, status = labels.kinds[task.kind], labels.statuses[task.status]
    client = ""
    if task.account_id:
        client = f' · <span data-testid="task-client">{escape(task.account.name)}</span>'
    address = ""
    if task.address:
        address = (
            '<span class="d-block small text-body-secondary" data-testid="task-address">'
            '<i class="bi bi-geo-alt me-1" aria-hidden="true"></i>'
            f"{escape(task.address)}</span>"
        )
    return (
        '<a class="task-entry d-block text-decoration-none text-body rounded p-2 pe-5 mb-2"'
        f' data-task-colour="{escape(task.colour)}" href="{url}" hx-get="{url}" {MODAL}'
        f' data-testid="task-entry" data-status="{status}">'
        f'<span class="badge {STATUS_BADGES[task.status]} task-badge" data-testid="task-status">'
        f"{status}</span>"
        f'<span class="d-block fw-semibold"><i class="bi bi-{KIND_ICONS[task.kind]} task-icon'
        f' me-1" role="img" aria-label="{kind}" title="{kind}"></i>'
        f'<span data-testid="task-title">{escape(task.title)}</span></span>'
        f'<span class="d-block small">{escape(task.time_text)}{client}</span>{address}</a>'
    )


def month_rows(weeks, day_query, next_query) -> SafeString:
    """The month grid's <tr>s: each cell links (from its empty spots) to the day's list, shows
    its holiday, its first tasks (draggable to another day) and how many more it has.
    `day_query(day)` is the query string of that day's view."""
    labels = Labels()
    return mark_safe(
        "".join(
            "<tr>"
            + "".join(_cell(cell, day_query(cell.day), next_query, labels) for cell in week)
            + "</tr>"
            for week in weeks
        )
    )


def _cell(cell, day_query, next_query, labels):
    iso = cell.day.isoformat()
    classes = "calendar-day"
    classes += "" if cell.in_month else " other-month"
    classes += " is-today" if cell.is_today else ""
    classes += " is-holiday" if cell.holiday else ""
    day_url = escape(day_query)
    parts = [
        f'<td class="{classes}" data-drop-date="{iso}" data-testid="day-{iso}">'
        f'<a class="day-link stretched-link" href="{day_url}" hx-get="{day_url}" {MODAL}>'
        f'<span class="visually-hidden">{labels.all_tasks_of} </span>{cell.day.day}</a>'
    ]
    if cell.holiday:
        holiday = escape(cell.holiday)
        parts.append(f'<div class="holiday small text-truncate" title="{holiday}">{holiday}</div>')
    parts += [_chip(task, next_query, labels) for task in cell.tasks]
    if cell.more:
        more = ngettext("+%(n)s more", "+%(n)s more", cell.more) % {"n": cell.more}
        parts.append(f'<span class="more small text-body-secondary">{escape(more)}</span>')
    parts.append("</td>")
    return "".join(parts)


def _chip(task, next_query, labels):
    url = escape(f"{labels.task_url}{task.pk}/?{next_query}")
    kind, status, title = labels.kinds[task.kind], labels.statuses[task.status], escape(task.title)
    start = f"{escape(task.start_text)} " if task.start_text else ""
    return (
        '<a class="task-chip d-block text-truncate small rounded px-1 mb-1"'
        f' data-task-colour="{escape(task.colour)}" href="{url}" hx-get="{url}" {MODAL}'
        f' draggable="true" data-move-url="{labels.task_url}{task.pk}/move/"'
        f' data-testid="task-entry" data-status="{status}" title="{title} · {status}">'
        f'<i class="bi bi-{KIND_ICONS[task.kind]} me-1" role="img" aria-label="{kind}"></i>'
        f'{start}<span data-testid="task-title">{title}</span></a>'
    )
