"""Tax identifiers (F-6, C-11, X-3) checked by their check digits with python-stdnum.

Accepted: a Spanish NIF, NIE or CIF; a French SIREN or SIRET; an EU VAT number (its country
prefix first, "ESB12345674", "FR40303265045"). What people type may carry spaces, dots and dashes;
what is stored is the compact form stdnum gives ("B12345674")."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.es import cif, nie, nif
from stdnum.eu import vat
from stdnum.fr import siren, siret

INVALID = _(
    "This is not a valid tax id. Type a NIF, NIE or CIF, a SIREN or SIRET, or an EU VAT number "
    "with its country code (ESB12345674)."
)

# Tried in this order: the first module that accepts the number gives its compact form. A number
# that starts with two letters is first read as a VAT number, so "ESB12345674" keeps its "ES".
_CHECKS = (nif, nie, cif, siren, siret, vat)


def clean_tax_id(value: str) -> str:
    """The compact form of `value` ("" stays ""), or ValidationError(INVALID) when no scheme
    accepts it. A VAT number keeps its country prefix, upper-cased."""
    text = (value or "").strip()
    if not text:
        return ""
    schemes = (vat, *_CHECKS) if text[:2].isalpha() else _CHECKS
    for scheme in schemes:
        try:
            return scheme.validate(text)
        except stdnum_errors.ValidationError:
            continue
    raise ValidationError(INVALID, code="invalid_tax_id")
