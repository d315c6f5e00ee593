import time

from django.core.management.base import BaseCommand

from bench.generate import SIZES, build


class Command(BaseCommand):
    help = 'Build the benchmark dataset ("M" is DESIGN.md\'s: 100,000 accounts, 250,000 contacts).'

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="M")

    def handle(self, *, size, **options):
        started = time.monotonic()
        self.stdout.write(f"Building dataset {size}…")
        build(SIZES[size], log=self.stdout.write)
        self.stdout.write(f"Dataset {size} built in {time.monotonic() - started:.0f} s")
