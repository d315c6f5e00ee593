"""Reads of documents, scoped like everything else: by what the member may see, or by the
portal account the client is on."""

from portico.clients.queries import visible_accounts
from portico.documents.models import Document


def staff_documents(member):
    """Documents of every account `member` may open."""
    return Document.objects.filter(account__in=visible_accounts(member))


def account_documents(account, limit=50):
    """The account's latest documents as the firm sees them, with who uploaded them."""
    documents = Document.objects.filter(account=account).select_related(
        "uploaded_by_member__user", "uploaded_by_client"
    )
    return documents[:limit]


def shared_documents(account):
    """What the client sees in the portal: documents shared with them (their uploads included)."""
    return Document.objects.filter(account=account, shared=True)


def overview_documents(member, account):
    """The Overview's Documents card (P-3): the account's five latest documents; `account` is
    one the member may open (the profile checked it)."""
    return account_documents(account, limit=5)
