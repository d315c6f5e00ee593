import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from portico.core.registry import registry
from portico.core.schedule import Job, run_due


class Command(BaseCommand):
    help = "Run the periodic jobs the apps registered when they are due (one process is enough)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *, interval, once, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while self.running:
            close_old_connections()
            for name in run_due(registry.all(Job), timezone.now()):
                self.stdout.write(f"ran {name}")
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(0.5)

    def stop(self, signum, frame):
        self.running = False
