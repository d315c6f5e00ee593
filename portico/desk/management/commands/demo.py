"""`manage.py demo`: a demo firm with staff, tags, custom fields, 250 client accounts, each
member's tasks, and a dozen clients' invoices, payments and estimates.

Everything goes through the client actions, so History events and search text are as in real
use. The data comes from a fixed seed, and a second run creates nothing.
"""

import itertools
import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portico.billing import demo as billing_demo
from portico.clients import actions
from portico.clients.models import ClientAccount, ConnectionRequest, CustomField, Tag
from portico.core import languages
from portico.core.text import fold
from portico.expenses import demo as expense_demo
from portico.firms.models import Firm, Member, Role, User
from portico.notifications import demo as notification_demo
from portico.portal import demo as portal_demo
from portico.work import demo as work_demo

FIRM_NAME = "Demo Asesores"
PASSWORD = "portico-demo"
URL = "http://127.0.0.1:8000/"
ACCOUNT_COUNT = 250
SEES_ALL = "luc@example.com"
# email, full name, role, language, number of accounts on whose team they are
STAFF = [
    ("owner@example.com", "Olivia Ortega", Role.OWNER, "es", 5),
    ("admin@example.com", "Adrián Álvarez", Role.ADMIN, "es", 30),
    ("ana@example.com", "Ana Martínez", Role.ACCOUNTANT, "es", 60),
    ("luc@example.com", "Luc Lefèvre", Role.ACCOUNTANT, "fr", 40),
]


REQUESTS = [
    ("Restaurante Casa Pepa SL", "company", "Pepa", "Domínguez", "pepa@example.es", "extended"),
    ("Librairie Les Mots Bleus", "company", "Hélène", "Garnier", "helene@example.fr", "limited"),
    ("Clínica Dental Sonrisa", "company", "Óscar", "Navarro", "oscar@example.es", "limited"),
]


def words(text):
    return [w.strip() for w in text.split(",")]


def split_values(table):
    return {key: words(value) for key, value in table.items()}


TAGS = [
    t.rsplit(" ", 1)
    for t in words(
        "IVA trimestral #0d6efd, Autónomo #198754, SL #6f42c1, "
        "Nómina #fd7e14, Prioritario #dc3545, Cliente nuevo #20c997"
    )
]
REGIMES = words(
    "Estimación directa, Módulos, Régimen general, Micro-entreprise, Réel simplifié, Réel normal"
)
FIRST = split_values(
    {
        "ES m": "José, Andrés, Íñigo, Álvaro, Raúl, Óscar, Ramón, Jesús, Víctor, Martín, Sergio",
        "ES f": "María, Lucía, Sofía, Begoña, Nuria, Inés, Mónica, Ángela, Carmen, Rocío, Pilar",
        "FR m": "François, Jérôme, Noël, Raphaël, Benoît, Loïc, Théo, Étienne, Rémi, Aurélien",
        "FR f": "Chloé, Léa, Hélène, Zoé, Cécile, Amélie, Gaëlle, Élodie, Thérèse, Bérénice",
    }
)
LAST = split_values(
    {
        "ES": "García, López, Martínez, Núñez, Ibáñez, Fernández, Gómez, Sánchez, Pérez, Muñoz, "
        "Jiménez, Álvarez, Díaz, Rodríguez, Hernández, Castaño, Peña, Ortega, Ruiz, Domínguez",
        "FR": "Dubois, Lefèvre, Moreau, Bérard, Gauthier, Mercier, Rousseau, Faure, Girard, "
        "Lemaître, Roux, Fournier, Chevalier, Dupré, Garnier, Leclère, Bonnet, Rivière",
    }
)
TRADES = split_values(
    {
        "ES": "Panadería, Talleres, Construcciones, Transportes, Ferretería, Clínica Dental, "
        "Carpintería, Frutas, Óptica, Librería, Peluquería, Asesoría Técnica",
        "FR": "Boulangerie, Garage, Cabinet, Pharmacie, Menuiserie, Atelier, Librairie, Café, "
        "Plomberie, Transports, Fromagerie, Électricité Générale",
    }
)
SUFFIXES = {"ES": ["SL", "SL", "SA", "SLU", ""], "FR": ["SARL", "SARL", "SAS", "EURL", ""]}
OTHERS = split_values(
    {
        "ES": "Asociación Vecinal {place}, Comunidad de Propietarios {street} {n}, "
        "Fundación {last}, Club Deportivo {city}, Peña Cultural {place}",
        "FR": "Association Les Amis de {city}, Copropriété Résidence {place}, SCI {last}, "
        "Comité des fêtes de {city}, Amicale {place}",
    }
)
PLACES = split_values(
    {
        "ES": "El Álamo, Los Olivos, La Fuente, San Ginés, Las Acacias, El Pinar, La Alameda",
        "FR": "Les Tilleuls, Le Clos Fleuri, Les Érables, Saint-Éloi, Bellevue, Les Châtaigniers",
    }
)
STREETS = split_values(
    {
        "ES": "Calle Mayor, Avenida de la Constitución, Calle de Alcalá, Plaza de España, "
        "Paseo de la Castellana, Calle San Vicente Mártir, Calle Príncipe de Vergara, "
        "Ronda de Segovia, Calle Jesús del Gran Poder, Avenida de Andalucía",
        "FR": "rue de la République, avenue Jean-Jaurès, boulevard Saint-Germain, "
        "rue Sainte-Catherine, quai de la Fosse, rue du Faubourg Saint-Honoré, "
        "chemin des Écoliers, place de l'Église, rue Émile-Zola, allée des Peupliers",
    }
)
CITIES = split_values(
    {
        "ES": "28013 Madrid, 08007 Barcelona, 46002 Valencia, 41004 Sevilla, 29005 Málaga, "
        "50001 Zaragoza, 15003 A Coruña, 48001 Bilbao, 14001 Córdoba, 24001 León, 11001 Cádiz",
        "FR": "75011 Paris, 69002 Lyon, 13001 Marseille, 31000 Toulouse, 44000 Nantes, "
        "33000 Bordeaux, 30000 Nîmes, 25000 Besançon, 45000 Orléans, 42000 Saint-Étienne",
    }
)
# Link descriptions per country and account kind, the first for the first contact;
# "masculine|feminine" where they differ.
ROLES = split_values(
    {
        "ES individual": "Titular, Cónyuge, Hijo|Hija",
        "ES company": "Gerente, Administrador|Administradora, Socio|Socia, Contable",
        "ES other": "Presidente|Presidenta, Secretario|Secretaria, Tesorero|Tesorera",
        "FR individual": "Titulaire, Conjoint|Conjointe, Fils|Fille",
        "FR company": "Gérant|Gérante, Comptable interne, Associé|Associée, Président|Présidente",
        "FR other": "Président|Présidente, Trésorier|Trésorière, Secrétaire",
    }
)


