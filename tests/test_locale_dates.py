"""Dates in the user's locale (issue 17): core/dates.py's one formatter and parser, the DateField
every date input uses, and the pages that show dates — the Clients page, every tab of the
profile, the workspace and the Pending tab — day before month in es, fr and en-GB."""

import datetime
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from portico.billing import actions as billing_actions
from portico.clients.models import ClientAccount
from portico.core import dates
from portico.core.forms import DateField
from portico.documents.models import Document
from portico.expenses.models import TopUp
from portico.messaging.models import EmailLog
from tests.billing_setup import billing_media, issued, line  # noqa: F401  (autouse)
from tests.factories import (
    CustomFieldFactory,
    DocumentFactory,
    EmailLogFactory,
    ExpenseFactory,
    InvitationFactory,
    PortalActivityFactory,
    TopUpFactory,
)
from tests.portal_setup import contact_on
from tests.tasks_setup import make_task

LANGUAGES = ["es", "fr", "en"]
DAY = date(2026, 11, 29)
MOMENT = datetime.datetime(2026, 11, 29, 10, 7, tzinfo=datetime.UTC)  # 11:07 in Paris


@pytest.mark.parametrize(
    "language, short, moment, placeholder",
    [
        ("es", "29/11/2026", "29/11/2026, 11:07", "dd/mm/aaaa"),
        ("fr", "29/11/2026", "29/11/2026 11:07", "jj/mm/aaaa"),
        ("en", "29/11/2026", "29/11/2026, 11:07", "dd/mm/yyyy"),
    ],
)
def test_dates_are_written_day_first_with_a_24_hour_clock(language, short, moment, placeholder):
    paris = MOMENT.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    with translation.override(language):
        assert dates.numeric_date(DAY) == short
        assert dates.numeric_datetime(paris) == moment
        assert dates.placeholder() == placeholder
        assert dates.numeric_date(date(2026, 2, 3)) == "03/02/2026"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text, expected",
    [
        ("29/11/2026", DAY),
        ("3/2/2026", date(2026, 2, 3)),
        ("03/02/2026", date(2026, 2, 3)),
        ("29.11.2026", DAY),
        ("29-11-2026", DAY),
        (" 29 / 11 / 26 ", DAY),
        ("2026-11-29", DAY),
    ],
)
def test_a_date_is_read_in_the_locales_order_or_iso(language, text, expected):
    with translation.override(language):
        assert dates.parse_date(text) == expected


@pytest.mark.parametrize("text", ["11/29/2026", "31/02/2026", "29/11", "mañana", "29/11/202"])
def test_what_is_not_a_date_in_the_locales_order_is_refused(text):
    with translation.override("en"), pytest.raises(dates.DateError):
        dates.parse_date(text)


