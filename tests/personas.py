"""The test personas of DESIGN.md, as fixtures: every view test checks the ones it must refuse."""

from dataclasses import dataclass

import pytest

from portico.firms.models import Role
from tests.factories import (
    AccountFactory,
    FirmFactory,
    MemberFactory,
    TeamMembershipFactory,
    UserFactory,
)


@dataclass
class Personas:
    firm: object
    account: object  # an account of `firm` whose team has `accountant` on it
    other_account: object  # an account of `firm` with nobody on its team
    owner: object
    admin: object
    accountant: object  # on the team of `account`
    see_all: object  # accountant with *see all accounts*
    outsider: object  # accountant on no team
    manager: object  # accountant with *manage accounts*, on the team of `account`
    foreign_owner: object  # owner of another firm
    foreign_account: object
    client_user: object  # a signed-in user who is not staff (a portal client)

    @property
    def staff(self):
        return [self.owner, self.admin, self.accountant, self.see_all, self.outsider, self.manager]


@pytest.fixture
def personas(db):
    firm = FirmFactory(name="Asesoría Peña")
    other_firm = FirmFactory(name="Cabinet Lefèvre")
    account = AccountFactory(firm=firm, name="Panadería Núñez SL")
    accountant = MemberFactory(firm=firm, role=Role.ACCOUNTANT, user__full_name="Ana Martín")
    manager = MemberFactory(firm=firm, role=Role.ACCOUNTANT, can_manage_accounts=True)
    TeamMembershipFactory(account=account, member=accountant)
    TeamMembershipFactory(account=account, member=manager)
    foreign_account = AccountFactory(firm=other_firm, name="Boulangerie Dupré")
    return Personas(
        firm=firm,
        account=account,
        other_account=AccountFactory(firm=firm, name="Talleres Ibáñez"),
        owner=MemberFactory(firm=firm, role=Role.OWNER, user__full_name="Olga Ortega"),
        admin=MemberFactory(firm=firm, role=Role.ADMIN, user__full_name="Adrián Álvarez"),
        accountant=accountant,
        see_all=MemberFactory(firm=firm, role=Role.ACCOUNTANT, can_see_all_accounts=True),
        outsider=MemberFactory(firm=firm, role=Role.ACCOUNTANT),
        manager=manager,
        foreign_owner=MemberFactory(firm=other_firm, role=Role.OWNER),
        foreign_account=foreign_account,
        client_user=UserFactory(email="cliente@example.es"),
    )
