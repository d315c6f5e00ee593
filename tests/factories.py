"""Factories for every model. Names come with accents on purpose."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portico.clients import models as clients
from portico.clients.actions import refresh_contact_search_text
from portico.core.models import HistoryEvent
from portico.core.text import fold
from portico.documents import models as documents
from portico.expenses import models as expenses
from portico.firms.models import Firm, Member, Role, User
from portico.messaging.models import EmailLog
from portico.notifications import models as notifications
from portico.portal import models as portal

PASSWORD = "a-Long-test-passw0rd"


class FirmFactory(DjangoModelFactory):
    class Meta:
        model = Firm

    name = factory.Sequence(lambda n: f"Gestoría Núñez {n}")
    # What an invoice must show of its issuer (billing.actions.check_issuer).
    tax_id = "B12345674"
    street = "Calle Feria 3"
    postal_code = "41003"
    city = "Sevilla"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Élodie Martín {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    firm = factory.SubFactory(FirmFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.ACCOUNTANT


class TagFactory(DjangoModelFactory):
    class Meta:
        model = clients.Tag

    firm = factory.SubFactory(FirmFactory)
    name = factory.Sequence(lambda n: f"Etiqueta {n}")


class CustomFieldFactory(DjangoModelFactory):
    class Meta:
        model = clients.CustomField

    firm = factory.SubFactory(FirmFactory)
    applies_to = clients.CustomField.AppliesTo.ACCOUNT
    label = factory.Sequence(lambda n: f"Campo {n}")


class AccountFactory(DjangoModelFactory):
    class Meta:
        model = clients.ClientAccount

    firm = factory.SubFactory(FirmFactory)
    name = factory.Sequence(lambda n: f"Panadería Ibáñez {n}")
    search_text = factory.LazyAttribute(lambda account: fold(account.name))
    kind = clients.ClientAccount.Kind.COMPANY
    city = "Sevilla"


class TeamMembershipFactory(DjangoModelFactory):
    class Meta:
        model = clients.TeamMembership

    account = factory.SubFactory(AccountFactory)
    member = factory.SubFactory(MemberFactory, firm=factory.SelfAttribute("..account.firm"))


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = clients.Contact

    firm = factory.SubFactory(FirmFactory)
    first_name = "José"
    last_name = factory.Sequence(lambda n: f"García {n}")
    search_text = factory.LazyAttribute(
        lambda contact: fold(f"{contact.first_name} {contact.last_name}")
    )


class AccountContactFactory(DjangoModelFactory):
    class Meta:
        model = clients.AccountContact

    account = factory.SubFactory(AccountFactory)
    contact = factory.SubFactory(ContactFactory, firm=factory.SelfAttribute("..account.firm"))


class ContactEmailFactory(DjangoModelFactory):
    class Meta:
        model = clients.ContactEmail
        skip_postgeneration_save = True

    contact = factory.SubFactory(ContactFactory)
    email = factory.Sequence(lambda n: f"jose.garcia{n}@example.es")
    is_primary = True

    @factory.post_generation
    def search_text(email, create, extracted, **kwargs):
        """The contact's search text takes the new address, as the actions keep it."""
        if create:
            refresh_contact_search_text(email.contact)


class EmailSwitchesFactory(DjangoModelFactory):
    class Meta:
        model = clients.EmailSwitches

    link = factory.SubFactory(AccountContactFactory)
    email = factory.SubFactory(ContactEmailFactory, contact=factory.SelfAttribute("..link.contact"))


class HistoryEventFactory(DjangoModelFactory):
    class Meta:
        model = HistoryEvent

    firm = factory.SubFactory(FirmFactory)
    verb = HistoryEvent.Verb.ACCOUNT_UPDATED


class EmailLogFactory(DjangoModelFactory):
    class Meta:
        model = EmailLog

    template = "password_reset"
    to = "someone@example.com"
    language = "es"
    subject = "Asunto"
    body_text = "Hola"


# --- Expenses and digests (issue 5) ---------------------------------------------------------


