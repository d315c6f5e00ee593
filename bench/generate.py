"""Dataset "M" of DESIGN.md (and smaller sizes) for the benchmarks, written with bulk inserts.

One firm "Bench Asesores" with staff of realistic skew (three accountants with thousands of
clients, the rest with hundreds), accounts with accented Spanish and French names, contacts with
emails, links, tags, portal access and logins, and expenses (bench/expenses.py). 0.5 % of the
accounts match the typical search "zubizarreta" (by account or contact name)."""

import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from bench import billing, expenses, work
from portico.clients.models import (
    AccountContact,
    ClientAccount,
    ConnectionRequest,
    Contact,
    ContactEmail,
    EmailSwitches,
    Tag,
    TeamMembership,
)
from portico.core.text import fold
from portico.expenses.models import Expense
from portico.firms.models import Firm, Member, Role, User
from portico.work.models import Task

FIRM_NAME = "Bench Asesores"
PASSWORD = "portico-bench"
TYPICAL_SEARCH = "zubizarreta"
BATCH = 5000


@dataclass(frozen=True)
class Size:
    accounts: int
    contacts_per_account: float
    expenses: int
    tasks: int
    invoices: int


SIZES = {
    "S": Size(2_000, 2.5, 40_000, 6_000, 10_000),
    "M": Size(100_000, 2.5, 2_000_000, 300_000, 500_000),
}
# What the firm's invoices must show of their issuer (billing.actions.check_issuer).
ISSUER = {"tax_id": "B87654323", "street": "C. Mayor 1", "postal_code": "28013", "city": "Madrid"}

FIRST = [
    "José",
    "María",
    "Lucía",
    "Sofía",
    "Íñigo",
    "Álvaro",
    "Begoña",
    "Nuria",
    "Raúl",
    "Óscar",
    "Ramón",
    "Inés",
    "Mónica",
    "Ángela",
    "François",
    "Jérôme",
    "Chloé",
    "Léa",
    "Hélène",
    "Zoé",
    "Noël",
    "Raphaël",
    "Benoît",
    "Cécile",
    "Amélie",
    "Gaëlle",
    "Élodie",
    "Loïc",
]
LAST = [
    "García",
    "Núñez",
    "Ibáñez",
    "Muñoz",
    "Peña",
    "Castaño",
    "Álvarez",
    "Jiménez",
    "Domínguez",
    "Martínez",
    "Gómez",
    "Sánchez",
    "Lefèvre",
    "Dupré",
    "Bérard",
    "Moreau",
    "Girard",
    "Rousseau",
    "Lemaître",
    "Mercier",
    "Fontaine",
    "Chevalier",
    "Faure",
]
BUSINESS = [
    "Panadería",
    "Talleres",
    "Ferretería",
    "Asesoría Técnica",
    "Clínica",
    "Bodegas",
    "Construcciones",
    "Boulangerie",
    "Cabinet",
    "Pâtisserie",
    "Garage",
    "Librairie",
    "Menuiserie",
    "Pharmacie",
]
SUFFIX = ["SL", "SA", "SLU", "SARL", "SAS", "EURL", ""]


def build(size: Size, seed: int = 7, log=print) -> Firm:
    """Create the bench firm at `size`, replacing an earlier one."""
    rng = random.Random(seed)
    Firm.objects.filter(name=FIRM_NAME).delete()
    User.objects.filter(email__endswith="@bench.example").delete()
    with transaction.atomic():
        firm = Firm.objects.create(name=FIRM_NAME, **ISSUER)
        members = _staff(firm)
        tags = [Tag.objects.create(firm=firm, name=f"Etiqueta {i}") for i in range(12)]
        step(log, "accounts", lambda: _accounts(firm, size, rng))
        accounts = list(ClientAccount.objects.filter(firm=firm).values_list("pk", flat=True))
        step(log, "contacts", lambda: _contacts(firm, accounts, size, rng))
        step(log, "teams", lambda: _teams(accounts, members, rng))
        step(log, "tags", lambda: _tags(accounts, tags, rng))
        step(log, "access", lambda: _access(firm, rng))
        step(log, "connection requests", lambda: _requests(firm, rng))
        step(log, "portal logins", lambda: expenses.portal_logins(firm, rng))
        step(log, "expenses", lambda: expenses.build(firm, size.expenses, rng))
        step(log, "tasks", lambda: work.build(firm, size.tasks, rng))
        step(log, "billing", lambda: billing.build(firm, size.invoices, rng))
    step(log, "statistics", analyze)
    return firm


def is_built(size: Size) -> bool:
    """Whether the bench firm holds a dataset of `size` (an older one lacking expenses or tasks
    is not)."""
    accounts = ClientAccount.objects.filter(firm__name=FIRM_NAME)
    has_expenses = Expense.objects.filter(firm__name=FIRM_NAME).exists()
    has_tasks = Task.objects.filter(firm__name=FIRM_NAME).exists()
    return accounts.count() == size.accounts and has_expenses and has_tasks


