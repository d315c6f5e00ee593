import unicodedata

# Signs and letters typed in more than one way, made what a plain keyboard types: every
# apostrophe ', quote " and dash -, and the letters Unicode does not split into a base letter
# and an accent (ø is not o + a mark), which NFKD below therefore leaves alone; ligatures that
# NFKD does not split (æ, œ). Those it splits (ﬁ, ĳ) and those casefold splits (ß) need no entry,
# nor capitals (casefold comes first).
VARIANTS = str.maketrans(
    {
        **dict.fromkeys("’‘‚‛ʼʻʽʹˈ´`′‵ꞌ＇", "'"),
        **dict.fromkeys("“”„‟«»‹›″‶〝〞＂", '"'),
        **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),  # invisible
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ŀ": "l",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
        "ƒ": "f",
        "ɨ": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ſ": "s",
    }
)


def fold(text: str) -> str:
    """What search compares (C-4): lower-case, without accents, every variant of a letter or
    sign as a plain keyboard types it: "José" → "jose", "D’Arcy" → "d'arcy", "Øster–Æbelø" →
    "oster-aebelo", "Straße" → "strasse". Stored folded text and typed searches go through the
    same function, in Python, so SQLite and PostgreSQL compare the same strings."""
    # Signs first: NFKD would split some of them ("´" into a space and an accent).
    lowered = text.casefold().translate(VARIANTS)
    decomposed = unicodedata.normalize("NFKD", lowered).casefold().translate(VARIANTS)
    decomposed = unicodedata.normalize("NFKD", decomposed)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