class ExpenseFactory(DjangoModelFactory):
    """An expense written directly: tests that need ExpenseSummary right use expenses.actions."""

    class Meta:
        model = expenses.Expense

    account = factory.SubFactory(AccountFactory)
    firm = factory.SelfAttribute("account.firm")
    spent_on = factory.Faker("date_between", start_date="-60d", end_date="today")
    merchant = factory.Sequence(lambda n: f"Cafetería Muñoz {n}")
    amount = "12.50"
    currency = "EUR"


class ExpenseSummaryFactory(DjangoModelFactory):
    class Meta:
        model = expenses.ExpenseSummary

    account = factory.SubFactory(AccountFactory)
    firm = factory.SelfAttribute("account.firm")


class TopUpFactory(DjangoModelFactory):
    class Meta:
        model = expenses.TopUp

    account = factory.SubFactory(AccountFactory)
    firm = factory.SelfAttribute("account.firm")
    amount = "500.00"
    currency = "EUR"
    booked_on = factory.Faker("date_between", start_date="-60d", end_date="today")


class ExpenseExportFactory(DjangoModelFactory):
    class Meta:
        model = expenses.ExpenseExport

    account = factory.SubFactory(AccountFactory)
    firm = factory.SelfAttribute("account.firm")
    format = "csv"
    content = "date,merchant,amount,currency,category,note\r\n"
    count = 0


class DigestSubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = notifications.DigestSubscription

    account = factory.SubFactory(AccountFactory)
    member = factory.SubFactory(MemberFactory, firm=factory.SelfAttribute("..account.firm"))
    frequency = notifications.Frequency.WEEKLY
    starts_on = factory.Faker("date_between", start_date="-30d", end_date="today")


class DigestDeliveryFactory(DjangoModelFactory):
    class Meta:
        model = notifications.DigestDelivery

    member = factory.SubFactory(MemberFactory)
    frequency = notifications.Frequency.WEEKLY
    period = factory.Faker("date_between", start_date="-30d", end_date="today")


# --- Portal access and documents (issue 4) ------------------------------------------------------


class PortalSettingsFactory(DjangoModelFactory):
    class Meta:
        model = portal.PortalSettings
        django_get_or_create = ("firm",)

    firm = factory.SubFactory(FirmFactory)


class PortalIdentityFactory(DjangoModelFactory):
    """A portal user signing in as a contact email (with the factories' password)."""

    class Meta:
        model = portal.PortalIdentity

    email = factory.SubFactory(ContactEmailFactory)
    user = factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email.email"))


class InvitationBatchFactory(DjangoModelFactory):
    class Meta:
        model = portal.InvitationBatch

    firm = factory.SubFactory(FirmFactory)


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = portal.Invitation

    account = factory.SubFactory(AccountFactory)
    firm = factory.SelfAttribute("account.firm")
    email = factory.SubFactory(ContactEmailFactory, contact__firm=factory.SelfAttribute("...firm"))


class PortalActivityFactory(DjangoModelFactory):
    class Meta:
        model = portal.PortalActivity

    account = factory.SubFactory(AccountFactory)
    last_login = factory.LazyFunction(timezone.now)


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = portal.NotificationPreference

    email = factory.SubFactory(ContactEmailFactory)


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = documents.Document

    account = factory.SubFactory(AccountFactory)
    firm = factory.SelfAttribute("account.firm")
    name = factory.Sequence(lambda n: f"Declaración IVA {n}.pdf")
    file = factory.django.FileField(filename="doc.pdf", data=b"%PDF-1.4 test")
    content_type = "application/pdf"
    size = 13
    shared = True


class MagicLinkFactory(DjangoModelFactory):
    class Meta:
        model = portal.MagicLink

    document = factory.SubFactory(DocumentFactory)
    firm = factory.SelfAttribute("document.firm")
    email = factory.SubFactory(ContactEmailFactory, contact__firm=factory.SelfAttribute("...firm"))
    action = portal.MagicLink.Action.VIEW_DOCUMENT
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
