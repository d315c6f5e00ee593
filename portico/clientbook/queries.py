"""Firm-scoped reads of the client-book import: a member sees only their own imports."""

from portico.clientbook.models import ClientImport
from portico.core.rights import Right, has


def imports(member):
    """The imports `member` started (none without *manage accounts*), the file's bytes left
    unread."""
    if not has(member, Right.MANAGE_ACCOUNTS):
        return ClientImport.objects.none()
    return ClientImport.objects.filter(firm=member.firm, member=member).defer("data")


def import_with_file(member):
    """As `imports`, with the file's bytes."""
    if not has(member, Right.MANAGE_ACCOUNTS):
        return ClientImport.objects.none()
    return ClientImport.objects.filter(firm=member.firm, member=member)


def custom_fields(member):
    return list(member.firm.custom_fields.all())
