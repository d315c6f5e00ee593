"""Rights in one place (core/rights.py): require, scope and signature, and no code reading a
member's rights any other way."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from portico.clients.models import ClientAccount
from portico.core import rights
from portico.core.rights import Right

pytestmark = pytest.mark.django_db
PORTICO = Path(__file__).resolve().parent.parent / "portico"
ALLOWED = {PORTICO / "core" / "rights.py", PORTICO / "firms" / "models.py"}
INLINE = re.compile(r"\.(is_manager|manages_accounts|manages_billing|sees_all_accounts)\b")


def test_no_module_reads_a_members_rights_but_core_rights():
    found = [
        f"{path.relative_to(PORTICO)}:{number}"
        for path in PORTICO.rglob("*.py")
        if path not in ALLOWED and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]
    assert found == []


def test_require_checks_the_right_and_the_firm_of_every_object(personas):
    rights.require(personas.manager, Right.MANAGE_ACCOUNTS, personas.account)
    with pytest.raises(PermissionDenied):
        rights.require(personas.accountant, Right.MANAGE_ACCOUNTS, personas.account)
    with pytest.raises(PermissionDenied):
        rights.require(personas.owner, None, personas.account, personas.foreign_account)
    with pytest.raises(PermissionDenied):
        rights.require(personas.manager, Right.MANAGE_FIRM)


def test_scope_gives_nothing_without_the_right(personas):
    accounts = ClientAccount.objects.filter(firm=personas.firm)
    assert rights.scope(personas.owner, Right.MANAGE_FIRM, accounts).count() == 2
    assert rights.scope(personas.manager, Right.MANAGE_FIRM, accounts).count() == 0


def test_the_signature_changes_with_any_right(personas):
    member = personas.accountant
    before = rights.signature(member)
    member.can_manage_billing = True
    assert rights.signature(member) != before
    assert rights.signature(personas.see_all) != rights.signature(personas.outsider)
