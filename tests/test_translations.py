import polib
import pytest

from portico.core.management.commands.compiletranslations import catalogues

CATALOGUES = catalogues()


def test_spanish_and_french_catalogues_exist():
    assert {p.parts[-3] for p in CATALOGUES} == {"es", "fr"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:-2]))
def test_every_string_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == []
