import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from portico.core.management.commands.compiletranslations import catalogues

CATALOGUES = catalogues()
ROOT = Path(__file__).resolve().parent.parent


def test_spanish_and_french_catalogues_exist():
    assert {p.parts[-3] for p in CATALOGUES} == {"es", "fr"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:-2]))
def test_every_string_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == []


def test_catalogues_cover_every_app_with_its_own_locale_folder():
    apps_with_locale = {p.parent.name for p in ROOT.glob("portico/*/locale")}
    covered = {p.parts[-5] for p in CATALOGUES if p.parts[-6] == "portico"}
    assert apps_with_locale and covered == apps_with_locale


def test_every_string_in_the_code_is_in_its_catalogue(tmp_path):
    """`make messages` on a copy of the sources adds nothing: a string written in code or a
    template but never extracted fails here, as an untranslated one does above."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "static", "media")
    for name in ("portico", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "manage.py", copy)
    command = [sys.executable, "manage.py", "makemessages", "-l", "es", "-l", "fr"]
    command += ["--no-location", "--no-obsolete"]
    # The product's settings: the suite's own (tests/settings.py) are not in the copy.
    environment = {
        **os.environ,
        "PORTICO_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "portico.settings",
    }
    subprocess.run(command, cwd=copy, env=environment, check=True, capture_output=True)
    new = {}
    for path in sorted(copy.glob("**/locale/*/LC_MESSAGES/django.po")):
        catalogue = polib.pofile(str(path))
        missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
        if missing:
            new[str(path.relative_to(copy))] = missing
    assert new == {}


@pytest.mark.parametrize("language", ["es", "fr"])
def test_no_apps_translation_is_hidden_by_another_catalogue(language):
    """Django merges the catalogues: the project's locale/ (LOCALE_PATHS) wins, then the apps in
    INSTALLED_APPS order. An app's msgid another catalogue also holds shows that one's words, as
    "Number" once showed the custom-field type "Nombre" (a count) over invoices' "Numéro", and
    the tasks' "Email digest" the seed's checkbox "Correo electrónico". Such words get a
    msgctxt. Compared with what Django's merged catalogue really holds."""
    from django.utils.translation import trans_real

    shown = trans_real.translation(language)._catalog
    hidden = {}
    for path in sorted(ROOT.glob(f"portico/*/locale/{language}/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if shown.get(key, entry.msgstr) != entry.msgstr:
                hidden[(path.parts[-5], entry.msgid)] = (entry.msgstr, shown[key])
    assert hidden == {}
