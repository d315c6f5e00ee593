"""The expense sections of a client's workspace (C-9): wallet, expenses by state, receipts,
import and export, registered in apps.py as a core.registry.WorkspaceSection rendered by
expenses/_workspace.html."""

from django.core.paginator import Paginator

from portico.clients.models import ClientAccount
from portico.core import rights
from portico.core.rights import Right
from portico.expenses import queries
from portico.expenses.forms import (
    ExpenseForm,
    ExportForm,
    ImportForm,
    StateFilterForm,
    TopUpForm,
)
from portico.expenses.models import Category

PAGE_SIZE = 25


def sections(request, account, **forms) -> dict:
    """Everything the sections show, in a fixed number of queries whatever the expenses."""
    member = request.member
    state_form = StateFilterForm(request.GET)
    state = state_form.state_value()
    paginator = Paginator(queries.account_expenses(account, state), PAGE_SIZE)
    summary = queries.summary_of(account)
    can_edit = rights.has(member, Right.MANAGE_ACCOUNTS)
    context = {
        "expense_summary": summary,
        "expense_state": state,
        "expense_states": state_form.fields["state"].choices,
        "expense_page": paginator.get_page(request.GET.get("page")),
        "can_edit_expenses": can_edit,
        "has_wallet_side": account.kind == ClientAccount.Kind.COMPANY,
        "top_ups": queries.account_top_ups(account) if summary and summary.has_wallet else [],
        "expense_exports": queries.account_exports(account),
        "categories": Category.choices,
    }
    if can_edit:
        context["expense_form"] = forms.get("expense_form") or ExpenseForm(
            initial={"currency": member.firm.currency}
        )
        context["top_up_form"] = forms.get("top_up_form") or TopUpForm()
        context["import_form"] = ImportForm()
        context["export_form"] = ExportForm()
    return context
