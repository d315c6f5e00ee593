from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection

from portico.core.jobs import refresh_statistics
from portico.core.models import ScheduledRun
from portico.core.schedule import DailyAt, Every, Job, run_due
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def at(text):
    return datetime.fromisoformat(text).astimezone(UTC)


def recorder():
    calls = []
    return calls, calls.append


def test_a_daily_job_runs_once_per_local_day_from_its_hour():
    calls, run = recorder()
    jobs = [Job("daily", DailyAt(hour=10, zone="Europe/Paris"), run)]
    assert run_due(jobs, at("2026-03-30T09:59:00+02:00")) == []
    assert run_due(jobs, at("2026-03-30T10:00:00+02:00")) == ["daily"]
    assert run_due(jobs, at("2026-03-30T18:00:00+02:00")) == []
    assert run_due(jobs, at("2026-03-31T10:01:00+02:00")) == ["daily"]
    assert len(calls) == 2


def test_daily_hour_is_local_across_daylight_saving():
    cadence = DailyAt(hour=10, zone="Europe/Paris")
    # 29 March 2026: clocks go forward; 10:00 local is 08:00 UTC, the day before it was 09:00 UTC.
    assert cadence.period(at("2026-03-29T07:59:00+00:00")) is None
    assert cadence.period(at("2026-03-29T08:00:00+00:00")) == "2026-03-29"
    assert cadence.period(at("2026-03-28T08:30:00+00:00")) is None


def test_an_every_job_runs_once_per_slot():
    calls, run = recorder()
    jobs = [Job("often", Every(minutes=5), run)]
    assert run_due(jobs, at("2026-01-05T10:00:00+00:00")) == ["often"]
    assert run_due(jobs, at("2026-01-05T10:04:59+00:00")) == []
    assert run_due(jobs, at("2026-01-05T10:05:00+00:00")) == ["often"]


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_command_runs_due_jobs_once():
    call_command("scheduler", "--once")
    first = ScheduledRun.objects.count()
    call_command("scheduler", "--once")
    assert first >= 1
    assert ScheduledRun.objects.count() == first


def test_refresh_statistics_gives_sqlite_its_planner_statistics():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    AccountFactory()
    refresh_statistics(datetime(2026, 11, 23, 4, tzinfo=UTC))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'clients_clientaccount'")
        assert cursor.fetchone()[0] > 0
