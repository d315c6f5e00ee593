"""Amounts read and shown in the user's locale (issue 14, fault 1): core.numbers' one parser and
one formatter, the DecimalField every amount, quantity and percentage input uses, and each
place a person types a decimal today (Add an expense, the wallet top-up, number custom fields)."""

import contextlib
from decimal import Decimal

import pytest
from babel.numbers import format_currency
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from portico.clients.models import ClientAccount
from portico.core import numbers
from portico.core.forms import DecimalField
from portico.expenses.models import Expense, TopUp
from tests.factories import CustomFieldFactory

LOCALES = ["es", "fr", "en"]
NNBSP, NBSP = "\u202f", "\u00a0"


# --- The parser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12,50", "12.50"),
        ("1.234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        (f"1{NBSP}234,56", "1234.56"),
        (f"1{NNBSP}234,56", "1234.56"),
        ("12.50", "12.50"),
        ("1,234.56", "1234.56"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1234", "1234"),
        ("-12,50", "-12.50"),
        ("\u221212,50", "-12.50"),  # the minus sign of typeset text
        ("12,50 €", "12.50"),
        ("€12.50", "12.50"),
        ("-€1,234.50", "-1234.50"),
        ("+ 12,50", "12.50"),
        (",5", "0.5"),
        ("１２,５", "12.5"),  # full-width digits, as some phone keyboards type them
    ],
)
def test_every_way_people_write_a_number_is_read(text, expected):
    assert numbers.parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1.234", "1,234", "12,505", "999.999"])
def test_a_thousands_group_or_three_decimals_is_ambiguous_and_refused(text):
    with pytest.raises(numbers.NumberError) as error:
        numbers.parse_decimal(text)
    assert error.value.code == "ambiguous"
    assert len(set(error.value.readings)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "doce",
        "12..5",
        "1,2,3",
        "12 50",
        "1e5",
        "NaN",
        "(12)",
        "1€2",
        "--1",
        "€-€1",
        "1" * 41,
    ],
)
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(numbers.NumberError) as error:
        numbers.parse_decimal(text)
    assert error.value.code == "invalid"


@given(st.decimals(min_value="-99999999.99", max_value="99999999.99", places=2))
def test_amounts_formatted_in_es_fr_en_read_back_as_the_same_decimal(value):
    for locale in LOCALES:
        assert numbers.parse_decimal(numbers.format_amount(value, locale=locale)) == value
        assert numbers.parse_decimal(numbers.format_input(value, locale=locale)) == value


@given(st.decimals(min_value="-999999999", max_value="999999999", places=6))
def test_numbers_shown_for_editing_read_back_whatever_their_decimals(value):
    value = value.normalize() if value else value
    for locale in LOCALES:
        assert numbers.parse_decimal(numbers.format_input(value, locale=locale)) == value


@given(st.text(max_size=30))
def test_any_text_gives_a_decimal_or_a_number_error(text):
    with contextlib.suppress(numbers.NumberError):
        assert isinstance(numbers.parse_decimal(text), Decimal)


# --- The formatter --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "locale, expected",
    [("es", f"-1.234,50{NBSP}€"), ("fr", f"-1{NNBSP}234,50{NBSP}€"), ("en", "-€1,234.50")],
)
def test_money_is_written_as_the_locale_writes_it(locale, expected):
    assert numbers.format_money(Decimal("-1234.5"), "EUR", locale=locale) == expected


@given(st.decimals(min_value="-99999999.99", max_value="99999999.99", places=2))
def test_money_as_pages_show_it_reads_back_as_the_same_decimal(value):
    """What Portico shows, pasted into an amount box, is read back as it was."""
    for locale in LOCALES:
        assert numbers.parse_decimal(numbers.format_money(value, "EUR", locale)) == value


@given(
    st.decimals(min_value="-9999999999", max_value="9999999999", places=4),
    st.sampled_from(["EUR", "USD", "GBP", "CHF", "JPY", "MXN"]),
    st.sampled_from(LOCALES),
)
def test_money_is_written_exactly_as_babels_format_currency_writes_it(value, currency, locale):
    assert numbers.format_money(value, currency, locale) == format_currency(
        value, currency, locale=locale
    )


def test_formatting_follows_the_active_language():
    with translation.override("es"):
        assert numbers.format_input(Decimal("12.50")) == "12,50"
        assert numbers.format_number(Decimal("1234.5")) == "1.234,5"
    with translation.override("en"):
        assert numbers.format_input(Decimal("12.50")) == "12.50"


