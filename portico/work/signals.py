"""A firm whose time zone changes keeps its tasks' calendar days true (Task.day is a local date)."""

from portico.firms.models import Firm
from portico.work import actions


def note_time_zone(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = Firm.objects.filter(pk=instance.pk).values_list("time_zone", flat=True).first()
    instance._work_zone_changed = before is not None and before != instance.time_zone


def follow_time_zone(sender, instance, created=False, raw=False, **kwargs):
    if getattr(instance, "_work_zone_changed", False):
        instance._work_zone_changed = False
        actions.follow_time_zone(instance)