class DayForm(forms.Form):
    day = DateField(label="Day", min_value=date(1900, 1, 1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_field_reads_the_locales_order_and_shows_it_back(language):
    with translation.override(language):
        form = DayForm({"day": "29/11/2026"})
        assert form.is_valid() and form.cleaned_data["day"] == DAY
        html = str(DayForm(initial={"day": DAY})["day"])
        assert 'value="29/11/2026"' in html and 'type="text"' in html
        assert f'placeholder="{dates.placeholder()}"' in html


def test_the_date_field_says_what_it_expects_in_the_users_language():
    with translation.override("es"):
        form = DayForm({"day": "11/29/2026"})
        assert not form.is_valid()
        assert form.errors["day"] == ["“11/29/2026” no es una fecha. Escríbela así: 29/11/2026."]
        form = DayForm({"day": "1/1/1850"})
        assert form.errors["day"] == ["Escribe 01/01/1900 o una fecha posterior."]


# --- The pages -------------------------------------------------------------------------------

NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?![\d/])")


# "Nov 29, 2026", "November 29": how en-US writes a date in words.
US_WORDS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b")


def dates_shown(html: str) -> list[str]:
    """Every date the HTML shows as d/m/y, and DAY in words if it shows it; failing on a date
    written month first (a numeric month above 12, or en-US words)."""
    found = NUMERIC.findall(html)
    month_first = [f"{a}/{b}/{y}" for a, b, y in found if int(b) > 12]
    assert month_first == [] and US_WORDS.findall(html) == []
    in_words = [w for w in (dates.medium_date(DAY), dates.long_date(DAY)) if w in html]
    return [f"{a}/{b}/{y}" for a, b, y in found] + in_words


@pytest.fixture
def dated(personas):
    """An account with a date on every page that shows one, each on 29 November 2026."""
    account, firm, owner = personas.account, personas.firm, personas.owner
    birthday = CustomFieldFactory(firm=firm, label="Alta", kind="date")
    ClientAccount.objects.filter(pk=account.pk).update(
        custom_values={str(birthday.pk): DAY.isoformat()}
    )
    PortalActivityFactory(account=account, last_login=MOMENT)
    email, _ = contact_on(firm, account, address="rocio@ferreteria.es")
    InvitationFactory(
        account=account, email=email, status="sent", sent_at=MOMENT, expires_at=MOMENT
    )
    ExpenseFactory(account=account, spent_on=DAY)
    TopUpFactory(account=account, booked_on=DAY)
    document = DocumentFactory(account=account)
    Document.objects.filter(pk=document.pk).update(created_at=MOMENT)
    make_task(owner, DAY, account=account)
    log = EmailLogFactory(account=account, firm=firm)
    EmailLog.objects.filter(pk=log.pk).update(created_at=MOMENT)
    owner.can_manage_billing = True
    owner.save(update_fields=["can_manage_billing"])
    invoice = issued(owner, account, line(1, 100), issued=DAY)
    billing_actions.record_payment(
        member=owner,
        account=account,
        amount=Decimal("50"),
        day=DAY,
        method="transfer",
        reference="TR-1",
        invoices=[invoice],
        keep_credit=False,
    )
    billing_actions.create_estimate(
        member=owner, account=account, issue_date=DAY, expiry_date=DAY, lines=[line(1, 100)]
    )
    return account


def profile_tabs(html: str) -> list[str]:
    """The links of the profile's tabs (the registry's, after Info), but the tests' example
    app's (tests/example_app), which shows no dates."""
    tags = re.findall(r"<a\b[^>]*>", html)
    return [
        re.search(r'href="([^"]+)"', tag).group(1)
        for tag in tags
        if "profile-tab-" in tag and "profile-tab-example" not in tag
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_on_the_clients_page_profile_workspace_and_pending_tab_is_day_first(
    client_for, personas, dated, language
):
    client = client_for(personas.owner, language)
    pages = {
        "clients": reverse("clients:list"),
        "pending": reverse("clients:list") + "?tab=pending",
        "info": reverse("clients:info", args=[dated.pk]),
        "workspace": reverse("clients:workspace", args=[dated.pk]),
    }
    tabs = profile_tabs(client.get(pages["info"]).content.decode())
    assert len(tabs) >= 4  # the apps' tabs: emails, tasks, payments, invoices…
    # The Tasks tab opens on today's day: asked for DAY's, where the fixture's task is.
    pages |= {f"tab {url}": url + (f"?date={DAY}" if "/tasks/" in url else "") for url in tabs}
    shown = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        with translation.override(language):
            shown[name] = dates_shown(response.content.decode())
    # Every page shows DAY, in figures or in words (a tab the fixture gives no dated row fails).
    missing = [name for name, found in shown.items() if not found]
    assert missing == [], {k: v for k, v in shown.items() if k in missing}


@pytest.mark.parametrize(
    "language, typed, shown",
    [
        ("es", "1.234,56", "1.234,56\u00a0€"),
        ("fr", "1 234,56", "1\u202f234,56\u00a0€"),
        ("en", "1,234.56", "€1,234.56"),
    ],
)
def test_a_top_up_typed_the_locales_way_is_shown_back_its_way(
    client_for, personas, language, typed, shown
):
    client = client_for(personas.manager, language)
    url = reverse("expenses:top_up", args=[personas.account.pk])
    response = client.post(url, {"amount": typed, "booked_on": "01/11/2026"})
    assert response.status_code == 302
    top_up = TopUp.objects.get()
    assert (top_up.amount, top_up.booked_on) == (Decimal("1234.56"), date(2026, 11, 1))
    html = client.get(reverse("clients:workspace", args=[personas.account.pk])).content.decode()
    assert f"01/11/2026 · {shown}" in html


ROOT = Path(__file__).resolve().parent.parent
# Ways of writing a date that bypass core/dates.py: Django's named formats (en = m/d/Y before
# FORMAT_MODULE_PATH), its time filter, the browser's date widget and Django's date field.
BYPASSES = re.compile(
    r"""\|date:["'](SHORT_DATE|SHORT_DATETIME|DATE|DATETIME|MONTH_DAY|YEAR_MONTH)_FORMAT"""
    r"""|\|time:|type=["']date["']|["']type["']: ["']date["']|forms\.DateField\(|date_format\("""
)


def test_every_template_and_form_writes_and_reads_dates_through_core_dates():
    sources = [*ROOT.glob("templates/**/*.*"), *ROOT.glob("portico/**/*.html")]
    sources += [*ROOT.glob("portico/**/*.txt"), *ROOT.glob("portico/**/*.py")]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sources
        if "migrations" not in path.parts
        for match in BYPASSES.finditer(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert found == []


def test_every_date_field_refuses_a_year_no_firm_types():
    """01/01/0001 was taken by forms without limits of their own and listed as "01/01/1"."""

    class AnyDay(forms.Form):
        day = DateField()

    with translation.override("es"):
        assert AnyDay({"day": "01/01/0001"}).errors["day"] == [
            "Escribe 01/01/1900 o una fecha posterior."
        ]
        assert AnyDay({"day": "01/01/2300"}).errors["day"] == [
            "Escribe 31/12/2199 o una fecha anterior."
        ]
        assert AnyDay({"day": "29/11/2026"}).is_valid()
