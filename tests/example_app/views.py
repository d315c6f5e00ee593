from django.shortcuts import render

from portico.clients import queries
from portico.core.tenancy import get_for_member, member_required


@member_required
def tags(request, pk):
    """The Example tags tab of the client profile: the account's tags."""
    account = get_for_member(queries.visible_accounts, request.member, pk=pk)
    context = {"account": account, "tab": "example", "tags": account.tags.order_by("name")}
    return render(request, "example_app/tags.html", context)
