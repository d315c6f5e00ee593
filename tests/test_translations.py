from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_spanish_and_french_catalogues_exist():
    assert {p.parts[-3] for p in CATALOGUES} == {"es", "fr"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_string_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == []
