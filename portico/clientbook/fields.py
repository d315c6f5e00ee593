"""The columns of a client-book file (X-3): each field an import can fill and an export writes,
its label in the user's language, and the header names (English, Spanish, French) that suggest
it when a file is imported.

A field key is a plain name ("name", "email") or, for the firm's custom fields,
"account:<id>" / "contact:<id>"."""

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portico.core.text import fold


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # a lazy translation, or a custom field's own label
    synonyms: str = ""  # other header names, comma-separated, any language
    part: str = "account"  # "account", "contact" or "link"


FIELDS = [
    Field("id", _("Portico ID"), "portico id, id portico, id"),
    Field(
        "name",
        _("Account name"),
        "name, account, client, client name, company, nombre, cuenta, cliente, nombre del "
        "cliente, razon social, empresa, nom, compte, nom du client, raison sociale, societe",
    ),
    Field("kind", _("Account type"), "type, kind, tipo, tipo de cuenta, type de compte"),
    Field(
        "tax_id",
        _("Tax ID"),
        "tax id, vat, vat number, nif, cif, nie, nif cif, siren, siret, tva, numero de tva, "
        "n tva, identifiant fiscal, numero fiscal",
    ),
    Field("street", _("Street"), "address, street, direccion, calle, domicilio, adresse, rue"),
    Field("postal_code", _("Postal code"), "zip, postcode, codigo postal, cp, code postal"),
    Field("city", _("City"), "town, ciudad, localidad, poblacion, municipio, ville, commune"),
    Field("region", _("Region"), "state, province, provincia, region, departement"),
    Field("country", _("Country"), "country code, pais, pays"),
    Field("tags", _("Tags"), "tag, etiquetas, etiqueta, etiquettes, etiquette"),
    Field(
        "first_name",
        _("Contact first name"),
        "first name, given name, nombre del contacto, nombre de pila, prenom, prenom du contact",
        "contact",
    ),
    Field(
        "last_name",
        _("Contact last name"),
        "last name, surname, family name, apellidos, apellido, nom de famille, nom du contact",
        "contact",
    ),
    Field(
        "email",
        _("Contact email"),
        "email, e mail, email address, correo, correo electronico, mail, courriel, adresse e mail",
        "contact",
    ),
    Field(
        "other_emails",
        _("Other emails"),
        "additional emails, otros correos, correos adicionales, autres e mails",
        "contact",
    ),
    Field("phone", _("Phone"), "telephone, mobile, telefono, movil, portable", "contact"),
    Field("language", _("Language"), "idioma, langue", "contact"),
    Field("contact_street", _("Contact street"), "contact address", "contact"),
    Field("contact_postal_code", _("Contact postal code"), "", "contact"),
    Field("contact_city", _("Contact city"), "", "contact"),
    Field("contact_region", _("Contact region"), "", "contact"),
    Field("contact_country", _("Contact country"), "", "contact"),
    Field(
        "description",
        _("Contact description"),
        "role, position, descripcion, cargo, puesto, role, fonction",
        "link",
    ),
]
BY_KEY = {field.key: field for field in FIELDS}
ACCOUNT_ADDRESS = ("street", "postal_code", "city", "region", "country")
CONTACT_ADDRESS = {f"contact_{name}": name for name in ACCOUNT_ADDRESS}
LANGUAGES = ("en", "es", "fr")


def header_key(text: str) -> str:
    """A header as it is compared: folded, with _ - . / ° and repeated spaces made one space."""
    return " ".join(re.sub(r"[_\-./°:()]", " ", fold(text or "")).split())


def custom_label(custom_field) -> str:
    """The export's header of a custom field: an account field's own label; a contact field's
    label followed by "(contact)" in the active language, so the two kinds never collide."""
    if custom_field.applies_to == "contact":
        return _("%(label)s (contact)") % {"label": custom_field.label}
    return custom_field.label


def custom_key(custom_field) -> str:
    return f"{custom_field.applies_to}:{custom_field.pk}"


def columns(custom_fields) -> list[tuple[str, str]]:
    """(key, label in the active language) of every field, the custom ones (a firm's list,
    accounts' first) after the account's or the contact's own fields."""
    account_custom = [f for f in custom_fields if f.applies_to == "account"]
    contact_custom = [f for f in custom_fields if f.applies_to == "contact"]
    result = []
    for field in FIELDS:
        result.append((field.key, str(field.label)))
        if field.key == "tags":
            result += [(custom_key(f), custom_label(f)) for f in account_custom]
    result += [(custom_key(f), custom_label(f)) for f in contact_custom]
    return result


def known_headers(custom_fields) -> dict[str, str]:
    """Header (as header_key gives it) → field key, from every field's label in English,
    Spanish and French and its synonyms; the labels win over the synonyms."""
    names = {}
    for field in FIELDS:
        for synonym in field.synonyms.split(","):
            names.setdefault(header_key(synonym), field.key)
    for language in LANGUAGES:
        with translation.override(language):
            for key, label in columns(custom_fields):
                names[header_key(label)] = key
    names.pop("", None)
    return names


def suggest(header: list[str], custom_fields, saved: dict[str, str]) -> list[str]:
    """A field key (or "") for each column of `header`: the firm's saved choice for that header
    first, then the known names; a field is suggested for one column only."""
    known = known_headers(custom_fields)
    valid = {key for key, _label in columns(custom_fields)}
    taken, result = set(), []
    for name in header:
        key = header_key(name)
        choice = saved.get(key, known.get(key, ""))
        if choice not in valid or choice in taken:
            choice = ""
        taken.add(choice)
        result.append(choice)
    return result
