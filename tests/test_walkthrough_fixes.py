"""What a newcomer's walkthrough in Spanish and French found: Home's cards and their links,
the delete confirmation's names, numbers inside messages, French wording."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portico.clients import actions as client_actions
from portico.documents.models import Document
from tests.factories import AccountFactory, DigestSubscriptionFactory, TagFactory

pytestmark = pytest.mark.django_db


def _document(account, name):
    return Document.objects.create(
        firm=account.firm,
        account=account,
        name=name,
        file=f"documents/{name}",
        content_type="application/pdf",
        size=10,
    )


def _cards(response):
    return {card.key: figure for card, figure in response.context["cards"]}


def test_home_digest_rows_open_the_clients_digest_setting(personas, client_for):
    DigestSubscriptionFactory(member=personas.accountant, account=personas.account)
    client = client_for(personas.accountant, "es")
    response = client.get(reverse("home"))
    (label, url), *_ = _cards(response)["my_digests"].items
    info = reverse("clients:info", args=[personas.account.pk])
    assert url == f"{info}#email-digest"
    page = client.get(url)
    assert page.status_code == 200 and 'id="email-digest"' in page.text
    # the old address, opened in a tab or bookmarked, leads there too instead of a 405
    old = client.get(reverse("notifications:digest", args=[personas.account.pk]))
    assert old.status_code == 302 and old.url == f"{info}#email-digest"
    other = reverse("notifications:digest", args=[personas.other_account.pk])
    assert client.get(other).status_code == 404  # not on her team


def test_home_cards_stretched_link_covers_the_figure_not_the_rows(personas, client_for):
    DigestSubscriptionFactory(member=personas.accountant, account=personas.account)
    text = client_for(personas.accountant, "es").get(reverse("home")).text
    card = text.split('data-testid="home-my_digests"', 1)[1].split("</section>", 1)[0]
    body, rows = card.split("</div>", 1)
    # the link's ::after is placed in the nearest positioned ancestor: the card's body
    assert 'class="card-body position-relative"' in body and "stretched-link" in body
    assert "list-group" in rows and "stretched-link" not in rows


def test_new_documents_figure_opens_the_clients_with_new_documents(
    personas, client_for, django_assert_max_num_queries
):
    second = AccountFactory(firm=personas.firm, name="Carpintería Castaño SL")
    for name, account in (("a.pdf", personas.account), ("b.pdf", second), ("c.pdf", second)):
        _document(account, name)
    quiet = AccountFactory(firm=personas.firm, name="Sin novedades SA")
    seen = _document(quiet, "visto.pdf")
    Document.objects.filter(pk=seen.pk).update(seen_by_firm_at=timezone.now())
    client = client_for(personas.owner, "es")
    figure = _cards(client.get(reverse("home")))["new_documents"]
    assert figure.count == 3 and figure.url == "/clients/?new_documents=1"
    with django_assert_max_num_queries(10):
        page = client.get(figure.url)
    assert page.status_code == 200
    text = page.text
    assert "Panadería Núñez SL" in text and "Carpintería Castaño SL" in text
    assert "Sin novedades SA" not in text and "Talleres Ibáñez" not in text


def test_delete_confirmation_names_every_record_in_the_users_language(personas, client_for):
    account = personas.account
    account.tags.add(TagFactory(firm=personas.firm), TagFactory(firm=personas.firm))
    with translation.override("fr"):
        names = dict(client_actions.deletion_summary(account))
    assert names["liens vers des étiquettes"] == 2
    with translation.override("en"):
        english = client_actions.deletion_summary(account)
    assert "links to tags" in dict(english)
    assert all("relationship" not in name for name, _n in english)
    with translation.override("fr"):
        for name, count in client_actions.deletion_summary(account):
            # singular for one, each name translated
            assert count > 1 or not name.endswith("s"), name
    page = client_for(personas.owner, "fr").get(reverse("clients:status", args=[account.pk]))
    assert "2 × liens vers des étiquettes" in page.text
    assert "relationships" not in page.text


def test_numbers_inside_messages_follow_the_locale(personas, client_for):
    from tests.test_calendar import new_task_data

    data = new_task_data(personas, repeat="daily", count="5000")
    for language, shown in (("es", "1.000"), ("fr", "1\u202f000"), ("en", "1,000")):
        client = client_for(personas.accountant, language)
        response = client.post(f"/clients/{personas.account.pk}/tasks/new/", data)
        assert response.status_code == 400
        assert f" {shown} " in response.text, language


def test_french_dry_run_invitation_and_missing_receipts_wording(personas, client_for):
    from tests.test_client_book_views import upload

    client = client_for(personas.owner, "fr")
    page = client.get(upload(client).url).text
    assert "2 lignes créées" in page and "0 ligne mise à jour" in page
    assert "créent" not in page and "met à jour" not in page
    with translation.override("fr"):
        assert (
            translation.gettext("An invitation is on its way to %(email)s.")
            % {"email": "nuevo@example.com"}
            == "Invitation envoyée à nuevo@example.com."
        )
        receipts = translation.ngettext(
            "missing receipts in %(clients)s of my clients",
            "missing receipts in %(clients)s of my clients",
            2,
        )
        assert receipts.startswith("reçus manquants")


CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Safari/537.36"
)


def test_sessions_and_feed_show_the_browser_as_people_name_it(personas):
    from django.test import Client

    from tests.factories import PASSWORD

    browser = Client(headers={"user-agent": CHROME, "accept-language": "es"})
    email = personas.owner.user.email
    browser.post(reverse("firms:login"), {"email": email, "password": PASSWORD})
    profile = browser.get(reverse("firms:profile")).text
    row = profile.split('data-testid="session-browser"', 1)[1].split("</div>", 1)[0]
    assert f'title="{CHROME}"' in row and ">Chrome 156 · Linux" in row
    feed = browser.get(reverse("firms:activity")).text
    assert f'<span title="{CHROME}">Chrome 156 · Linux</span>' in feed
    assert ">Mozilla/5.0" not in feed
