"""What documents tell other apps, without importing them."""

from django.dispatch import Signal

# Sent inside the transaction that shares a document with the client (`document`): the portal
# announces it to the client's contacts once that transaction commits (portal/apps.py).
document_shared = Signal()
