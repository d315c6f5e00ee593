"""Tasks and the calendar (T-1 … T-5).

A task belongs to a firm, usually to one of its client accounts (none: an internal task), and is
assigned to a member. A repeating task is a TaskSeries whose occurrences are Task rows, written
when the series is created: a series ends (on a date or after N times, at most
recurrence.MAX_OCCURRENCES), so each occurrence can be changed, completed or moved on its own like
any task, and the calendar and the feed read rows only."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portico.clients.models import ClientAccount
from portico.firms.models import Firm, Member

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Choose a colour such as #1a73e8."), code="colour"
)


class Kind(models.TextChoices):
    TASK = "task", _("Task")
    PHONE_CALL = "phone_call", _("Phone call")
    MEETING = "meeting", _("Meeting")


KIND_ICONS = {Kind.TASK: "check2-square", Kind.PHONE_CALL: "telephone", Kind.MEETING: "people"}


class Status(models.IntegerChoices):
    """The values are the order lists show them in (T-2)."""

    IN_PROGRESS = 1, _("In progress")
    OPEN = 2, _("Open")
    NOT_ATTENDED = 3, _("Not attended")
    COMPLETED = 4, _("Completed")


STATUS_BADGES = {
    Status.IN_PROGRESS: "text-bg-primary",
    Status.OPEN: "text-bg-info",
    Status.NOT_ATTENDED: "text-bg-warning",
    Status.COMPLETED: "text-bg-success",
}


class Frequency(models.TextChoices):
    DAILY = "daily", pgettext_lazy("task recurrence", "Daily")
    WEEKLY = "weekly", pgettext_lazy("task recurrence", "Weekly")
    MONTHLY = "monthly", pgettext_lazy("task recurrence", "Monthly")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly on the same weekday")


class Verb(models.TextChoices):
    """History verbs of tasks (registered as core.registry.HistoryVerb)."""

    TASK_CREATED = "task.created", _("created a task")
    TASK_UPDATED = "task.updated", _("changed a task")
    TASK_COMPLETED = "task.completed", _("completed a task")
    TASK_NOT_ATTENDED = "task.not_attended", _("marked a task as not attended")
    TASK_STATUS = "task.status", _("changed a task's status")
    TASK_COPIED = "task.copied", _("copied a task")
    TASK_MOVED = "task.moved", _("moved a task to another day")
    FEED_RESET = "calendar.feed_reset", _("made a new calendar feed link")
    DIGEST_CHANGED = "calendar.digest", _("changed the tasks in their email digest")


class TaskSeries(models.Model):
    """How a repeating task repeats: every `interval` days, weeks or months (or months on the same
    weekday, e.g. the second Tuesday), until a date or for `count` times."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("repeats"), max_length=16, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(
        _("every"), default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("times"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("task", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("repeating task")
        verbose_name_plural = _("repeating tasks")

    def __str__(self):
        return f"{self.frequency}/{self.interval}"


class Task(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        ClientAccount,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("client"),
    )
    series = models.ForeignKey(
        TaskSeries, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    occurrence = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 … n in its series
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.TASK)
    colour = models.CharField(
        _("colour"), max_length=7, default="#0d6efd", validators=[colour_validator]
    )
    title = models.CharField(_("title"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(_("all day"), default=False)
    # The local date it starts on, in the firm's time zone: what the calendar's indexes group by.
    day = models.DateField(editable=False)
    assignee = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    status = models.PositiveSmallIntegerField(
        _("status"), choices=Status.choices, default=Status.OPEN
    )
    # iCalendar (T-5): UID stays, SEQUENCE counts the changes, `vevent` is the task's VEVENT as
    # icalendar wrote it at the last change (a feed of thousands is then read, not rendered).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    vevent = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("task", "created"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("task", "updated"), default=timezone.now)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # The calendar's day lists and month cells, in their order, for the firm, one member
            # or one client: each day's first tasks are read from the index alone.
            models.Index(fields=["firm", "day", "status", "starts_at"], name="task_firm_day"),
            models.Index(
                fields=["assignee", "day", "status", "starts_at"], name="task_assignee_day"
            ),
            models.Index(fields=["account", "day", "status", "starts_at"], name="task_account_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="task_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def icon(self) -> str:
        return KIND_ICONS[self.kind]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def duration(self):
        return self.ends_at - self.starts_at


class MemberCalendar(models.Model):
    """A member's calendar settings: the private feed's token (T-5; a new one revokes the old
    URL) and whether their email digest tells their tasks due today and overdue (N-2)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="calendar")
    feed_token = models.CharField(max_length=64, unique=True)
    digest_due_tasks = models.BooleanField(
        _("tasks due today and overdue in my email digest"), default=False
    )

    class Meta:
        verbose_name = _("member calendar")
        verbose_name_plural = _("member calendars")

    def __str__(self):
        return str(self.member)
