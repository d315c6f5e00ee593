"""The client profile's Info tab (P-1, P-2, P-4, P-5, P-6): rights, content, edits, photos."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from portico.clients import actions
from portico.clients.models import AccountContact, ClientAccount, Contact, EmailSwitches
from portico.core.models import HistoryEvent
from tests.factories import (
    AccountContactFactory,
    AccountFactory,
    ContactEmailFactory,
    ContactFactory,
    CustomFieldFactory,
    EmailSwitchesFactory,
    MemberFactory,
    TagFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db
Verb = HistoryEvent.Verb

VIEWERS = ["owner", "admin", "accountant", "see_all", "manager"]
NOT_VIEWERS = ["outsider", "foreign_owner", "client_user"]
EDITORS = ["owner", "admin", "manager"]
NOT_EDITORS = ["accountant", "see_all", "outsider", "foreign_owner", "client_user"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Setup:
    account: object
    link: object
    email: object
    extra_email: object


@pytest.fixture
def setup(personas):
    link = AccountContactFactory(
        account=personas.account,
        contact__first_name="Lucía",
        contact__last_name="Núñez",
        description="Gerente",
    )
    email = ContactEmailFactory(contact=link.contact, email="lucia@panaderia.es")
    extra = ContactEmailFactory(contact=link.contact, email="l.nunez@gmail.com", is_primary=False)
    actions.refresh_search_text(personas.account)
    return Setup(personas.account, link, email, extra)


def url(name, *args):
    return reverse(f"clients:{name}", args=args)


def page(response):
    return response.content.decode()


def info_url(personas):
    return url("info", personas.account.pk)


def png(size=(40, 30), colour="red", fmt="PNG", **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(content, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- Who may open, who may edit (P-1) ---------------------------------------------------------


@pytest.mark.parametrize("who", VIEWERS)
def test_owner_admin_team_and_see_all_open_the_info_tab(client_for, personas, who):
    client = client_for(getattr(personas, who))
    response = client.get(info_url(personas))
    assert response.status_code == 200
    assert response.context["section"] == "clients"
    assert client.get(url("profile", personas.account.pk)).url == url(
        "overview", personas.account.pk
    )


@pytest.mark.parametrize("who", NOT_VIEWERS)
def test_everyone_else_gets_404_on_the_profile(client_for, personas, who):
    client = client_for(getattr(personas, who))
    for name in ("profile", "info", "photo"):
        assert client.get(url(name, personas.account.pk)).status_code == 404


def test_another_firms_account_is_404_even_for_our_owner(client_for, personas):
    client = client_for(personas.owner)
    assert client.get(url("info", personas.foreign_account.pk)).status_code == 404
    assert client.get(url("info", 999999)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, personas):
    response = client.get(info_url(personas))
    assert response.status_code == 302
    assert reverse("firms:login") in response.url


def edit_requests(setup):
    """Every edit endpoint with a valid request, and a check that it did its work."""
    pk, link, email = setup.account.pk, setup.link, setup.email
    return [
        (url("info_edit", pk), {"name": "Nuevo nombre", "kind": "individual"}),
        (url("team", pk), {"remove": "__accountant__", "confirmed": "1"}),
        (url("photo_upload", pk), {"photo": upload(png())}),
        (url("contact_add", pk), {"contact": "__contact__"}),
        (url("contact_new", pk), {"first_name": "Rocío", "language": "es"}),
        (
            url("contact_edit", pk, link.pk),
            {"first_name": "Lucía", "last_name": "Ruiz", "email": email.email, "language": "es"},
        ),
        (url("link_edit", pk, link.pk), {"description": "Socia", "signer_priority": "2"}),
        (url("switches", pk, link.pk, email.pk), {"switch": "login", "value": "on"}),
        (url("unlink", pk, link.pk), {"confirmed": "1"}),
    ]


def resolve(data, personas):
    other = ContactFactory(firm=personas.firm)
    values = {"__accountant__": personas.accountant.pk, "__contact__": other.pk}
    return {k: values.get(v, v) if isinstance(v, str) else v for k, v in data.items()}


def snapshot(account):
    account = ClientAccount.objects.get(pk=account.pk)
    return (
        account.name,
        account.photo.name,
        sorted(account.team.values_list("pk", flat=True)),
        sorted(AccountContact.objects.filter(account=account).values_list("pk", "description")),
        sorted(Contact.objects.values_list("pk", "last_name")),
        EmailSwitches.objects.count(),
        HistoryEvent.objects.count(),
    )


@pytest.mark.parametrize("who", NOT_EDITORS)
def test_every_edit_endpoint_is_404_for_those_who_may_not_edit(client_for, personas, setup, who):
    client = client_for(getattr(personas, who))
    for target, data in edit_requests(setup):
        data = resolve(data, personas)
        before = snapshot(setup.account)
        assert client.post(target, data).status_code == 404, target
        assert snapshot(setup.account) == before, target
    for name, args in (("info_edit", ()), ("contact_add", ()), ("contact_edit", (setup.link.pk,))):
        assert client.get(url(name, setup.account.pk, *args)).status_code == 404


@pytest.mark.parametrize("who", EDITORS)
def test_every_edit_endpoint_works_for_owner_admin_and_manager(client_for, personas, setup, who):
    client = client_for(getattr(personas, who))
    for target, data in edit_requests(setup):
        data = resolve(data, personas)
        before = snapshot(setup.account)
        response = client.post(target, data)
        assert response.status_code == 302, (target, page(response)[:2000])
        assert snapshot(setup.account) != before, target
    for name, args in (("info_edit", ()), ("contact_add", ()), ("contact_edit", ())):
        if name == "contact_edit":
            link = AccountContact.objects.filter(account=setup.account).first()
            args = (link.pk,)
        assert client.get(url(name, setup.account.pk, *args)).status_code == 200


def test_a_link_of_another_account_is_404_through_this_account(client_for, personas, setup):
    other_link = AccountContactFactory(account=personas.other_account)
    client = client_for(personas.owner)
    target = url("unlink", personas.account.pk, other_link.pk)
    assert client.post(target).status_code == 404
    assert AccountContact.objects.filter(pk=other_link.pk).exists()
    foreign_email = ContactEmailFactory(contact=other_link.contact)
    target = url("switches", personas.account.pk, setup.link.pk, foreign_email.pk)
    assert client.post(target, {"switch": "login", "value": "on"}).status_code == 404


# --- What the Info tab shows (P-2, P-4, P-5) --------------------------------------------------


def test_info_tab_shows_details_tags_team_and_the_name_in_the_menu_bar(client_for, personas):
    tag = TagFactory(firm=personas.firm, name="IVA trimestral", colour="#123456")
    personas.account.tags.add(tag)
    field = CustomFieldFactory(firm=personas.firm, label="NIF", kind="text")
    ClientAccount.objects.filter(pk=personas.account.pk).update(
        street="Calle Feria 3", custom_values={str(field.pk): "B12345678"}
    )
    response = client_for(personas.accountant, "es").get(info_url(personas))
    html = page(response)
    assert 'data-testid="profile-name"' in html
    assert html.count("Panadería Núñez SL") >= 2  # the menu bar and the details
    assert "IVA trimestral" in html
    assert "Calle Feria 3" in html
    assert "NIF" in html and "B12345678" in html
    assert "Empresa" in html  # the type, in Spanish
    assert "Ana Martín" in html
    assert "<title>" in html and "Panadería Núñez SL · Portico" in html


def test_contacts_are_alphabetical_with_primary_email_first_and_per_account_switches(
    client_for, personas, setup
):
    AccountContactFactory(
        account=personas.account, contact__first_name="Álvaro", contact__last_name="Zapata"
    )
    EmailSwitchesFactory(link=setup.link, email=setup.extra_email, login=True)
    html = page(client_for(personas.owner).get(info_url(personas)))
    assert html.index("Álvaro Zapata") < html.index("Lucía Núñez")
    assert html.index("lucia@panaderia.es") < html.index("l.nunez@gmail.com")
    assert "Gerente" in html
    rows = html.split('data-testid="email-row"')[1:]
    primary = next(r for r in rows if "lucia@panaderia.es" in r.split("</div>")[0])
    extra = next(r for r in rows if "l.nunez@gmail.com" in r.split("</div>")[0])
    assert 'aria-checked="true"' not in primary  # no switches row: all off
    assert extra.count('aria-checked="true"') == 1


def test_non_editors_see_the_contacts_read_only(client_for, personas, setup):
    html = page(client_for(personas.accountant).get(info_url(personas)))
    assert "lucia@panaderia.es" in html
    assert url("contact_add", personas.account.pk) not in html
    assert url("info_edit", personas.account.pk) not in html
    assert url("unlink", personas.account.pk, setup.link.pk) not in html
    assert url("switches", personas.account.pk, setup.link.pk, setup.email.pk) not in html
    assert "disabled" in html
    owner_html = page(client_for(personas.owner).get(info_url(personas)))
    assert url("unlink", personas.account.pk, setup.link.pk) in owner_html


def test_related_accounts_share_a_contact_and_only_visible_ones_are_listed(
    client_for, personas, setup
):
    AccountContactFactory(account=personas.other_account, contact=setup.link.contact)
    shared_on_team = AccountFactory(firm=personas.firm, name="Hermanos Núñez CB")
    TeamMembershipFactory(account=shared_on_team, member=personas.accountant)
    AccountContactFactory(account=shared_on_team, contact=setup.link.contact)
    AccountFactory(firm=personas.firm, name="Sin relación SA")

    def related(member):
        response = client_for(member).get(info_url(personas))
        return [a.name for a in response.context["related"]]

    assert related(personas.owner) == ["Hermanos Núñez CB", "Talleres Ibáñez"]
    assert related(personas.accountant) == ["Hermanos Núñez CB"]


def test_history_of_changes_shows_who_added_and_removed_whom_in_spanish_and_firm_time(
    client_for, personas
):
    personas.firm.time_zone = "America/New_York"
    personas.firm.save()
    actions.add_team_member(
        member=personas.owner, account=personas.account, teammate=personas.see_all
    )
    actions.remove_team_member(
        member=personas.admin, account=personas.account, teammate=personas.see_all
    )
    when = datetime.datetime(2026, 3, 2, 12, 30, tzinfo=datetime.UTC)
    HistoryEvent.objects.filter(verb=Verb.TEAM_ADDED).update(created_at=when)
    html = page(client_for(personas.accountant, "es").get(info_url(personas)))
    history = html.split('data-testid="team-history"')[1].split("</details>")[0]
    teammate = str(personas.see_all)
    assert f"Olga Ortega añadió un miembro del equipo: <strong>{teammate}</strong>" in history
    assert f"Adrián Álvarez quitó un miembro del equipo: <strong>{teammate}</strong>" in history
    assert "02/03/2026, 7:30" in history  # 12:30 UTC in New York, Spanish date order
    assert history.index("quitó") < history.index("añadió")  # latest first


# --- Editing the account (P-4) -----------------------------------------------------------------


def test_editing_details_changes_type_name_address_tags_and_records_it(client_for, personas):
    tag, other_tag = TagFactory(firm=personas.firm), TagFactory(firm=personas.firm)
    foreign_tag = TagFactory(firm=personas.foreign_account.firm)
    client = client_for(personas.manager)
    data = {"name": "Panadería Núñez SA", "kind": "individual", "city": "Cádiz", "country": "es"}
    response = client.post(url("info_edit", personas.account.pk), {**data, "tags": [tag.pk]})
    assert response.status_code == 302
    account = ClientAccount.objects.get(pk=personas.account.pk)
    assert (account.name, account.kind, account.city, account.country) == (
        "Panadería Núñez SA",
        "individual",
        "Cádiz",
        "ES",
    )
    assert list(account.tags.all()) == [tag]
    assert HistoryEvent.objects.filter(account=account, verb=Verb.ACCOUNT_UPDATED).exists()
    assert HistoryEvent.objects.filter(account=account, verb=Verb.TAGS_CHANGED).exists()
    for bad_tag in (foreign_tag, other_tag.pk + 1000):
        pk = getattr(bad_tag, "pk", bad_tag)
        response = client.post(url("info_edit", personas.account.pk), {**data, "tags": [pk]})
        assert response.status_code == 400
    assert list(account.tags.all()) == [tag]


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "   "},
        {"kind": "dragon"},
        {"country": "España"},
    ],
)
def test_bad_details_change_nothing_and_say_why(client_for, personas, changes):
    before = snapshot(personas.account)
    data = {"name": "Otro nombre", "kind": "company", **changes}
    response = client_for(personas.owner, "es").post(url("info_edit", personas.account.pk), data)
    assert response.status_code == 400
    assert "invalid-feedback" in page(response)
    assert snapshot(personas.account) == before


@pytest.fixture
def fields(personas):
    make = CustomFieldFactory
    return {
        "number": make(firm=personas.firm, label="Empleados", kind="number"),
        "date": make(firm=personas.firm, label="Alta", kind="date"),
        "choice": make(firm=personas.firm, label="Régimen", kind="choice", choices=["IVA", "RE"]),
        "email": make(firm=personas.firm, label="Correo fiscal", kind="email"),
        "text": make(firm=personas.firm, label="Notas", kind="text"),
    }


def post_custom(client, personas, **values):
    data = {"name": personas.account.name, "kind": "company"}
    data |= {f"custom_{field.pk}": value for field, value in values.values()}
    return client.post(url("info_edit", personas.account.pk), data)


def test_account_custom_fields_are_validated_by_kind_and_saved(client_for, personas, fields):
    ClientAccount.objects.filter(pk=personas.account.pk).update(custom_values={"999": "kept"})
    client = client_for(personas.owner)
    response = post_custom(
        client,
        personas,
        number=(fields["number"], "12.50"),
        date=(fields["date"], "2026-01-31"),
        choice=(fields["choice"], "RE"),
        email=(fields["email"], "fiscal@panaderia.es"),
        text=(fields["text"], "Cliente desde 2010"),
    )
    assert response.status_code == 302
    values = ClientAccount.objects.get(pk=personas.account.pk).custom_values
    assert values == {
        "999": "kept",
        str(fields["number"].pk): "12.5",
        str(fields["date"].pk): "2026-01-31",
        str(fields["choice"].pk): "RE",
        str(fields["email"].pk): "fiscal@panaderia.es",
        str(fields["text"].pk): "Cliente desde 2010",
    }
    html = page(client_for(personas.owner, "es").get(info_url(personas)))
    assert "31/01/2026" in html and "12,5" in html and "Cliente desde 2010" in html


@pytest.mark.parametrize(
    "kind,value",
    [("number", "doce"), ("date", "31/02/2026"), ("choice", "Módulos"), ("email", "no-es-correo")],
)
def test_bad_custom_values_are_refused_and_nothing_changes(
    client_for, personas, fields, kind, value
):
    before = ClientAccount.objects.get(pk=personas.account.pk).custom_values
    response = post_custom(
        client_for(personas.owner),
        personas,
        bad=(fields[kind], value),
        text=(fields["text"], "cambiado"),
    )
    assert response.status_code == 400
    assert "invalid-feedback" in page(response)
    assert ClientAccount.objects.get(pk=personas.account.pk).custom_values == before


def test_team_members_are_added_and_removed_from_the_info_tab(client_for, personas):
    client = client_for(personas.admin)
    target = url("team", personas.account.pk)
    assert client.post(target, {"add": personas.outsider.pk}).status_code == 302
    assert personas.outsider in personas.account.team.all()
    removal = {"remove": personas.outsider.pk, "confirmed": "1"}
    assert client.post(target, removal).status_code == 302
    assert personas.outsider not in personas.account.team.all()
    foreign = MemberFactory(firm=personas.foreign_account.firm)
    for bad in ({"add": foreign.pk}, {"remove": personas.see_all.pk}, {}):
        assert client.post(target, bad).status_code == 400
    assert set(personas.account.team.all()) == {personas.accountant, personas.manager}


# --- Photo (P-4) -------------------------------------------------------------------------------


def stored_photo(account):
    account = ClientAccount.objects.get(pk=account.pk)
    return account.photo.name and Image.open(account.photo.path)


def test_a_photo_is_resized_re_encoded_stripped_and_served_only_to_viewers(client_for, personas):
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # camera make
    exif[0x0112] = 6  # orientation: rotate 90°
    content = png(size=(2000, 1000), fmt="JPEG", exif=exif.tobytes())
    response = client_for(personas.manager).post(
        url("photo_upload", personas.account.pk),
        {"photo": upload(content, "cara.jpg", "image/jpeg")},
    )
    assert response.status_code == 302
    image = stored_photo(personas.account)
    assert image.format == "WEBP"
    assert image.size == (256, 512)  # turned upright, then fitted in 512×512
    assert not image.getexif()
    served = client_for(personas.accountant).get(url("photo", personas.account.pk))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    assert b"".join(served.streaming_content)[:4] == b"RIFF"
    assert client_for(personas.outsider).get(url("photo", personas.account.pk)).status_code == 404
    assert HistoryEvent.objects.filter(verb=Verb.ACCOUNT_UPDATED, after__has_key="photo").exists()


def test_changing_the_photo_replaces_the_old_file(
    client_for, personas, django_capture_on_commit_callbacks
):
    client = client_for(personas.owner)
    target = url("photo_upload", personas.account.pk)
    client.post(target, {"photo": upload(png(colour="blue"))})
    first = ClientAccount.objects.get(pk=personas.account.pk).photo
    with django_capture_on_commit_callbacks(execute=True):
        client.post(target, {"photo": upload(png(fmt="WEBP"), "x.webp", "image/webp")})
    second = ClientAccount.objects.get(pk=personas.account.pk).photo
    assert second.name != first.name
    assert not first.storage.exists(first.name)
    assert second.storage.exists(second.name)


def pdf():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("factura.jpg", pdf(), "not a JPEG, PNG or WebP image"),
        ("logo.svg", SVG, "not a JPEG, PNG or WebP image"),
        ("roto.png", png()[:60], "not a JPEG, PNG or WebP image"),
        ("anim.gif", png(fmt="GIF"), "not a JPEG, PNG or WebP image"),
        ("enorme.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "larger than 5 MB"),
        ("vacio.png", b"", "empty"),
    ],
)
def test_anything_but_a_small_real_image_is_refused_and_nothing_stored(
    client_for, personas, settings, name, content, message
):
    response = client_for(personas.owner).post(
        url("photo_upload", personas.account.pk), {"photo": upload(content, name)}
    )
    assert response.status_code == 400
    assert message in page(response)
    assert not ClientAccount.objects.get(pk=personas.account.pk).photo
    assert not (settings.MEDIA_ROOT).exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))
    assert not HistoryEvent.objects.filter(verb=Verb.ACCOUNT_UPDATED).exists()


# --- Contacts (P-5, P-6) -----------------------------------------------------------------------


def test_contact_data_edited_once_shows_on_every_linked_account(client_for, personas, setup):
    AccountContactFactory(account=personas.other_account, contact=setup.link.contact)
    field = CustomFieldFactory(firm=personas.firm, applies_to="contact", label="DNI")
    data = {
        "first_name": "Lucía",
        "last_name": "Ortiz",
        "email": "lucia.ortiz@panaderia.es",
        "additional_emails": "l.nunez@gmail.com\notra@example.es",
        "phone": "+34 600 000 000",
        "language": "es",
        f"custom_{field.pk}": "12345678Z",
    }
    client = client_for(personas.owner)
    response = client.post(url("contact_edit", personas.account.pk, setup.link.pk), data)
    assert response.status_code == 302
    other_html = page(client.get(url("info", personas.other_account.pk)))
    assert "Lucía Ortiz" in other_html and "+34 600 000 000" in other_html
    assert "lucia.ortiz@panaderia.es" in other_html and "otra@example.es" in other_html
    assert other_html.index("lucia.ortiz@panaderia.es") < other_html.index("l.nunez@gmail.com")
    assert "lucia@panaderia.es" not in other_html
    contact = Contact.objects.get(pk=setup.link.contact.pk)
    assert contact.custom_values == {str(field.pk): "12345678Z"}
    for account in (personas.account, personas.other_account):
        assert "lucia ortiz" in ClientAccount.objects.get(pk=account.pk).search_text
    assert HistoryEvent.objects.filter(verb=Verb.CONTACT_UPDATED).count() == 1


def test_an_address_kept_keeps_its_switches(client_for, personas, setup):
    EmailSwitchesFactory(link=setup.link, email=setup.extra_email, login=True)
    data = {"first_name": "Lucía", "email": "l.nunez@gmail.com", "language": "es"}
    client_for(personas.owner).post(url("contact_edit", personas.account.pk, setup.link.pk), data)
    emails = list(setup.link.contact.emails.all())
    assert [(e.email, e.is_primary) for e in emails] == [("l.nunez@gmail.com", True)]
    assert EmailSwitches.objects.get(email=emails[0]).login


@pytest.mark.parametrize(
    "changes",
    [
        {"first_name": ""},
        {"email": "no-es-correo"},
        {"additional_emails": "bien@example.es, mal@"},
        {"email": "", "additional_emails": "otra@example.es"},
        {"language": "de"},
    ],
)
def test_bad_contact_data_changes_nothing(client_for, personas, setup, changes):
    before = snapshot(personas.account), list(setup.link.contact.emails.values_list("email"))
    data = {"first_name": "Lucía", "last_name": "Ortiz", "email": "x@example.es", "language": "es"}
    target = url("contact_edit", personas.account.pk, setup.link.pk)
    response = client_for(personas.owner).post(target, data | changes)
    assert response.status_code == 400
    assert "invalid-feedback" in page(response)
    after = snapshot(personas.account), list(setup.link.contact.emails.values_list("email"))
    assert after == before


def test_link_description_and_signer_priority_are_per_account(client_for, personas, setup):
    other_link = AccountContactFactory(
        account=personas.other_account, contact=setup.link.contact, description="Socia"
    )
    client = client_for(personas.manager)
    target = url("link_edit", personas.account.pk, setup.link.pk)
    assert (
        client.post(target, {"description": "Directora", "signer_priority": "3"}).status_code == 302
    )
    setup.link.refresh_from_db()
    other_link.refresh_from_db()
    assert (setup.link.description, setup.link.signer_priority) == ("Directora", 3)
    assert other_link.description == "Socia"
    assert client.post(target, {"description": "x", "signer_priority": "0"}).status_code == 400
    setup.link.refresh_from_db()
    assert setup.link.description == "Directora"


def test_switches_toggle_per_account_with_and_without_htmx(client_for, personas, setup):
    other_link = AccountContactFactory(account=personas.other_account, contact=setup.link.contact)
    client = client_for(personas.owner)
    target = url("switches", personas.account.pk, setup.link.pk, setup.email.pk)
    assert client.post(target, {"switch": "login", "value": "on"}).status_code == 302
    response = client.post(
        target, {"switch": "notify", "value": "on"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    fragment = page(response)
    assert "<html" not in fragment and "email-switches" in fragment
    assert fragment.count('aria-checked="true"') == 2
    row = EmailSwitches.objects.get(link=setup.link, email=setup.email)
    assert (row.login, row.notify, row.email_sync) == (True, True, False)
    assert not EmailSwitches.objects.filter(link=other_link).exists()
    assert client.post(target, {"switch": "login", "value": "off"}).status_code == 302
    assert not EmailSwitches.objects.get(pk=row.pk).login
    assert client.post(target, {"switch": "superuser", "value": "on"}).status_code == 302
    assert HistoryEvent.objects.filter(verb=Verb.SWITCHES_CHANGED).count() == 3


def test_add_contact_links_an_existing_one_found_by_name_or_email(client_for, personas, setup):
    rocio = ContactFactory(firm=personas.firm, first_name="Rocío", last_name="Vega")
    ContactEmailFactory(contact=rocio, email="rocio@vega.es")
    ContactFactory(firm=personas.foreign_account.firm, first_name="Rocío", last_name="Dupré")
    client = client_for(personas.owner)
    target = url("contact_add", personas.account.pk)
    for search in ("roc", "vega.es"):
        found = client.get(target, {"q": search}).context["found"]
        assert [c.full_name for c in found] == ["Rocío Vega"]
    assert list(client.get(target, {"q": "Lucía"}).context["found"]) == []  # already linked
    assert client.post(target, {"contact": rocio.pk}).status_code == 302
    assert AccountContact.objects.filter(account=personas.account, contact=rocio).exists()
    foreign = Contact.objects.get(last_name="Dupré")
    assert client.post(target, {"contact": foreign.pk}).status_code == 400
    assert not AccountContact.objects.filter(contact=foreign).exists()


def test_add_contact_creates_a_new_one_with_emails_and_custom_fields(client_for, personas):
    field = CustomFieldFactory(
        firm=personas.firm, applies_to="contact", label="Nacimiento", kind="date"
    )
    data = {
        "first_name": "Íñigo",
        "last_name": "Sáez",
        "description": "Administrador",
        "email": "Inigo@Saez.es",
        "additional_emails": "inigo@gmail.com",
        "language": "fr",
        f"custom_{field.pk}": "1980-05-17",
    }
    client = client_for(personas.owner)
    assert client.post(url("contact_new", personas.account.pk), data).status_code == 302
    link = AccountContact.objects.get(account=personas.account)
    assert link.description == "Administrador"
    assert [e.email for e in link.contact.emails.all()] == ["inigo@saez.es", "inigo@gmail.com"]
    assert link.contact.custom_values == {str(field.pk): "1980-05-17"}
    assert "inigo saez" in ClientAccount.objects.get(pk=personas.account.pk).search_text
    bad = client.post(
        url("contact_new", personas.account.pk), data | {f"custom_{field.pk}": "ayer"}
    )
    assert bad.status_code == 400
    assert Contact.objects.count() == 1


def test_unlinking_removes_the_link_only(client_for, personas, setup):
    client = client_for(personas.admin)
    target = url("unlink", personas.account.pk, setup.link.pk)
    assert client.post(target, {"confirmed": "1"}).status_code == 302
    assert not AccountContact.objects.filter(pk=setup.link.pk).exists()
    assert Contact.objects.filter(pk=setup.link.contact.pk).exists()
    assert "lucia" not in ClientAccount.objects.get(pk=personas.account.pk).search_text


# --- Queries ----------------------------------------------------------------------------------


def grow(personas, account, n):
    for i in range(n):
        link = AccountContactFactory(account=account, description=f"Contacto {i}")
        email = ContactEmailFactory(contact=link.contact)
        ContactEmailFactory(contact=link.contact, is_primary=False)
        EmailSwitchesFactory(link=link, email=email, login=True)
        account.tags.add(TagFactory(firm=personas.firm))
        teammate = MemberFactory(firm=personas.firm)
        actions.add_team_member(member=personas.owner, account=account, teammate=teammate)
        actions.remove_team_member(member=personas.owner, account=account, teammate=teammate)
        TeamMembershipFactory(account=account, member=MemberFactory(firm=personas.firm))
        related = AccountFactory(firm=personas.firm)
        AccountContactFactory(account=related, contact=link.contact)
    CustomFieldFactory(firm=personas.firm, label=f"Campo {n}")


def info_queries(client, account):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("info", account.pk)).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["owner", "accountant"])
def test_the_info_tab_query_count_does_not_grow_with_the_account(client_for, personas, who):
    small, large = personas.account, AccountFactory(firm=personas.firm)
    TeamMembershipFactory(account=large, member=personas.accountant)
    grow(personas, small, 1)
    grow(personas, large, 12)
    client = client_for(getattr(personas, who))
    info_queries(client, small)  # warm the session
    counts = info_queries(client, small), info_queries(client, large)
    assert counts[0] == counts[1] <= 15, counts
