"""Tag text by contrast (issue 17: white on #fd7e14 was 2.57:1, on #20c997 2.12:1)."""

import pytest

from portico.core import colours
from portico.core.colours import contrast, dark_text_on, luminance


@pytest.mark.parametrize(
    ("colour", "dark"),
    [
        ("#fd7e14", True),
        ("#20c997", True),
        ("#ffc107", True),
        ("#0d6efd", True),
        ("#0a3d91", False),
        ("#6f42c1", False),
        ("#000000", False),
        ("#ffffff", True),
        ("red", False),
    ],
)
def test_the_text_is_whichever_contrasts_more(colour, dark):
    assert dark_text_on(colour) is dark


def test_every_choice_reaches_aa_for_the_colours_of_the_demo_and_bootstrap():
    palette = ["#0d6efd", "#198754", "#6f42c1", "#fd7e14", "#dc3545", "#20c997", "#ffc107"]
    for colour in palette:
        background = luminance(colour)
        text = 0.0 if dark_text_on(colour) else 1.0
        assert contrast(background, text) >= 4.5, colour


def test_row_and_profile_use_it(personas, client_for):
    from tests.factories import TagFactory

    tag = TagFactory(firm=personas.firm, name="Prioritario", colour="#fd7e14")
    personas.account.tags.add(tag)
    client = client_for(personas.owner, "es")
    listing = client.get("/clients/", {"tab": "all"}).content.decode()
    profile = client.get(f"/clients/{personas.account.pk}/info/").content.decode()
    for page in (listing, profile):
        assert 'class="badge rounded-pill tag tag-dark-text" data-tag-colour="#fd7e14"' in page


def test_each_colour_is_worked_out_once(monkeypatch):
    """The Clients page asks for each tag of each row: a firm's few colours are computed once."""
    worked_out = []
    monkeypatch.setattr(colours, "luminance", lambda colour: worked_out.append(colour) or 0.5)
    dark_text_on.cache_clear()
    for _ in range(3):
        dark_text_on("#123456")
    dark_text_on.cache_clear()  # the other tests' colours, with the real luminance

    assert worked_out == ["#123456"]