# --- The form field -------------------------------------------------------------------------


def test_the_field_renders_a_text_box_with_a_decimal_keypad_and_the_locales_format():
    field = DecimalField(max_digits=12, decimal_places=2)
    with translation.override("fr"):
        html = field.widget.render("amount", Decimal("1234.50"))
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="1234,50"' in html


@pytest.mark.parametrize(
    "language, text, message",
    [
        ("es", "1.234", "“1.234” se puede leer de dos maneras"),
        ("fr", "1,234", f"«{NBSP}1,234{NBSP}» peut se lire de deux façons"),
        ("es", "doce", "“doce” no es un número. Escríbelo así: 1.234,56."),
        (
            "fr",
            "douze",
            f"«{NBSP}douze{NBSP}» n’est pas un nombre. Écrivez-le ainsi{NBSP}: 1{NNBSP}234,56.",
        ),
        ("en", "twelve", "“twelve” is not a number. Write it like 1,234.56."),
        ("es", "0", "Escribe 0,01 o más."),
    ],
)
def test_the_field_refuses_with_a_message_in_the_users_language(language, text, message):
    field = DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            field.clean(text)
        assert message in " ".join(error.value.messages)


# --- Every place a person types a decimal ----------------------------------------------------


@pytest.mark.django_db
def test_importe_12_50_in_spanish_saves_an_expense_of_12_50(personas, client_for):
    """The issue's example: "Añadir un gasto", Importe 12,50."""
    url = reverse("expenses:new", args=[personas.account.pk])
    client = client_for(personas.manager, "es")
    form = client.get(url).content.decode()
    assert 'name="amount"' in form and 'inputmode="decimal"' in form
    assert 'type="number"' not in form
    data = {"spent_on": "2026-11-02", "merchant": "Bar Pepe", "amount": "12,50", "currency": "EUR"}
    assert client.post(url, data).status_code == 302
    assert Expense.objects.get().amount == Decimal("12.50")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, typed",
    [("es", "1.234,56"), ("fr", f"1{NNBSP}234,56"), ("fr", "1 234,56"), ("en", "1,234.56")],
)
def test_a_top_up_is_read_in_the_users_locale(personas, client_for, language, typed):
    url = reverse("expenses:top_up", args=[personas.account.pk])
    response = client_for(personas.manager, language).post(
        url, {"amount": typed, "booked_on": "2026-11-01"}
    )
    assert response.status_code == 302
    assert TopUp.objects.get().amount == Decimal("1234.56")


@pytest.mark.django_db
def test_an_ambiguous_amount_is_refused_and_nothing_is_saved(personas, client_for):
    url = reverse("expenses:new", args=[personas.account.pk])
    data = {"spent_on": "2026-11-02", "merchant": "Bar", "amount": "1.250", "currency": "EUR"}
    response = client_for(personas.manager, "es").post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "se puede leer de dos maneras" in html and 'value="1.250"' in html
    assert not Expense.objects.exists()
    top_up = reverse("expenses:top_up", args=[personas.account.pk])
    response = client_for(personas.manager, "fr").post(
        top_up, {"amount": "1,250", "booked_on": "2026-11-01"}
    )
    assert response.status_code == 400 and not TopUp.objects.exists()


@pytest.mark.django_db
def test_a_number_custom_field_is_read_and_shown_in_the_users_locale(personas, client_for):
    field = CustomFieldFactory(firm=personas.firm, label="Empleados", kind="number")
    edit = reverse("clients:info_edit", args=[personas.account.pk])
    client = client_for(personas.owner, "es")
    data = {"name": personas.account.name, "kind": "company", f"custom_{field.pk}": "1.234,5"}
    assert client.post(edit, data).status_code == 302
    assert ClientAccount.objects.get(pk=personas.account.pk).custom_values == {
        str(field.pk): "1234.5"
    }
    form = client.get(edit).content.decode()
    assert 'value="1234,5"' in form and 'inputmode="decimal"' in form
    info = client.get(reverse("clients:info", args=[personas.account.pk])).content.decode()
    assert "1.234,5" in info
    french = client_for(personas.owner, "fr").get(edit).content.decode()
    assert 'value="1234,5"' in french
    english = client_for(personas.owner, "en").get(edit).content.decode()
    assert 'value="1234.5"' in english
