"""Text that can be read on a colour people chose (a tag's), by WCAG 2.2's contrast ratio
(success criterion 1.4.3: at least 4.5:1 for text): on each colour, the text is white or black,
whichever contrasts more."""

from functools import lru_cache


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG's relative luminance (0 black … 1 white) of "#rrggbb"; ValueError otherwise."""
    text = hex_colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(hex_colour)
    r, g, b = (_channel(int(text[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    """WCAG's contrast ratio of two luminances, 1 … 21."""
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(maxsize=1024)  # a firm's few tag colours, asked for each tag of each row (4 µs each)
def dark_text_on(hex_colour: str) -> bool:
    """Whether black text reads better than white on `hex_colour` (a colour that can't be read
    as one: False, the badge's white text)."""
    try:
        background = luminance(hex_colour)
    except ValueError:
        return False
    return contrast(background, 0.0) > contrast(background, 1.0)
