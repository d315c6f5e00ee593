"""Tax identifiers (F-6, C-11, X-3) as firms in Spain and France write them, checked by their
check digits with python-stdnum.

A tax id is told by its shape: an EU VAT number starts with its country's two letters ("ES",
"FR", "DE" …); fourteen digits are a SIRET and nine a SIREN (France); anything else is read as a
Spanish NIF, which covers the DNI, the NIE and the CIF. What people type may carry spaces, dots
and dashes; what is stored is stdnum's compact form (upper case, "B12345674"), so
"b-12.345.674" and "B12345674" match."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.es import nif
from stdnum.eu import vat
from stdnum.fr import siren, siret

INVALID = _(
    "This is not a valid tax id. Type a NIF, NIE or CIF, a SIREN or SIRET, or an EU VAT number "
    "with its country code (ESB12345674)."
)
EU_PREFIXES = {code.upper() for code in vat.MEMBER_STATES} | {"EL", "XI"}


def scheme_of(compact: str):
    """The stdnum module that checks a compact tax id of this shape."""
    if compact[:2] in EU_PREFIXES:
        return vat
    if compact.isdigit() and len(compact) == 14:
        return siret
    if compact.isdigit() and len(compact) == 9:
        return siren
    return nif


def clean_tax_id(value: str) -> str:
    """The compact, checked form of `value` ("" for an empty one). Raises
    ValidationError(INVALID, code="invalid_tax_id") when its scheme refuses it."""
    compact = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if not compact:
        return ""
    try:
        return scheme_of(compact).validate(compact)
    except stdnum_errors.ValidationError:
        raise ValidationError(INVALID, code="invalid_tax_id") from None
