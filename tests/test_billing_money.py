"""The arithmetic of invoices (EN 16931 rounding), by hand and as properties (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from portico.billing import money
from portico.billing.money import cents, line_net, totals

D = Decimal


def test_a_line_is_rounded_half_up_to_the_cent_before_it_is_summed():
    assert line_net(D("3"), D("0.333")) == D("1.00")  # 0.999
    assert line_net(D("1"), D("0.125")) == D("0.13")  # half-up, not to even
    assert line_net(D("2"), D("100"), D("12.5")) == D("175.00")
    assert line_net(D("-1"), D("0.125")) == D("-0.13")  # a credit note's line


def test_tax_is_computed_per_rate_on_the_sum_of_the_nets_not_per_line():
    # three lines of 0.02 at 21 %: per line 0.0042 → 0.00 each; per rate 0.06 × 21 % → 0.01
    found = totals([(D("0.02"), D("21"))] * 3)
    assert found.tax == D("0.01")
    assert found.total == D("0.07")


def test_a_spanish_invoice_with_two_rates_and_irpf_withholding():
    lines = [
        (line_net(10, D("100")), D("21")),  # 1,000.00
        (line_net(2, D("50"), D("10")), D("10")),  # 90.00
        (line_net(1, D("19.99")), D("0")),  # 19.99
    ]
    found = totals(lines, withholding_percent=D("15"))
    assert [(r.rate, r.base, r.tax) for r in found.by_rate] == [
        (D("21"), D("1000.00"), D("210.00")),
        (D("10"), D("90.00"), D("9.00")),
        (D("0"), D("19.99"), D("0.00")),
    ]
    assert found.net == D("1109.99")
    assert found.tax == D("219.00")
    assert found.withholding == D("-166.50")  # 15 % of 1,109.99 = 166.4985
    assert found.total == D("1162.49")


def test_a_french_rate_of_5_5_percent():
    found = totals([(D("33.33"), D("5.5"))])
    assert found.tax == D("1.83")  # 1.83315
    assert found.total == D("35.16")


def test_default_rates_by_country_then_language():
    assert money.default_rates("ES") == ["21", "10", "4", "0"]
    assert money.default_rates("FR") == ["20", "10", "5.5", "2.1", "0"]
    assert money.default_rates("", "fr") == ["20", "10", "5.5", "2.1", "0"]


RATES = [D("21"), D("10"), D("4"), D("0"), D("5.5"), D("2.1")]
quantities = st.decimals(min_value=-1000, max_value=1000, places=3)
prices = st.decimals(min_value=0, max_value=10000, places=4)
discounts = st.decimals(min_value=0, max_value=100, places=2)
lines_ = st.lists(
    st.tuples(quantities, prices, discounts, st.sampled_from(RATES)), min_size=1, max_size=20
)


@settings(max_examples=300, deadline=None)
@given(lines_, st.decimals(min_value=0, max_value=50, places=2))
def test_totals_equal_the_sum_of_the_lines_per_rate(lines, withholding):
    nets = [(line_net(q, p, d), r) for q, p, d, r in lines]
    found = totals(nets, withholding)
    for row in found.by_rate:
        base = sum((n for n, r in nets if r.normalize() == row.rate), D("0"))
        assert row.base == base
        assert row.tax == cents(base * row.rate / 100)
    assert {row.rate for row in found.by_rate} == {r.normalize() for _, r in nets}
    assert found.net == sum((n for n, _ in nets), D("0"))
    assert found.tax == sum((row.tax for row in found.by_rate), D("0"))
    assert found.withholding == -cents(found.net * withholding / 100)
    assert found.total == found.net + found.tax + found.withholding
    assert all(v == v.quantize(D("0.01")) for v in (found.net, found.tax, found.total))
