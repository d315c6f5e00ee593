import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents, so that "jose" matches "José" and "ÇA" matches "ca"."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
