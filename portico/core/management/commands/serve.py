import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

# Two task workers: a bulk invitation's emails are rendered in one while the other hands them to
# the SMTP server (one alone takes ~7 ms an email, over 60 s for 10,000). On SQLite too, now that a
# bulk action enqueues its tasks in one transaction (core/batches.py): enqueued one by one, each
# waited for the write lock the busy workers kept taking, seconds in all.
TASK_WORKERS = 2


def task_worker():
    return [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]


class Command(BaseCommand):
    help = (
        "Start the web server, the task workers and the scheduler together; Ctrl-C stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--task-workers", type=int, default=TASK_WORKERS)

    def handle(self, *, bind, workers, task_workers, **options):
        python = sys.executable
        commands = {
            "web": [
                os.path.join(os.path.dirname(python), "gunicorn"),
                "portico.wsgi",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
            ],
            "scheduler": [python, "manage.py", "scheduler"],
            **{f"worker {n + 1}": task_worker() for n in range(task_workers)},
        }
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        self.stdout.write(self.style.SUCCESS(f"Portico is running on http://{bind}/"))
        stopping = []
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            while not stopping:
                if failed := [n for n, p in processes.items() if p.poll() is not None]:
                    self.stderr.write(f"{', '.join(failed)} stopped; stopping the others")
                    break
                time.sleep(0.5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes.values():
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write("Stopped.")