def ascii_word(text):
    return "".join(c for c in fold(text) if c.isascii() and c.isalnum())


class Command(BaseCommand):
    help = "Create a demo firm with staff and 250 client accounts (does nothing if it exists)."

    def handle(self, **options):
        if Firm.objects.filter(name=FIRM_NAME).exists():
            self.stdout.write(f"The firm {FIRM_NAME!r} already exists; nothing created.")
        else:
            emails = [staff[0] for staff in STAFF] + [portal_demo.CLIENT_EMAIL]
            taken = User.objects.filter(email__in=emails).values_list("email", flat=True)
            if taken:
                raise CommandError(f"Users already exist: {', '.join(taken)}")
            with transaction.atomic():
                firm = Demo(random.Random(2026)).build()
            accounts = ClientAccount.objects.filter(firm=firm)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {FIRM_NAME!r}: {accounts.count()} accounts, {firm.contacts.count()} "
                    f"contacts, {firm.members.count()} members."
                )
            )
        self.print_credentials()

    def print_credentials(self):
        self.stdout.write(f"\nSign in at {URL} with one of:")
        for email, name, role, language, _ in STAFF:
            extra = ", sees all accounts" if email == SEES_ALL else ""
            shown = languages.name(language)
            self.stdout.write(f"  {email:<20} {name} ({role}{extra}) · {shown}")
        self.stdout.write(f"Password (all four): {PASSWORD}")
        self.stdout.write(
            f"Client portal: {URL}portal/ as {portal_demo.CLIENT_EMAIL} (password {PASSWORD})"
        )


