"""What the Day and Month views show (T-3), for the firm's Calendar page and a client's Tasks tab
alike: the state their URL keeps (view, date, assignee, page), the day's list or the month's grid
with each day's first tasks, counts and public holidays, and the links of the arrows."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from portico.work import dates, entry_html, public_holidays, queries
from portico.work.forms import FIRST_DAY, LAST_DAY, parse_day

DAY, MONTH = "day", "month"


@dataclass(frozen=True)
class State:
    """Where a calendar is: its view, date, whose tasks ("" for mine, "all", a member's id) and
    the day list's page. Its query string is what every link of the page keeps."""

    view: str
    day: date
    assignee: str = ""
    page: int = 1

    @classmethod
    def from_request(cls, request, today):
        params = request.GET
        page = params.get("page", "1")
        return cls(
            view=MONTH if params.get("view") == MONTH else DAY,
            day=parse_day(params.get("date"), today),
            assignee=params.get("assignee", "")[:12],
            page=int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1,
        )

    def query(self, **changes) -> str:
        state = replace(self, **changes)
        params = {"view": state.view, "date": state.day.isoformat()}
        if state.assignee:
            params["assignee"] = state.assignee
        if state.page > 1:
            params["page"] = state.page
        return "?" + urlencode(params)


@dataclass
class Cell:
    day: date
    in_month: bool
    is_today: bool
    holiday: str | None
    tasks: list = field(default_factory=list)
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.tasks)


def decorate(tasks, firm):
    """Give each listed task its local start and the times it shows: `start_text` ("09:00", or
    "" all day) and `time_text` ("09:00–10:00", "All day")."""
    for task in tasks:
        task.local_start = dates.local(task.starts_at, firm)
        if task.all_day:
            task.start_text, task.time_text = "", _("All day")
        else:
            task.start_text = dates.clock(task.local_start)
            end = dates.clock(dates.local(task.ends_at, firm))
            task.time_text = f"{task.start_text}–{end}"
    return tasks


def context(tasks, state, firm, base_url):
    """The template context of a calendar showing `tasks` (a queryset) at `state`."""
    today = dates.today(firm)
    here = base_url + state.query()
    next_query = urlencode({"next": here})
    if state.view == MONTH:
        found = _month(tasks, state, firm, today)
        found["month_rows"] = entry_html.month_rows(
            found.pop("weeks"),
            lambda day: base_url + state.query(view=DAY, day=day, page=1),
            next_query,
        )
    else:
        found = _day(tasks, state, firm)
        found["day_entries"] = entry_html.entries(found["day_tasks"], next_query)
    step = {DAY: lambda d, n: d + timedelta(days=n), MONTH: dates.add_months}[state.view]
    previous, following = step(state.day, -1), step(state.day, 1)
    links = {
        "previous_url": base_url + state.query(day=previous, page=1)
        if previous >= FIRST_DAY
        else None,
        "next_url": base_url + state.query(day=following, page=1)
        if following <= LAST_DAY
        else None,
        "today_url": base_url + state.query(day=today, page=1),
        "day_view_url": base_url + state.query(view=DAY, page=1),
        "month_view_url": base_url + state.query(view=MONTH, page=1),
        "here": here,
        "next_query": next_query,
    }
    return {"state": state, "base_url": base_url, "today": today, **links, **found}


def _day(tasks, state, firm):
    rows, total = queries.day_tasks(tasks, state.day, state.page)
    pages = max(1, -(-total // queries.DAY_PAGE))
    return {
        "title": dates.day_title(state.day),
        "day_tasks": decorate(rows, firm),
        "day_total": total,
        "holiday": public_holidays.between(firm, state.day, state.day).get(state.day),
        "page": state.page,
        "pages": pages,
    }


def _month(tasks, state, firm, today):
    weeks = dates.month_grid(state.day)
    first, last = weeks[0][0], weeks[-1][-1]
    shown, counts = queries.month_tasks(tasks, first, last)
    holidays = public_holidays.between(firm, first, last)
    decorate([t for day_tasks in shown.values() for t in day_tasks], firm)
    grid = [
        [
            Cell(
                day=day,
                in_month=day.month == state.day.month,
                is_today=day == today,
                holiday=holidays.get(day),
                tasks=shown.get(day, []),
                count=counts.get(day, 0),
            )
            for day in week
        ]
        for week in weeks
    ]
    return {"title": dates.month_title(state.day), "weeks": grid, "weekdays": dates.weekdays()}