def analyze():
    """Leave the tables as a database in use has them. Built in one transaction, every account
    row is rewritten several times (its search text, tallies and sort keys follow each contact,
    email and expense added), which left PostgreSQL's accounts table 117 MB for 32 MB of rows,
    its first blocks nearly empty. Years of use don't: autovacuum frees dead rows as they come and
    later updates fill the space. So the table is compacted, then every table vacuumed and
    analysed as autovacuum would have (index-only scans need the first); SQLite updates rows in
    place and gathers its statistics with ANALYZE."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM FULL {ClientAccount._meta.db_table}")
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def step(log, name, work):
    started = time.monotonic()
    work()
    log(f"  {name}: {time.monotonic() - started:.1f} s")


def _staff(firm):
    roles = [("owner", Role.OWNER, False)] + [("admin", Role.ADMIN, False)]
    roles += [(f"accountant{i}", Role.ACCOUNTANT, i == 0) for i in range(20)]
    members, hashed = [], make_password(PASSWORD)  # hashed once: it is slow on purpose
    for name, role, sees_all in roles:
        user = User.objects.create(email=f"{name}@bench.example", password=hashed, full_name=name)
        members.append(
            Member.objects.create(firm=firm, user=user, role=role, can_see_all_accounts=sees_all)
        )
    return members


def _account_name(rng, index, search_hit):
    surname = "Zubizarreta" if search_hit else rng.choice(LAST)
    if rng.random() < 0.4:
        return f"{rng.choice(FIRST)} {surname} {rng.choice(LAST)}", "individual"
    return f"{rng.choice(BUSINESS)} {surname} {rng.choice(SUFFIX)} {index}".strip(), "company"


def _accounts(firm, size, rng):
    rows = []
    for index in range(size.accounts):
        name, kind = _account_name(rng, index, search_hit=index % 200 == 0)
        rows.append(
            ClientAccount(
                firm=firm,
                name=name,
                name_key=fold(name),
                kind=kind,
                search_text=fold(name),
                city=rng.choice(["Sevilla", "Bilbao", "Lyon", "Nîmes", "Cádiz", "Orléans"]),
                onboarding="active" if rng.random() > 0.002 else "verification",
            )
        )
    ClientAccount.objects.bulk_create(rows, batch_size=BATCH)


def _contacts(firm, accounts, size, rng):
    """Contacts with one or two emails each, linked to their account; search_text follows."""
    total = int(len(accounts) * size.contacts_per_account)
    owners = [accounts[i % len(accounts)] for i in range(total)]
    contacts = [
        Contact(firm=firm, first_name=rng.choice(FIRST), last_name=rng.choice(LAST))
        for _ in range(total)
    ]
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    contacts = list(Contact.objects.filter(firm=firm).order_by("pk"))
    emails, links = [], []
    for n, (contact, account) in enumerate(zip(contacts, owners, strict=True)):
        local = fold(f"{contact.first_name}.{contact.last_name}").replace(" ", "")
        emails.append(
            ContactEmail(contact=contact, email=f"{local}{n}@example.es", is_primary=True)
        )
        if n % 3 == 0:
            emails.append(ContactEmail(contact=contact, email=f"info{n}@example.fr"))
        links.append(AccountContact(account_id=account, contact=contact, signer_priority=1))
    ContactEmail.objects.bulk_create(emails, batch_size=BATCH)
    AccountContact.objects.bulk_create(links, batch_size=BATCH)
    _search_texts(firm)


def _search_texts(firm):
    """Each contact's search text (names and emails), then each account's (its name and its
    contacts'), folded as the actions fold them."""
    texts = {}
    rows = ContactEmail.objects.filter(contact__firm=firm).values_list("contact_id", "email")
    for contact, email in rows.iterator(chunk_size=BATCH):
        texts.setdefault(contact, []).append(email)
    contacts = list(Contact.objects.filter(firm=firm).only("pk", "first_name", "last_name"))
    for contact in contacts:
        contact.search_text = fold(" ".join([contact.full_name, *texts.get(contact.pk, ())]))
    Contact.objects.bulk_update(contacts, ["search_text"], batch_size=BATCH)
    by_contact = {contact.pk: contact.search_text for contact in contacts}
    texts = {}
    links = AccountContact.objects.filter(account__firm=firm).values_list("account_id", "contact")
    for account, contact in links.iterator(chunk_size=BATCH):
        texts.setdefault(account, []).append(by_contact[contact])
    accounts = list(ClientAccount.objects.filter(firm=firm).only("pk", "name"))
    for account in accounts:
        account.search_text = " ".join([fold(account.name), *sorted(texts.get(account.pk, ()))])
    ClientAccount.objects.bulk_update(accounts, ["search_text"], batch_size=BATCH)


def _teams(accounts, members, rng):
    """Skew: three accountants carry thousands of clients each, the others hundreds."""
    accountants = [m for m in members if m.role == Role.ACCOUNTANT]
    rows = []
    for n, member in enumerate(accountants):
        share = 0.12 if n < 3 else 0.004
        for account in rng.sample(accounts, max(1, int(len(accounts) * share))):
            rows.append(TeamMembership(account_id=account, member=member))
    TeamMembership.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def _tags(accounts, tags, rng):
    through = Tag.accounts.through
    rows = [
        through(clientaccount_id=account, tag=tag)
        for account in accounts
        for tag in rng.sample(tags, rng.choice([0, 0, 1, 1, 2, 3]))
    ]
    through.objects.bulk_create(rows, batch_size=BATCH)


def _requests(firm, rng, count=40):
    """Clients asking to connect, awaiting a decision (the Invitations tab)."""
    ConnectionRequest.objects.bulk_create(
        ConnectionRequest(
            firm=firm,
            client_name=_account_name(rng, n, search_hit=False)[0],
            contact_first_name=rng.choice(FIRST),
            contact_last_name=rng.choice(LAST),
            contact_email=f"solicitud{n}@example.es",
            access=ConnectionRequest.Access.EXTENDED,
        )
        for n in range(count)
    )


def _access(firm, rng):
    """Login on for the primary email of the first contact of 40 % of the accounts."""
    links = AccountContact.objects.filter(account__firm=firm, contact__emails__is_primary=True)
    rows = [
        EmailSwitches(link_id=link, email_id=email, login=True, notify=True)
        for link, email in links.values_list("pk", "contact__emails").iterator(chunk_size=BATCH)
        if rng.random() < 0.4
    ]
    EmailSwitches.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
