"""Client tax ids as firms in Spain and France write them, checked with python-stdnum.

A tax id is told by its shape: an EU VAT number starts with its country's two letters ("ES",
"FR", "DE" …); fourteen digits are a SIRET and nine a SIREN (France); anything else is read as a
Spanish NIF, which covers the DNI, the NIE and the CIF. The stored form is python-stdnum's
compact one (no spaces, dots or dashes, upper case), so "b-12.345.678" and "B12345678" match.
"""

from stdnum.es import nif
from stdnum.eu import vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siren, siret

EU_PREFIXES = {code.upper() for code in vat.MEMBER_STATES} | {"EL", "XI"}


class InvalidTaxId(ValueError):
    """The text is not a valid NIF/NIE/CIF, SIREN, SIRET or EU VAT number."""


def normalise(text: str) -> str:
    """The compact, checked form of `text` ("" for an empty one). Raises InvalidTaxId."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if not compact:
        return ""
    try:
        if compact[:2] in EU_PREFIXES:
            return vat.validate(compact)
        if compact.isdigit() and len(compact) == 14:
            return siret.validate(compact)
        if compact.isdigit() and len(compact) == 9:
            return siren.validate(compact)
        return nif.validate(compact)
    except ValidationError as error:
        raise InvalidTaxId(text) from error
