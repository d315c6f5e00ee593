"""The arithmetic of an invoice or estimate (B-1), in Decimal, rounded half-up to the cent.

The rules are EN 16931's (the European e-invoicing standard, BR-CO-10 … BR-CO-17 and BR-S-08):
each line's net amount is rounded to the cent first (quantity × unit price, less the line's
discount); the tax of each rate is computed once on the sum of that rate's rounded line nets
(never as a sum of per-line taxes), and rounded; the invoice's total is the sum of the nets plus
the sum of the taxes. Spain's IRPF withholding (*retención*) is a percentage of the net total,
rounded, and subtracted from what the client pays."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")

# The rates a firm starts with (percent), by the country of the firm: Spain's IVA (general,
# reduced, super-reduced, exempt) and France's TVA (normal, intermediate, reduced, special).
DEFAULT_RATES = {
    "ES": ["21", "10", "4", "0"],
    "FR": ["20", "10", "5.5", "2.1", "0"],
}
LANGUAGE_COUNTRY = {"es": "ES", "fr": "FR"}


def cents(value) -> Decimal:
    """`value` rounded half-up to the cent (0.005 → 0.01, −0.005 → −0.01)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity, unit_price, discount_percent=0) -> Decimal:
    """A line's net amount: quantity × unit price less `discount_percent` % of it, rounded to
    the cent (EN 16931 BR-24/BR-CO-10: line amounts are rounded before they are summed)."""
    gross = Decimal(quantity) * Decimal(unit_price)
    return cents(gross - gross * Decimal(discount_percent) / HUNDRED)


@dataclass(frozen=True)
class RateTotal:
    """One row of the tax breakdown: the rate (percent), the sum of its lines' nets, its tax."""

    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    """What an invoice adds up to, each in the invoice's currency, rounded to the cent:
    `net` (sum of line nets), `by_rate` (RateTotal per rate, highest rate first), `tax` (sum of
    the rates' taxes), `withholding` (≤ 0 for a positive net: the amount withheld, negative),
    `total` (net + tax + withholding: what the client pays)."""

    net: Decimal = ZERO
    by_rate: list[RateTotal] = field(default_factory=list)
    tax: Decimal = ZERO
    withholding: Decimal = ZERO
    total: Decimal = ZERO


def totals(lines, withholding_percent=0) -> Totals:
    """The totals of `lines`, an iterable of (net, tax_rate) with nets already rounded by
    line_net, less an IRPF withholding of `withholding_percent` % (e.g. 15) of the net total."""
    bases: dict[Decimal, Decimal] = {}
    for net, rate in lines:
        rate = Decimal(rate).normalize()
        bases[rate] = bases.get(rate, ZERO) + Decimal(net)
    by_rate = [
        RateTotal(rate=rate, base=cents(base), tax=cents(base * rate / HUNDRED))
        for rate, base in sorted(bases.items(), reverse=True)
    ]
    net = cents(sum((r.base for r in by_rate), ZERO))
    tax = cents(sum((r.tax for r in by_rate), ZERO))
    withholding = -cents(net * Decimal(withholding_percent) / HUNDRED)
    return Totals(
        net=net, by_rate=by_rate, tax=tax, withholding=withholding, total=net + tax + withholding
    )


def default_rates(country: str, language: str = "es") -> list[str]:
    """The tax rates a firm of `country` (ISO code; empty: from its language) starts with."""
    country = (country or LANGUAGE_COUNTRY.get(language, "ES")).upper()
    return list(DEFAULT_RATES.get(country, DEFAULT_RATES["ES"]))
