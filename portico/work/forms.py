"""Forms of tasks and the calendar. They read and shape what was typed; the rules a task keeps
(the end not before the start, a client the member may see, an assignee who may see it, a
repetition that ends) are checked by actions.py, whose refusals the views show on these forms."""

from datetime import date, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portico.core import ids
from portico.core.forms import DateField
from portico.work import dates
from portico.work.models import Frequency, Kind, Status, colour_validator
from portico.work.recurrence import Repeat

# Where an action's refusal (ValidationError code) is shown on the task form.
ERROR_FIELDS = {
    "ends": "end_time",
    "account": "account",
    "assignee": "assignee",
    "repeat": "repeat",
    "colour": "colour",
}
ONE_HOUR = timedelta(hours=1)
# The years the calendar holds: its arrows and a task's dates never step past what `date` holds.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def day_field(label, **options):
    return DateField(label=label, min_value=FIRST_DAY, max_value=LAST_DAY, **options)


class TaskForm(forms.Form):
    """Create or edit a task. `accounts` are the clients offered, (pk, name) pairs."""

    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, initial=Kind.TASK)
    title = forms.CharField(label=_("Title"), max_length=200)
    colour = forms.CharField(
        label=_("Colour"),
        initial="#0d6efd",
        max_length=7,
        validators=[colour_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    account = ids.ModelChoiceField(
        label=_("Client"),
        queryset=None,
        required=False,
        empty_label=_("No client (internal task)"),
        error_messages={"invalid_choice": _("Choose one of your clients, or none.")},
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    date = day_field(_("Date"))
    all_day = forms.BooleanField(label=_("All day"), required=False)
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_date = day_field(_("End date"), required=False, help_text=_("Empty: the same day."))
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    assignee = ids.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        empty_label=None,
        error_messages={
            "invalid_choice": _("Choose a member of your firm who may see this client.")
        },
    )
    status = forms.TypedChoiceField(label=_("Status"), choices=Status.choices, coerce=int)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))
    repeat = forms.ChoiceField(
        label=_("How often"),
        required=False,
        choices=[("", _("Does not repeat")), *Frequency.choices],
    )
    interval = forms.IntegerField(label=_("Every"), min_value=1, max_value=99, initial=1)
    ends = forms.ChoiceField(
        label=_("Ends"),
        required=False,
        initial="count",
        choices=[("count", _("After a number of times")), ("until", _("On a date"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    count = forms.IntegerField(label=_("Times"), min_value=1, required=False, initial=10)
    until = day_field(_("Until"), required=False)

    REPEAT_FIELDS = ("repeat", "interval", "ends", "count", "until")

    def __init__(self, *args, firm, members, account_scope=None, accounts=(), **kwargs):
        """A new task's form when `account_scope` (the accounts that may be chosen) is given,
        else an existing task's (its client stays; no repetition; a status)."""
        super().__init__(*args, **kwargs)
        self.firm = firm
        self.fields["assignee"].queryset = members
        if account_scope is None:
            for name in ("account", *self.REPEAT_FIELDS):
                del self.fields[name]
            return
        del self.fields["status"]
        self.fields["interval"].required = False
        account = self.fields["account"]
        account.queryset = account_scope
        # Offered: the client given and a search's matches, never the firm's every client.
        account.widget.choices = [("", account.empty_label), *accounts]

    @classmethod
    def initial_for(cls, firm, day, account=None, assignee=None):
        """A new task's initial values: at the next full hour (today) or 09:00, for an hour."""
        now = dates.local(timezone.now(), firm)
        start = (now + ONE_HOUR).time().replace(minute=0, second=0, microsecond=0)
        if day != now.date() or start < now.time():
            start = time(9)
        end = (dates.at(day, start, firm) + ONE_HOUR).time()
        return {
            "date": day,
            "start_time": start,
            "end_time": end,
            "account": account.pk if account else None,
            "address": ", ".join(account.address_lines) if account else "",
            "assignee": assignee.pk if assignee else None,
        }

    @classmethod
    def initial_of(cls, task):
        """An existing task's values, in the firm's time zone."""
        start, end = dates.local(task.starts_at, task.firm), dates.local(task.ends_at, task.firm)
        if task.all_day:
            end -= timedelta(days=1)
        return {
            "kind": task.kind,
            "title": task.title,
            "colour": task.colour,
            "account": task.account_id,
            "address": task.address,
            "date": start.date(),
            "all_day": task.all_day,
            "start_time": None if task.all_day else start.time(),
            "end_date": end.date() if end.date() != start.date() else None,
            "end_time": None if task.all_day else end.time(),
            "assignee": task.assignee_id,
            "status": task.status,
            "notes": task.notes,
        }

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if day is None:
            return data
        end_day = data.get("end_date") or day
        if data.get("all_day"):
            data["starts_at"] = dates.at(day, time(0), self.firm)
            data["ends_at"] = dates.at(end_day + timedelta(days=1), time(0), self.firm)
        else:
            for name in ("start_time", "end_time"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Enter a time, or tick All day."))
            if self.errors:
                return data
            data["starts_at"] = dates.at(day, data["start_time"], self.firm)
            data["ends_at"] = dates.at(end_day, data["end_time"], self.firm)
        if data.get("repeat"):
            data["repeat_rule"] = Repeat(
                frequency=data["repeat"],
                interval=data.get("interval") or 1,
                count=data.get("count") if data.get("ends") == "count" else None,
                until=data.get("until") if data.get("ends") == "until" else None,
            )
        return data

    def task_fields(self) -> dict:
        """The cleaned values as create_task/update_task take them."""
        data = self.cleaned_data
        fields = {
            f: data[f]
            for f in ("kind", "colour", "title", "address", "notes", "all_day", "assignee")
        }
        fields |= {"starts_at": data["starts_at"], "ends_at": data["ends_at"]}
        if "status" in data:
            fields["status"] = data["status"]
        return fields


class DayForm(forms.Form):
    """The day a task is copied or moved to."""

    date = day_field(_("Date"))


class DigestForm(forms.Form):
    digest_due_tasks = forms.BooleanField(
        label=_("Tell me my tasks due today and overdue in my email digest"), required=False
    )


def parse_day(text, default: date) -> date:
    """A date from a URL (ISO), or `default` when missing, not a date, or outside the years the
    calendar moves through (1900–2199: arrows never step past what `date` holds)."""
    try:
        day = date.fromisoformat(text)
    except (TypeError, ValueError):
        return default
    return day if FIRST_DAY <= day <= LAST_DAY else default
