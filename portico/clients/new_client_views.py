"""New client (C-11) from the Clients page, and an account's status page: its onboarding step
(C-1), archive and restore, and delete for owners with a confirmation naming what goes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.clients import actions, queries
from portico.clients.models import ClientAccount, CustomField
from portico.clients.new_client_forms import ContactRows, NewClientForm, OnboardingStepForm
from portico.core import rights
from portico.core.locking import AlreadyDone
from portico.core.rights import Right
from portico.core.tenancy import get_for_member, member_required
from portico.firms.models import Role


def _forms(request, data=None):
    member = request.member
    account_form = NewClientForm(
        data,
        tags=queries.firm_tags(member),
        fields=queries.custom_fields(member, CustomField.AppliesTo.ACCOUNT),
        members=queries.firm_members(member).order_by("user__full_name", "user__email"),
        initial={"kind": ClientAccount.Kind.COMPANY},
    )
    contacts = ContactRows(
        data, prefix="contacts", initial=[{"language": member.firm.language}] * 3
    )
    return account_form, contacts


def _warnings(member, account_form, rows, existing) -> list[str]:
    """What looks like a duplicate: an account of the same name, emails the firm already has."""
    warnings = []
    name = account_form.cleaned_data["name"]
    if queries.same_name_exists(member, name):
        warnings.append(
            _("The firm already has a client called “%(name)s”. Check it is not the same one.")
            % {"name": name}
        )
    for email, contact in existing.items():
        warnings.append(
            _(
                "%(email)s already belongs to the contact %(contact)s: the new client is linked "
                "to that contact instead of a copy."
            )
            % {"email": email, "contact": contact.full_name}
        )
    return warnings


@member_required
def new_client(request):
    """Create an account with its contacts (C-11); duplicates are shown before anything is
    written, and saved only once confirmed."""
    member = request.member
    if not rights.has(member, Right.MANAGE_ACCOUNTS):
        raise Http404
    data = request.POST if request.method == "POST" else None
    account_form, contacts = _forms(request, data)
    context = {"section": "clients", "form": account_form, "contacts": contacts}
    if data is None:
        return render(request, "clients/new_client.html", context)
    if not (account_form.is_valid() and contacts.is_valid()):
        return render(request, "clients/new_client.html", context, status=400)
    rows = [form.cleaned_data for form in contacts.forms if form.has_content()]
    existing = queries.contacts_by_email(member, [r["email"] for r in rows if r.get("email")])
    warnings = _warnings(member, account_form, rows, existing)
    if warnings and request.POST.get("confirmed") != "1":
        return render(request, "clients/new_client.html", context | {"warnings": warnings})
    for row in rows:
        row["existing"] = existing.get(row.get("email"))
    account = actions.create_client(
        member=member,
        details=account_form.details(),
        tags=account_form.cleaned_data["tags"],
        team=account_form.cleaned_data["team"],
        contacts=rows,
        onboarding=account_form.cleaned_data["onboarding"],
    )
    messages.success(request, _("The client “%(name)s” is created.") % {"name": account.name})
    return redirect("clients:info", pk=account.pk)


# --- Status: onboarding step, archive, delete -------------------------------------------------


def _editable(request, pk):
    return get_for_member(queries.editable_accounts, request.member, pk=pk)


@member_required
def account_status(request, pk):
    """Where the account stands: its onboarding step, archive or restore, and (owners) delete
    with what would go."""
    account = _editable(request, pk)
    is_owner = request.member.role == Role.OWNER
    context = {
        "section": "clients",
        "account": account,
        "archived": account.onboarding == ClientAccount.Onboarding.ARCHIVED,
        "step_form": OnboardingStepForm(initial={"step": account.onboarding}),
        "can_delete": is_owner,
        "deletion": actions.deletion_summary(account) if is_owner else [],
    }
    return render(request, "clients/account_status.html", context)


@member_required
@require_POST
def move_onboarding(request, pk):
    account = _editable(request, pk)
    form = OnboardingStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the onboarding steps."))
        return redirect("clients:status", pk=pk)
    try:
        actions.set_onboarding_step(
            member=request.member, account=account, step=form.cleaned_data["step"]
        )
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect("clients:status", pk=pk)
    messages.success(
        request,
        _("%(name)s is now at the step “%(step)s”.")
        % {"name": account.name, "step": account.get_onboarding_display()},
    )
    return redirect("clients:status", pk=pk)


@member_required
@require_POST
def archive(request, pk):
    account = _editable(request, pk)
    try:
        if request.POST.get("restore"):
            actions.restore_account(member=request.member, account=account)
            message = _("%(name)s is restored: back in the client lists.")
        else:
            actions.archive_account(member=request.member, account=account)
            message = _("%(name)s is archived: out of the lists, counts, digests and search.")
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect("clients:status", pk=pk)
    messages.success(request, message % {"name": account.name})
    return redirect("clients:status", pk=pk)


@member_required
@require_POST
def delete(request, pk):
    account = _editable(request, pk)
    if request.member.role != Role.OWNER:
        raise Http404
    if request.POST.get("confirm_name", "").strip() != account.name:
        messages.error(request, _("Type the client's name exactly to delete it."))
        return redirect("clients:status", pk=pk)
    actions.delete_account(member=request.member, account=account)
    messages.success(request, _("%(name)s is deleted.") % {"name": account.name})
    return redirect("clients:list")
