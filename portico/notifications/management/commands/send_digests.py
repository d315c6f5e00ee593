from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portico.notifications.digests import send_due_digests


class Command(BaseCommand):
    help = (
        "Send the email digests that are due now and have not gone out yet (the scheduler does "
        "this every 5 minutes; running it again sends nothing twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--at", help="act as if it were this ISO date-time (with its offset)")

    def handle(self, *, at, **options):
        now = timezone.now()
        if at:
            try:
                now = datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(f"--at: not an ISO date-time: {at!r}") from None
            if timezone.is_naive(now):
                raise CommandError("--at needs a UTC offset, e.g. 2026-11-02T10:00:00+01:00")
        self.stdout.write(f"{send_due_digests(now)} digest email(s) written.")
