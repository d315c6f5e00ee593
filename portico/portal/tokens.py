"""Signed tokens for invitation links and links without sign-in. A token names its row and that
row's nonce: a new nonce, or a row that is no longer live, kills every older link."""

from django.core import signing

INVITATION = "portico.portal.invitation"
MAGIC_LINK = "portico.portal.magic-link"


def make(row, salt: str) -> str:
    return signing.dumps({"i": row.pk, "n": row.nonce}, salt=salt, compress=False)


def read(token: str, salt: str) -> tuple[int, str] | None:
    """(row id, nonce) of a token we signed, or None for anything else."""
    try:
        data = signing.loads(token, salt=salt)
        return int(data["i"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
