"""Factories for every model. Names come with accents on purpose."""

import factory
from factory.django import DjangoModelFactory

from portico.clients import models as clients
from portico.core.models import HistoryEvent
from portico.core.text import fold
from portico.firms.models import Firm, Member, Role, User
from portico.messaging.models import EmailLog

PASSWORD = "a-Long-test-passw0rd"


class FirmFactory(DjangoModelFactory):
    class Meta:
        model = Firm

    name = factory.Sequence(lambda n: f"Gestoría Núñez {n}")


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


class AccountContactFactory(DjangoModelFactory):
    class Meta:
        model = clients.AccountContact

    account = factory.SubFactory(AccountFactory)
    contact = factory.SubFactory(ContactFactory, firm=factory.SelfAttribute("..account.firm"))


class ContactEmailFactory(DjangoModelFactory):
    class Meta:
        model = clients.ContactEmail

    contact = factory.SubFactory(ContactFactory)
    email = factory.Sequence(lambda n: f"jose.garcia{n}@example.es")
    is_primary = True


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