class Demo:
    """Builds the demo firm; every choice comes from the seeded random generator."""

    def __init__(self, rng):
        self.rng = rng
        self.names = set()
        self.emails = set()
        self.links = {}  # account pk -> number of linked contacts
        self.contacts = []  # (contact, gender, country)

    def build(self):
        self.firm = Firm.objects.create(
            name=FIRM_NAME,
            time_zone="Europe/Paris",
            currency="EUR",
            language="es",
            # What its invoices must show of their issuer (billing.actions.check_issuer).
            tax_id="B87654323",
            street="Calle de Alcalá 42",
            postal_code="28014",
            city="Madrid",
        )
        self.members = self.create_staff()
        self.owner = self.members["owner@example.com"]
        self.tags = [Tag.objects.create(firm=self.firm, name=n, colour=c) for n, c in TAGS]
        self.create_fields()
        shares = {"individual": 0.4, "company": 0.5, "other": 0.1}
        kinds = [k for k, share in shares.items() for _ in range(round(ACCOUNT_COUNT * share))]
        self.rng.shuffle(kinds)
        accounts = [self.create_account(kind) for kind in kinds]
        self.share_contacts(accounts)
        self.assign_teams(accounts)
        self.grant_access(accounts)
        self.add_pending(accounts)
        expense_demo.build(self, accounts)
        notification_demo.build(self, accounts)
        portal_demo.build(self, accounts, PASSWORD)
        work_demo.build(self, accounts)
        carmen = ClientAccount.objects.filter(
            links__contact__emails__email=portal_demo.CLIENT_EMAIL
        ).order_by("name_key")
        billing_demo.build(self, accounts, first=list(carmen))
        return self.firm

    def create_staff(self):
        members = {}
        for email, full_name, role, language, _ in STAFF:
            user = User.objects.create_user(email, PASSWORD, full_name=full_name)
            members[email] = Member.objects.create(
                firm=self.firm,
                user=user,
                role=role,
                language=language,
                can_see_all_accounts=email == SEES_ALL,
            )
        return members

    def create_fields(self):
        def field(applies_to, label, kind, position, choices=()):
            return CustomField.objects.create(
                firm=self.firm,
                applies_to=applies_to,
                label=label,
                kind=kind,
                choices=list(choices),
                position=position,
            )

        on, kind = CustomField.AppliesTo, CustomField.Kind
        self.nif = field(on.ACCOUNT, "NIF/CIF", kind.TEXT, 1)
        self.employees = field(on.ACCOUNT, "Número de empleados", kind.NUMBER, 2)
        self.regime = field(on.ACCOUNT, "Régimen", kind.CHOICE, 3, REGIMES)
        self.birth = field(on.CONTACT, "Fecha de nacimiento", kind.DATE, 1)
        self.billing = field(on.CONTACT, "Correo electrónico de facturación", kind.EMAIL, 2)

    def person(self, country):
        gender = self.rng.choice("mf")
        last = self.rng.choice(LAST[country])
        if country == "ES":
            last = f"{last} {self.rng.choice(LAST['ES'])}"
        return self.rng.choice(FIRST[f"{country} {gender}"]), last, gender

    def account_name(self, kind, country):
        """A name not used yet, and for an individual the person it is about."""
        while True:
            first, last, gender = self.person(country)
            surname = last.split()[0]
            suffix = ""
            if kind == "individual":
                name = f"{first} {last}"
            elif kind == "company":
                with_first = country == "FR" and self.rng.random() < 0.3
                owner = f"{first} {surname}" if with_first else surname
                name = f"{self.rng.choice(TRADES[country])} {owner}"
                suffix = self.rng.choice(SUFFIXES[country])
            else:
                name = self.rng.choice(OTHERS[country]).format(
                    place=self.rng.choice(PLACES[country]),
                    street=self.rng.choice(STREETS[country]),
                    n=self.rng.randint(1, 80),
                    city=self.city(country)[1],
                    last=surname,
                )
            if name not in self.names:
                self.names.add(name)
                return f"{name} {suffix}".strip(), (first, last, gender)

    def city(self, country):
        return self.rng.choice(CITIES[country]).split(" ", 1)

    def address(self, country):
        street, n = self.rng.choice(STREETS[country]), self.rng.randint(1, 120)
        postal_code, city = self.city(country)
        if country == "ES":
            floor = f", {self.rng.randint(1, 8)}º {self.rng.choice('ABCD')}" if n % 3 else ""
            street = f"{street}, {n}{floor}"
        else:
            street = f"{n} {street}"
        return {"street": street, "postal_code": postal_code, "city": city, "country": country}

    def account_values(self, kind, country):
        rng, number = self.rng, self.rng.randint(10_000_000, 99_999_999)
        if country == "FR":
            nif = f"FR{rng.randint(10, 99)} {number}{rng.randint(0, 9)}"
        elif kind == "individual":
            nif = f"{number}{'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23]}"
        else:
            nif = f"{'G' if kind == 'other' else 'B'}{number}"
        values = {str(self.nif.pk): nif, str(self.employees.pk): rng.choice([3, 12])}
        if rng.random() < 0.8:
            values[str(self.regime.pk)] = rng.choice(
                REGIMES[:3] if country == "ES" else REGIMES[3:]
            )
        return values

    def create_account(self, kind):
        country = "ES" if self.rng.random() < 0.55 else "FR"
        name, person = self.account_name(kind, country)
        address = self.address(country)
        account = actions.create_account(
            member=self.owner,
            name=name,
            kind=kind,
            custom_values=self.account_values(kind, country),
            **address,
        )
        tags = self.rng.sample(self.tags, self.rng.randint(0, 3))
        if tags:
            actions.set_tags(member=self.owner, account=account, tags=tags)
        people = [person] + [self.person(country) for _ in range(self.rng.randint(0, 2))]
        roles = ROLES[f"{country} {kind}"]
        for i, (first, last, gender) in enumerate(people, start=1):
            here = address if kind == "individual" and i == 1 else {}
            contact = self.create_contact(first, last, gender, country, here)
            description = roles[0] if i == 1 else self.rng.choice(roles[1:])
            self.link(account, contact, description, gender)
        return account

    def email(self, domain, *names):
        """The first free address among the local parts given, then the last one numbered."""
        numbered = (f"{names[-1]}{n}" for n in itertools.count(2))
        addresses = (f"{name}@{domain}" for name in itertools.chain(names, numbered))
        address = next(a for a in addresses if a not in self.emails)
        self.emails.add(address)
        return address

    def create_contact(self, first, last, gender, country, address):
        rng, domain = self.rng, f"example.{country.lower()}"
        first_ascii, *last_ascii = (ascii_word(w) for w in [first, *last.split()])
        names = [f"{first_ascii}.{'.'.join(last_ascii[:n])}" for n in (1, len(last_ascii))]
        emails = [self.email(domain, *dict.fromkeys(names))]
        if rng.random() < 0.3:
            emails.append(self.email("example.com", f"{first_ascii[0]}{last_ascii[0]}"))
        values = {}
        if rng.random() < 0.5:
            born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 18_000))
            values[str(self.birth.pk)] = born.isoformat()
        if rng.random() < 0.2:
            billing = "facturacion" if country == "ES" else "facturation"
            values[str(self.billing.pk)] = self.email(domain, f"{billing}.{last_ascii[0]}")
        if country == "ES":
            phone = f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        else:
            phone = "+33 6 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
        contact = actions.create_contact(
            member=self.owner,
            first_name=first,
            last_name=last,
            emails=emails,
            phone=phone,
            language=country.lower(),
            custom_values=values,
            **address,
        )
        self.contacts.append((contact, gender, country))
        return contact

    def link(self, account, contact, description, gender):
        forms = description.split("|")
        priority = self.links.get(account.pk, 0) + 1
        actions.link_contact(
            member=self.owner,
            account=account,
            contact=contact,
            description=forms[-1] if gender == "f" else forms[0],
            signer_priority=priority,
        )
        self.links[account.pk] = priority

    def share_contacts(self, accounts, count=15):
        """Link some contacts to a second account of their country that has room for one more."""
        for contact, gender, country in self.rng.sample(self.contacts, count):
            linked = set(contact.links.values_list("account_id", flat=True))
            room = [
                a
                for a in accounts
                if a.country == country
                and a.kind != "individual"
                and self.links[a.pk] < 3
                and a.pk not in linked
            ]
            account = self.rng.choice(room)
            self.link(account, contact, self.rng.choice(ROLES[f"{country} {account.kind}"]), gender)

    def assign_teams(self, accounts):
        for email, *_, size in STAFF:
            for account in self.rng.sample(accounts, size):
                actions.add_team_member(
                    member=self.owner, account=account, teammate=self.members[email]
                )

    def grant_access(self, accounts, share=0.4):
        """Turn Login on for the primary email of the first contact of some accounts (C-7)."""
        for account in self.rng.sample(accounts, round(len(accounts) * share)):
            link = account.links.order_by("signer_priority").first()
            email = link.contact.emails.get(is_primary=True)
            actions.set_switches(member=self.owner, link=link, email=email, login=True, notify=True)

    def add_pending(self, accounts):
        """Clients still being onboarded (some of Ana's) and clients asking to connect (C-1)."""
        ana = self.members["ana@example.com"]
        ana_accounts = [a for a in accounts if a.teammembership_set.filter(member=ana).exists()]
        steps = [s for s in ClientAccount.Onboarding if s != ClientAccount.Onboarding.ACTIVE]
        onboarding = self.rng.sample(ana_accounts, 3) + self.rng.sample(accounts, 3)
        for account, step in zip(onboarding, itertools.cycle(steps), strict=False):
            ClientAccount.objects.filter(pk=account.pk).update(onboarding=step)
        for name, kind, first, last, email, access in REQUESTS:
            ConnectionRequest.objects.create(
                firm=self.firm,
                client_name=name,
                kind=kind,
                contact_first_name=first,
                contact_last_name=last,
                contact_email=email,
                access=access,
            )
