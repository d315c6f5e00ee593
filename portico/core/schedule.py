"""Periodic jobs: cadences, and running what is due exactly once (the jobs are registered by their
apps through core.registry; `manage.py scheduler` runs them)."""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from portico.core.models import ScheduledRun
from portico.core.retry import retry_locked

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Every:
    minutes: int

    def period(self, now: datetime) -> str | None:
        return str(int(now.timestamp()) // (self.minutes * 60))

    def next_run(self, after: datetime) -> datetime:
        """The start of the first period after `after`'s: when the scheduler (checking every
        30 s) next runs the job."""
        step = self.minutes * 60
        start = (int(after.timestamp()) // step + 1) * step
        return datetime.fromtimestamp(start, tz=UTC)


@dataclass(frozen=True)
class DailyAt:
    hour: int
    minute: int = 0
    zone: str = "Europe/Paris"

    def period(self, now: datetime) -> str | None:
        local = now.astimezone(ZoneInfo(self.zone))
        if (local.hour, local.minute) < (self.hour, self.minute):
            return None
        return local.date().isoformat()


@dataclass(frozen=True)
class Job:
    """A periodic job, registered by its app through core.registry (`registry.register(Job(…))`
    in `AppConfig.ready()`); the scheduler runs every registered job, in order."""

    name: str
    cadence: Every | DailyAt
    run: object  # a callable taking `now`
    order: int = 100

    @property
    def key(self) -> str:
        return self.name


def run_due(jobs, now: datetime) -> list[str]:
    """Run each job whose current period has not run yet; returns the names that ran. A job
    waits out a locked database (core/retry.py); one that fails all the same is logged and
    its period released, so the next check runs it again, and the jobs after it still run."""
    ran = []
    for job in jobs:
        period = job.cadence.period(now)
        if period is None or not claim(job.name, period):
            continue
        key = (job.name, period)
        logger.info("job=%s period=%s starting", *key)
        try:
            retry_locked(job.run)(now)
        except Exception:
            logger.exception("job=%s period=%s failed, to run again at the next check", *key)
            release(*key)
            continue
        ran.append(job.name)
    return ran


@retry_locked
def claim(job: str, period: str) -> bool:
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job, period=period)
    except IntegrityError:
        return False
    return True


@retry_locked
def release(job: str, period: str):
    ScheduledRun.objects.filter(job=job, period=period).delete()
