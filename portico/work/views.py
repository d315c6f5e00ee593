"""Tasks and the calendar (T-1 … T-5): the firm's Calendar page, a client's Tasks tab (both with
the Day and Month views), a task's details and its four actions, the task form (ACTION → Create
task), and the member's calendar settings with the private iCalendar feed.

Everything works without JavaScript: a task's details, a day's list and the copy form open in a
pop-up by htmx, or as their own page. Only dragging a task to another day needs JavaScript; Edit
is the keyboard's way."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.clients.listing import quick_open
from portico.clients.queries import visible_accounts
from portico.core.tenancy import get_for_member, member_required
from portico.work import actions, calendar_page, dates, feed, queries, recurrence
from portico.work.forms import ERROR_FIELDS, DayForm, DigestForm, TaskForm, parse_day
from portico.work.models import Status

MODAL = "calendar-modal-content"  # the pop-up htmx fills with a task or a day's list


# --- Calendars ------------------------------------------------------------------------------------


@member_required
def calendar(request):
    """The firm's Calendar: the member's tasks; owners and admins choose whose (or everyone's)."""
    member = request.member
    state = calendar_page.State.from_request(request, dates.today(member.firm))
    members = list(queries.firm_members(member)) if queries.sees_everyones_calendar(member) else []
    assignee = _assignee(member, state.assignee, members)
    tasks = queries.calendar_tasks(member, assignee)
    page = calendar_page.context(tasks, state, member.firm, reverse("work:calendar"))
    page |= {"section": "calendar", "members": members, "new_url": reverse("work:task_new")}
    return _calendar_response(request, "work/calendar.html", page)


@member_required
def account_tasks(request, pk):
    """A client's Tasks tab (P-8): every task of the account, whoever it is assigned to."""
    account = get_for_member(visible_accounts, request.member, pk=pk)
    state = calendar_page.State.from_request(request, dates.today(request.member.firm))
    base = reverse("work:account_tasks", args=[pk])
    page = calendar_page.context(queries.account_tasks(account), state, request.member.firm, base)
    page |= {
        "section": "clients",
        "account": account,
        "tab": "tasks",
        "new_url": reverse("work:account_task_new", args=[pk]),
    }
    return _calendar_response(request, "work/account_tasks.html", page)


def _assignee(member, wanted, members):
    """Whose calendar: None for everyone's, else a Member (the member's own unless they may
    see others' and chose someone)."""
    if not members:
        return member
    if wanted == "all":
        return None
    return next((m for m in members if str(m.pk) == wanted), member)


def _calendar_response(request, template, page):
    if request.htmx and request.htmx.target == MODAL:
        return render(request, "work/_calendar.html#day-modal", page)
    return render(request, template, page)


# --- A task ---------------------------------------------------------------------------------------


def _task(request, pk):
    return get_for_member(queries.task_details, request.member, pk=pk)


def _next(request, task=None, fallback=None):
    """Where to go back to: the `next` the page was opened with (a path of this site), else
    `fallback`, else the Calendar (on the day of `task`)."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None):
        return wanted
    if fallback:
        return fallback
    query = f"?{urlencode({'view': 'day', 'date': task.day.isoformat()})}" if task else ""
    return reverse("work:calendar") + query


@member_required
def task(request, pk):
    """A task's details with Complete, Copy, Edit and Mark as not attended."""
    task = _task(request, pk)
    firm = request.member.firm
    calendar_page.decorate([task], firm)
    context = {
        "task": task,
        "next": _next(request, task),
        "day_text": dates.day_title(task.local_start.date()),
        "repeats": _repeats(task),
        "section": "calendar",
        "Status": Status,
    }
    if request.htmx:
        return render(request, "work/task.html#task-details", context)
    return render(request, "work/task.html", context)


def _repeats(task):
    if task.series is None:
        return ""
    series = task.series
    until = dates.medium_date(series.until) if series.until else ""
    return recurrence.describe(series, until)


@member_required
@require_POST
def complete(request, pk):
    return _set_status(request, pk, Status.COMPLETED, _("“%(title)s” is completed."))


@member_required
@require_POST
def not_attended(request, pk):
    return _set_status(
        request, pk, Status.NOT_ATTENDED, _("“%(title)s” is marked as not attended.")
    )


def _set_status(request, pk, status, message):
    task = _task(request, pk)
    actions.set_status(member=request.member, task=task, status=status)
    messages.success(request, message % {"title": task.title})
    return redirect(_next(request, task))


@member_required
def copy(request, pk):
    """Copy: a new open task with the same fields, on the date chosen."""
    task = _task(request, pk)
    form = DayForm(request.POST or None, initial={"date": task.day})
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.copy_task(member=request.member, task=task, day=form.cleaned_data["date"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("“%(title)s” is copied to %(date)s.")
                % {"title": new.title, "date": dates.medium_date(new.day)},
            )
            return redirect(_next(request, new))
    context = {"task": task, "form": form, "next": _next(request, task), "section": "calendar"}
    status = 400 if form.errors else 200
    if request.htmx:
        return render(request, "work/copy.html#copy-form", context, status=status)
    return render(request, "work/copy.html", context, status=status)


@member_required
@require_POST
def move(request, pk):
    """Drag to another day (month view): the same local time on the day dropped on. Answers 204
    to the script, or goes back without it."""
    task = _task(request, pk)
    form = DayForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a valid date."), status=400, content_type="text/plain")
    task = actions.move_task(member=request.member, task=task, day=form.cleaned_data["date"])
    if request.htmx:
        return HttpResponse(status=204)
    return redirect(_next(request, task))


@member_required
def edit(request, pk):
    task = _task(request, pk)
    members = queries.assignable_members(request.member, task.account)
    form = TaskForm(
        request.POST or None,
        firm=request.member.firm,
        members=members,
        initial=TaskForm.initial_of(task),
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = actions.update_task(member=request.member, task=task, **form.task_fields())
        except ValidationError as refusal:
            form.add_error(ERROR_FIELDS.get(refusal.code), refusal)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": task.title})
            return redirect(_next(request, task))
    context = {
        "form": form,
        "task": task,
        "next": _next(request, task),
        "section": "calendar",
        "base_template": "base.html",
    }
    return render(request, "work/task_form.html", context, status=400 if form.errors else 200)


# --- New task -------------------------------------------------------------------------------------


@member_required
def account_task_new(request, pk):
    """ACTION → Create task (T-4): the form with the client's name and address filled in."""
    account = get_for_member(visible_accounts, request.member, pk=pk)
    return _new(request, account, [(account.pk, account.name)], tab=True)


@member_required
def task_new(request):
    """New task from the Calendar: an internal one, or for a client found by name."""
    member = request.member
    search = request.GET.get("q", "").strip()[:100]
    found = [(a.pk, a.name) for a in quick_open(member, search, limit=20)] if search else []
    chosen = request.GET.get("account", "")
    account = None
    if chosen.isdigit():
        account = visible_accounts(member).filter(pk=chosen).first()
    if account and (account.pk, account.name) not in found:
        found.insert(0, (account.pk, account.name))
    return _new(request, account, found, search=search)


def _new(request, account, found, tab=False, search=""):
    member = request.member
    day = parse_day(request.GET.get("date"), dates.today(member.firm))
    form = TaskForm(
        request.POST or None,
        firm=member.firm,
        members=queries.assignable_members(member, account),
        account_scope=visible_accounts(member),
        accounts=found,
        initial=TaskForm.initial_for(member.firm, day, account=account, assignee=member),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tasks = actions.create_task(
                member=member,
                account=data["account"],
                repeat=data.get("repeat_rule"),
                **form.task_fields(),
            )
        except ValidationError as refusal:
            form.add_error(ERROR_FIELDS.get(refusal.code), refusal)
        else:
            return _created(request, tasks, account if tab else None)
    context = {
        "form": form,
        "account": account,
        "tab": "tasks" if tab else None,
        "search": search,
        "found": found,
        "section": "clients" if tab else "calendar",
        "next": _next(request, fallback=reverse("work:account_tasks", args=[account.pk]))
        if tab
        else _next(request),
        "base_template": "clients/profile/base.html" if tab else "base.html",
    }
    return render(request, "work/task_form.html", context, status=400 if form.errors else 200)


def _created(request, tasks, account):
    """The new task in the day view of its date: on the client's Tasks tab when made there."""
    first = tasks[0]
    if len(tasks) == 1:
        message = _("“%(title)s” is created.") % {"title": first.title}
    else:
        message = _("“%(title)s” is created, %(count)s times.") % {
            "title": first.title,
            "count": len(tasks),
        }
    messages.success(request, message)
    query = "?" + urlencode({"view": "day", "date": first.day.isoformat()})
    if account is not None:
        return redirect(reverse("work:account_tasks", args=[account.pk]) + query)
    return redirect(reverse("work:calendar") + query)


# --- Calendar settings and the feed ---------------------------------------------------------------


@member_required
def calendar_settings(request):
    """The member's private feed link (T-5) and their digest's tasks section (N-2)."""
    prefs = queries.calendar_of(request.member)
    feed_url = None
    if prefs:
        # the site's public address, as emails' links: a calendar app fetches it from outside
        feed_url = settings.SITE_URL + reverse("work:feed", args=[prefs.feed_token])
    context = {
        "feed_url": feed_url,
        "digest_form": DigestForm(
            initial={"digest_due_tasks": bool(prefs and prefs.digest_due_tasks)}
        ),
        "section": "calendar",
    }
    return render(request, "work/settings.html", context)


@member_required
@require_POST
def reset_feed(request):
    had_one = queries.calendar_of(request.member) is not None
    actions.reset_feed(member=request.member)
    if had_one:
        messages.success(request, _("Your calendar link is new: the old one no longer works."))
    else:
        messages.success(request, _("Your calendar link is ready."))
    return redirect("work:settings")


@member_required
@require_POST
def digest(request):
    form = DigestForm(request.POST)
    form.is_valid()  # a checkbox: any input is valid
    wanted = form.cleaned_data["digest_due_tasks"]
    actions.set_digest_due_tasks(member=request.member, wanted=wanted)
    messages.success(request, _("Your email digest preference is saved."))
    return redirect("work:settings")


def feed_view(request, token):
    """The member's tasks as an iCalendar feed, for their calendar app: no sign-in, the long
    random token is the key. A revoked or guessed token answers 404."""
    member = queries.feed_owner(token)
    if member is None:
        raise Http404
    body = feed.calendar(f"Portico · {member}", member.firm.time_zone, queries.feed_events(member))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
