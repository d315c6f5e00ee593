import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Start the web server, the task worker and the scheduler together; Ctrl-C stops all three."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *, bind, workers, **options):
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
            "worker": [python, "manage.py", "db_worker", "--queue-name", "*"],
            "scheduler": [python, "manage.py", "scheduler"],
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
