"""Email digests (N-1 … N-4) with a controlled clock: when they go out, what they say, and that
each goes out exactly once per member and period."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from portico.core.models import HistoryEvent
from portico.expenses import actions as expense_actions
from portico.messaging.models import EmailLog
from portico.messaging.tasks import retry_unsent_emails
from portico.notifications import actions
from portico.notifications.digests import due_member_ids, send_due_digests, send_member_digest
from portico.notifications.models import DigestDelivery, DigestSubscription
from portico.notifications.periods import latest_period, next_monday
from tests.factories import TeamMembershipFactory
from tests.mail import free_port, text_of

pytestmark = pytest.mark.django_db
PARIS = "Europe/Paris"
WEDNESDAY_BEFORE = "2026-10-28T15:00:00+01:00"  # subscriptions start on Monday 2 November


def at(text):
    return datetime.fromisoformat(text).astimezone(UTC)


def add_expenses(personas, account, count):
    for n in range(count):
        expense_actions.create_expense(
            member=personas.owner,
            account=account,
            spent_on=date(2026, 10, 20),
            merchant=f"Gasolinera {n}",
            amount=Decimal("40.00"),
            currency="EUR",
        )


def subscribe(member, account, frequency="weekly", now=WEDNESDAY_BEFORE, **options):
    return actions.set_digest(
        member=member, account=account, email=True, frequency=frequency, now=at(now), **options
    )


@pytest.fixture
def subscribed(personas):
    """The team accountant (Spanish) and the owner (French) follow the account weekly."""
    personas.accountant.language = "es"
    personas.accountant.save()
    personas.owner.language = "fr"
    personas.owner.save()
    expense_actions.top_up_wallet(
        member=personas.owner,
        account=personas.account,
        amount=Decimal("500"),
        booked_on=date(2026, 10, 1),
    )
    add_expenses(personas, personas.account, 3)
    subscribe(personas.accountant, personas.account)
    subscribe(personas.owner, personas.account)
    return personas


def written():
    return list(EmailLog.objects.filter(template="digest").order_by("to"))


# --- Periods (N-3) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frequency, now, expected",
    [
        ("weekly", "2026-11-02T09:59:00+01:00", "2026-10-26"),
        ("weekly", "2026-11-02T10:00:00+01:00", "2026-11-02"),
        ("weekly", "2026-11-08T23:00:00+01:00", "2026-11-02"),
        ("daily", "2026-11-04T09:59:00+01:00", "2026-11-03"),
        ("daily", "2026-11-04T10:00:00+01:00", "2026-11-04"),
        ("monthly", "2026-11-02T10:00:00+01:00", "2026-11-02"),
        ("monthly", "2026-11-02T09:00:00+01:00", "2026-10-05"),
        ("monthly", "2026-11-30T10:00:00+01:00", "2026-11-02"),
        ("weekly", "2026-03-30T08:00:00+00:00", "2026-03-30"),  # summer time: 10:00 is 08:00 UTC
        ("weekly", "2026-03-30T07:59:00+00:00", "2026-03-23"),
        ("weekly", "2026-10-26T09:00:00+00:00", "2026-10-26"),  # winter time: 10:00 is 09:00 UTC
        ("weekly", "2026-10-26T08:59:00+00:00", "2026-10-19"),
    ],
)
def test_latest_period_in_the_firms_time_zone(frequency, now, expected):
    assert latest_period(frequency, at(now), PARIS) == date.fromisoformat(expected)


def test_a_new_subscription_starts_with_the_next_monday():
    assert next_monday(at("2026-10-28T15:00:00+01:00"), PARIS) == date(2026, 11, 2)
    assert next_monday(at("2026-11-02T09:00:00+01:00"), PARIS) == date(2026, 11, 2)
    assert next_monday(at("2026-11-02T10:00:00+01:00"), PARIS) == date(2026, 11, 9)
    # 23:30 UTC on Sunday is already Monday in Paris.
    assert next_monday(at("2026-11-01T23:30:00+00:00"), PARIS) == date(2026, 11, 2)


# --- Sending (N-2, N-4) ----------------------------------------------------------------------


def test_monday_0959_sends_nothing_and_1000_sends_the_weekly_digests_once(subscribed):
    assert send_due_digests(at("2026-11-02T09:59:00+01:00")) == 0
    assert written() == []
    assert send_due_digests(at("2026-11-02T10:00:00+01:00")) == 2
    assert send_due_digests(at("2026-11-02T10:05:00+01:00")) == 0
    assert send_due_digests(at("2026-11-02T10:00:00+01:00")) == 0
    assert len(written()) == 2
    assert DigestDelivery.objects.filter(period=date(2026, 11, 2)).count() == 2
    assert send_due_digests(at("2026-11-09T10:00:00+01:00")) == 2  # the next week


def test_a_daylight_saving_monday_still_sends_at_ten_local(personas):
    add_expenses(personas, personas.account, 1)
    subscribe(personas.accountant, personas.account, now="2026-03-25T12:00:00+01:00")
    assert send_due_digests(at("2026-03-30T07:59:00+00:00")) == 0  # 09:59 summer time
    assert send_due_digests(at("2026-03-30T08:00:00+00:00")) == 1  # 10:00 summer time


def test_the_digest_has_a_section_per_client_with_links_in_the_members_language(
    subscribed, settings
):
    settings.SITE_URL = "https://portico.example.es"
    second = subscribed.other_account
    TeamMembershipFactory(account=second, member=subscribed.accountant)
    add_expenses(subscribed, second, 1)
    subscribe(subscribed.accountant, second)
    send_due_digests(at("2026-11-02T10:00:00+01:00"))
    spanish = EmailLog.objects.get(template="digest", to=subscribed.accountant.user.email)
    assert spanish.language == "es"
    assert spanish.subject == "Resumen de tus clientes: 2 clientes"
    assert "Panadería Núñez SL" in spanish.body_text and "Talleres Ibáñez" in spanish.body_text
    assert "Saldo de la cartera: 380,00\xa0€" in spanish.body_text  # 500 − 3 × 40
    assert "Recibos faltantes: 3" in spanish.body_text
    workspace = reverse("clients:workspace", args=[subscribed.account.pk])
    assert f"https://portico.example.es{workspace}" in spanish.body_text
    french = EmailLog.objects.get(template="digest", to=subscribed.owner.user.email)
    assert french.subject == "Récapitulatif de vos clients\u00a0: 1 client"
    assert "Reçus manquants\u00a0: 3" in french.body_text


def test_nothing_is_sent_when_there_is_nothing_to_tell_unless_asked(personas):
    subscribe(personas.see_all, personas.other_account)
    subscribe(personas.owner, personas.other_account, send_empty=True)
    assert send_due_digests(at("2026-11-02T10:00:00+01:00")) == 1
    assert [log.to for log in written()] == [personas.owner.user.email]
    # The quiet member's period is settled too: later runs do not look at it again.
    assert due_member_ids(personas.firm, {"weekly": date(2026, 11, 2)}) == []


def test_a_run_that_crashed_half_way_is_finished_by_the_next_without_repeating(subscribed):
    periods = {
        f: latest_period(f, at("2026-11-02T10:00:00+01:00"), PARIS)
        for f in ("daily", "weekly", "monthly")
    }
    first, second = due_member_ids(subscribed.firm, periods)
    assert send_member_digest(first, periods) == 1  # ... and the scheduler died here
    assert send_due_digests(at("2026-11-02T10:05:00+01:00")) == 1
    assert sorted(DigestDelivery.objects.values_list("member_id", flat=True)) == [first, second]
    assert len(written()) == 2


def test_daily_weekly_and_monthly_on_the_first_monday_make_one_email(personas):
    add_expenses(personas, personas.account, 1)
    add_expenses(personas, personas.other_account, 1)
    subscribe(personas.owner, personas.account, frequency="daily")
    subscribe(personas.owner, personas.other_account, frequency="monthly")
    assert send_due_digests(at("2026-11-02T10:00:00+01:00")) == 1
    assert DigestDelivery.objects.filter(email__isnull=False).count() == 2
    assert "Talleres Ibáñez" in written()[0].body_text
    assert send_due_digests(at("2026-11-03T10:00:00+01:00")) == 1  # daily only
    assert send_due_digests(at("2026-11-09T10:00:00+01:00")) == 1  # not the first Monday
    assert "Talleres Ibáñez" not in written()[-1].body_text


def test_an_account_the_member_no_longer_sees_drops_out(subscribed):
    subscribed.account.teammembership_set.filter(member=subscribed.accountant).delete()
    send_due_digests(at("2026-11-02T10:00:00+01:00"))
    assert [log.to for log in written()] == [subscribed.owner.user.email]


def test_the_management_command_sends_what_is_due(subscribed):
    out = StringIO()
    call_command("send_digests", "--at", "2026-11-02T10:00:00+01:00", stdout=out)
    call_command("send_digests", "--at", "2026-11-02T10:00:00+01:00", stdout=out)
    assert out.getvalue().splitlines() == [
        "2 digest email(s) written.",
        "0 digest email(s) written.",
    ]


@pytest.mark.django_db(transaction=True)
def test_an_smtp_outage_then_recovery_delivers_each_digest_exactly_once(personas, settings, smtp):
    add_expenses(personas, personas.account, 2)
    subscribe(personas.accountant, personas.account)
    subscribe(personas.owner, personas.account)
    good = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    assert send_due_digests(at("2026-11-02T10:00:00+01:00")) == 2
    assert {log.status for log in written()} == {EmailLog.Status.FAILED}
    assert send_due_digests(at("2026-11-02T10:05:00+01:00")) == 0  # the digests are not redone
    settings.MAILERS = good
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert retry_unsent_emails(now=later) == 2
    assert retry_unsent_emails(now=later) == 0
    messages = smtp.wait_for(2)
    assert sorted(m["To"] for m in messages) == sorted(
        [personas.accountant.user.email, personas.owner.user.email]
    )
    assert "Panadería Núñez SL" in text_of(messages[0])
    assert {log.status for log in written()} == {EmailLog.Status.SENT}
    assert send_due_digests(at("2026-11-02T10:10:00+01:00")) == 0
    assert len(smtp.messages) == 2


# --- The Notifications card of View details (N-1) -------------------------------------------


def digest_url(account):
    return reverse("notifications:digest", args=[account.pk])


def test_the_info_tab_has_the_notifications_card(client_for, personas):
    html = (
        client_for(personas.accountant, "es")
        .get(reverse("clients:info", args=[personas.account.pk]))
        .content.decode()
    )
    assert "Notificaciones" in html and "Seleccionar frecuencia" in html
    assert "Correo electrónico" in html


def test_turning_the_email_switch_on_and_off(client_for, personas):
    client = client_for(personas.accountant, "es")
    response = client.post(
        digest_url(personas.account), {"email": "on", "frequency": "monthly"}, follow=True
    )
    subscription = DigestSubscription.objects.get(member=personas.accountant)
    assert subscription.frequency == "monthly" and subscription.starts_on.weekday() == 0
    assert "Recibirás un resumen" in response.content.decode()
    client.post(digest_url(personas.account), {"email": "on", "frequency": "daily"})
    assert DigestSubscription.objects.get().frequency == "daily"
    client.post(digest_url(personas.account), {"frequency": "daily"})
    assert not DigestSubscription.objects.exists()
    verbs = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.DIGEST_CHANGED)
    assert verbs.count() == 3


def test_a_bad_frequency_changes_nothing(client_for, personas):
    response = client_for(personas.accountant, "fr").post(
        digest_url(personas.account), {"email": "on", "frequency": "hourly"}, follow=True
    )
    assert "Choisissez une fréquence dans la liste." in response.content.decode()
    assert not DigestSubscription.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "foreign_owner", "client_user"])
def test_members_who_cannot_see_the_account_get_404(client_for, personas, who):
    response = client_for(getattr(personas, who)).post(
        digest_url(personas.account), {"email": "on", "frequency": "weekly"}
    )
    assert response.status_code == 404
    assert not DigestSubscription.objects.exists()


def test_the_card_says_when_digests_come_from_the_saved_frequency(client_for, personas):
    """Issue 14, item 11: after choosing daily the card still said "los lunes"."""
    client = client_for(personas.accountant, "es")
    info = reverse("clients:info", args=[personas.account.pk])

    def schedule():
        html = client.get(info).content.decode()
        start = html.index('data-testid="digest-schedule"')
        return html[start : html.index("</p>", start)]

    assert "Una vez activado, empieza el próximo lunes a las 10:00." in schedule()
    client.post(digest_url(personas.account), {"email": "on", "frequency": "daily"})
    said = schedule()
    assert "Lo recibes cada día a las 10:00, desde el" in said
    assert "lunes a las 10:00" not in said
    client.post(digest_url(personas.account), {"email": "on", "frequency": "monthly"})
    assert "el primer lunes de cada mes a las 10:00" in schedule()
    client.post(digest_url(personas.account), {"email": "on", "frequency": "weekly"})
    assert "Lo recibes los lunes a las 10:00" in schedule()


def test_a_monthly_digest_says_its_first_first_monday():
    """A subscription starts on the next Monday (30 November 2026); a monthly one is first sent
    on the first Monday on or after it (7 December), which the card and the message name."""
    from datetime import date

    from portico.notifications.periods import first_sending

    assert first_sending("monthly", date(2026, 11, 30)) == date(2026, 12, 7)
    assert first_sending("monthly", date(2026, 12, 7)) == date(2026, 12, 7)
    assert first_sending("monthly", date(2026, 12, 28)) == date(2027, 1, 4)
    assert first_sending("weekly", date(2026, 11, 30)) == date(2026, 11, 30)
