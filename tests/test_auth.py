import re

import pytest
from django.urls import reverse

from portico.core.models import HistoryEvent
from tests.factories import PASSWORD
from tests.mail import text_of

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("firms:login")


def post_sign_in(client, email, password, language="en"):
    return client.post(
        SIGN_IN, {"email": email, "password": password}, HTTP_ACCEPT_LANGUAGE=language
    )


def test_staff_member_signs_in_and_lands_on_clients(client, personas):
    response = post_sign_in(client, personas.admin.user.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("clients:list")
    assert client.get(response.url).status_code == 200
    assert HistoryEvent.objects.filter(
        actor=personas.admin.user, verb=HistoryEvent.Verb.SIGNED_IN
    ).exists()


def test_email_is_matched_whatever_its_case(client, personas):
    response = post_sign_in(client, personas.admin.user.email.upper(), PASSWORD)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The email or the password is not right."),
        ("es", "El correo electrónico o la contraseña no son correctos."),
        ("fr", "L’adresse e-mail ou le mot de passe n’est pas correct."),
    ],
)
def test_wrong_password_and_unknown_email_get_the_same_translated_message(
    client, personas, language, message
):
    wrong = post_sign_in(client, personas.admin.user.email, "not-the-password", language)
    unknown = post_sign_in(client, "nobody@example.com", PASSWORD, language)
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_a_client_user_cannot_sign_in_as_staff(client, personas):
    response = post_sign_in(client, personas.client_user.email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_inactive_member_cannot_sign_in(client, personas):
    personas.outsider.is_active = False
    personas.outsider.save()
    assert post_sign_in(client, personas.outsider.user.email, PASSWORD).status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("clients:list"))
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_a_client_user_gets_404_on_staff_pages(client_for, personas):
    assert client_for(personas.client_user).get(reverse("clients:list")).status_code == 404


def test_sign_out_ends_the_session(client_for, personas):
    client = client_for(personas.owner)
    assert client.post(reverse("firms:logout")).status_code == 302
    assert client.get(reverse("clients:list")).status_code == 302


def reset_link_from(message):
    return re.search(r"https?://\S+/password/reset/\S+/", text_of(message)).group(0)


def test_password_reset_by_email_in_the_members_language(
    client, personas, smtp, django_capture_on_commit_callbacks
):
    member = personas.see_all
    member.language = "fr"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("firms:password_reset"), {"email": member.user.email})
    assert response.status_code == 302
    (message,) = smtp.wait_for(1)
    assert message["To"] == member.user.email
    assert message["Subject"] == "Choisissez un nouveau mot de passe Portico"
    link = reset_link_from(message).split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Another-long-passw0rd", "new_password2": "Another-long-passw0rd"},
    )
    assert done.status_code == 302
    member.user.refresh_from_db()
    assert member.user.check_password("Another-long-passw0rd")


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(
    client, db, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("firms:password_reset"), {"email": "nobody@example.com"})
    assert callbacks == []
    assert response.status_code == 302
    assert smtp.messages == []


def test_reset_is_not_sent_to_a_client_user(
    client, personas, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("firms:password_reset"), {"email": personas.client_user.email})
    assert callbacks == []
    assert smtp.messages == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This password reset link is not valid"),
        ("es", "Este enlace para restablecer la contraseña no es válido"),
        ("fr", "Ce lien de réinitialisation du mot de passe n’est pas valide"),
    ],
)
def test_tampered_reset_link_is_refused_with_a_translated_message(
    client, personas, language, message
):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = personas.admin.user
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    tampered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    url = reverse("firms:password_reset_confirm", args=[uid, tampered])
    response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE=language)
    assert message in response.content.decode()
    assert "new_password1" not in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_language_switch_saves_the_members_choice(client_for, personas):
    client = client_for(personas.accountant)
    response = client.post(reverse("firms:set_language"), {"language": "es", "next": "/clients/"})
    assert response.status_code == 302
    personas.accountant.refresh_from_db()
    assert personas.accountant.language == "es"
    page = client.get(reverse("clients:list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="es">' in page.content.decode()
    assert "Clientes" in page.content.decode()


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client_for, personas):
    client = client_for(personas.accountant)
    response = client.post(
        reverse("firms:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    personas.accountant.refresh_from_db()
    assert personas.accountant.language == ""


def test_browser_language_is_used_when_the_member_has_none(client_for, personas):
    page = client_for(personas.owner, language="fr").get(reverse("clients:list"))
    assert '<html lang="fr">' in page.content.decode()


def test_health_endpoint_answers(client, db):
    assert client.get(reverse("health")).json() == {"status": "ok"}
