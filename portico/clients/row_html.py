"""The Clients page's table rows (C-2, C-3, C-7) as HTML, composed here rather than in
clients/list.html.

In Django's template engine each of a row's ~45 values and conditions costs a few µs: the 50 rows
of a page took ~8 ms, half of the whole request, where the budget for all of it is 30 ms. Composed
as strings they take well under 1 ms. As in Django's admin change list (which builds its cells in
Python too), every value passes through `escape` (Django's: html.escape, quotes included); the
labels are translated once per page."""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portico.core.colours import dark_text_on


def render(rows, *, selectable: bool, notify: bool, onboarding: bool, columns: list) -> SafeString:
    """The <tr>s of `rows` (rows.Row): a checkbox when the member may select (C-8), the
    onboarding step on the Onboarding tab, the cells of the apps' columns the page shows
    (`columns`: core.registry.ClientsColumn, from listing.shown_columns), and "Notify
    accountants" in the menu for managers."""
    labels = {
        "never": escape(_("Never connected")),
        "go": escape(_("Go to client")),
        "details": escape(_("View details")),
        "notify": escape(_("Notify accountants")),
    }
    return mark_safe(
        "".join(_row(row, labels, selectable, notify, onboarding, columns) for row in rows)
    )


def _row(row, labels, selectable, notify, onboarding, columns) -> str:
    info, name = escape(row.urls["info"]), escape(row.name)
    cells = []
    if selectable:
        cells.append(
            f'<td><input class="form-check-input" type="checkbox" name="ids" value="{row.pk}"'
            f' form="bulk-form" aria-label="{escape(row.select_label)}"></td>'
        )
    status, status_label = escape(row.status), escape(row.status_label)
    if row.photo:
        avatar = f'<img src="{escape(row.urls["photo"])}" alt="" class="avatar me-2">'
    else:
        avatar = f'<span class="avatar me-2" aria-hidden="true">{escape(row.initials)}</span>'
    cells.append(
        f'<td class="sticky-name"><span class="status-dot status-{status}" title="{status_label}"'
        f' data-testid="status-{status}"></span>'
        f'<span class="visually-hidden">{status_label}</span>{avatar}'
        f'<a href="{info}" class="text-body text-decoration-none fw-medium"'
        f' data-testid="client-name">{name}</a></td>'
    )
    cells.append(f"<td>{escape(row.kind_label)}</td>")
    if onboarding:
        step = escape(row.onboarding_label)
        cells.append(f'<td><span class="badge text-bg-warning">{step}</span></td>')
    cells.append(f"<td>{_tags(row.tags)}</td><td>{_team(row.team)}</td>")
    last_login = (
        escape(row.last_login_text)
        if row.last_login
        else f'<span class="text-body-secondary">{labels["never"]}</span>'
    )
    cells.append(f'<td class="small text-nowrap" data-testid="last-login">{last_login}</td>')
    cells += [column.cell(row) for column in columns]
    cells.append(_menu(row, labels, notify))
    return f'<tr data-testid="client-row">{"".join(cells)}</tr>'


_TEXT_ON = {True: " tag-dark-text", False: ""}  # core/colours.py: black or white text


def _tags(tags) -> str:
    return "".join(
        f'<span class="badge rounded-pill tag{_TEXT_ON[dark_text_on(tag["colour"])]}" '
        f'data-tag-colour="{escape(tag["colour"])}">{escape(tag["name"])}</span> '
        for tag in tags
    )


def _team(team) -> str:
    return "".join(
        f'<span class="avatar avatar-sm" title="{escape(teammate["name"])}">'
        f"{escape(teammate['initials'])}</span>"
        for teammate in team
    )


def _menu(row, labels, notify) -> str:
    items = [
        (row.urls["workspace"], "bi-box-arrow-in-right", labels["go"]),
        (row.urls["info"], "bi-person-vcard", labels["details"]),
    ]
    if notify:
        items.append((row.urls["notify"], "bi-bell", labels["notify"]))
    links = "".join(
        f'<li><a class="dropdown-item" href="{escape(url)}">'
        f'<i class="bi {icon} me-2" aria-hidden="true"></i>{label}</a></li>'
        for url, icon, label in items
    )
    return (
        '<td class="text-end"><div class="dropdown">'
        '<button class="btn btn-sm btn-link text-body" type="button" data-bs-toggle="dropdown"'
        f' aria-expanded="false" aria-label="{escape(row.actions_label)}" data-testid="row-menu">'
        '<i class="bi bi-three-dots-vertical" aria-hidden="true"></i></button>'
        f'<ul class="dropdown-menu dropdown-menu-end">{links}</ul></div></td>'
    )
