from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    """Every .po of the project (LOCALE_PATHS) and of Portico's apps (portico/<app>/locale)."""
    dirs = [Path(d) for d in settings.LOCALE_PATHS]
    dirs += [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if app.name.startswith("portico.")
    ]
    return sorted(p for d in dirs for p in d.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = (
        "Compile the project's and each app's locale/*/LC_MESSAGES/*.po into .mo files in pure "
        "Python (no gettext needed)."
    )

    def handle(self, **options):
        for po_path in catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
