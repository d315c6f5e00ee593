"""The client profile (P-1 … P-6): the Info tab with account details, team and contacts.

Anyone who may see the account opens it; only those who may edit it (P-1) reach the edit
endpoints, which answer 404 to everyone else. Every write goes through actions.py.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.clients import actions, photos, queries
from portico.clients.models import CustomField
from portico.clients.profile_forms import (
    AccountDetailsForm,
    ContactForm,
    LinkExistingForm,
    LinkForm,
    NewContactForm,
    PhotoForm,
    SwitchForm,
    TeamForm,
    custom_rows,
)
from portico.core import confirm, rights
from portico.core.rights import Right
from portico.core.tenancy import get_for_member, member_required
from portico.notifications.forms import DigestForm
from portico.notifications.queries import subscription_of
from portico.portal.queries import access_states

ACCOUNT_FIELDS = CustomField.AppliesTo.ACCOUNT
CONTACT_FIELDS = CustomField.AppliesTo.CONTACT


def _visible(request, pk):
    return get_for_member(queries.visible_accounts, request.member, pk=pk)


def _editable(request, pk):
    return get_for_member(queries.editable_accounts, request.member, pk=pk)


def _link(request, pk, link_pk):
    return get_for_member(queries.editable_links, request.member, pk=link_pk, account_id=pk)


def _to_info(account):
    return redirect("clients:info", pk=account.pk)


def _page(request, template, account, context, status=200):
    context = {"section": "clients", "account": account, "tab": "info", **context}
    return render(request, template, context, status=status)


# --- Info tab ---------------------------------------------------------------------------------


@member_required
def profile(request, pk):
    """The profile opens on its Overview tab (P-3), as seed 004 describes."""
    return redirect("clients:overview", pk=_visible(request, pk).pk)


@member_required
def info(request, pk):
    return _render_info(request, _visible(request, pk))


def _render_info(request, account, status=200, **forms):
    """The Info tab in a fixed number of queries, whatever the number of contacts, tags, team
    members or history events. `forms` carries bound forms to show with their errors."""
    member = request.member
    can_edit = rights.has(
        member, Right.MANAGE_ACCOUNTS
    )  # the account is visible, so editable if they manage
    team = list(queries.account_team(account))
    digest = subscription_of(member, account)
    context = {
        "can_edit": can_edit,
        "tags": account.tags.order_by("name"),
        "team": team,
        "team_history": queries.team_history(account),
        "custom_rows": custom_rows(
            queries.custom_fields(member, ACCOUNT_FIELDS), account.custom_values
        ),
        "contacts": queries.contact_rows(account),
        "related": queries.related_accounts(member, account),
        "time_zone": member.firm.time_zone,
        "digest_form": DigestForm.for_subscription(digest),
        "digest": digest,  # the card says when digests come from the saved frequency
        "access": access_states(account),
    }
    if can_edit:
        context["photo_form"] = forms.get("photo_form") or PhotoForm()
        context["team_form"] = forms.get("team_form") or _team_form(member, account, team=team)
    return _page(request, "clients/profile/info.html", account, context, status)


def _team_form(member, account, data=None, team=None):
    candidates = queries.firm_members(member).order_by("user__full_name", "user__email")
    if team is not None:
        candidates = candidates.exclude(pk__in=[m.pk for m in team])
    else:
        candidates = candidates.exclude(teammembership__account=account)
    return TeamForm(data, candidates=candidates, team=queries.account_team(account))


@member_required
def info_edit(request, pk):
    account = _editable(request, pk)
    form = AccountDetailsForm(
        request.POST or None,
        account=account,
        tags=queries.firm_tags(request.member),
        fields=queries.custom_fields(request.member, ACCOUNT_FIELDS),
    )
    if request.method == "POST":
        if form.is_valid():
            actions.save_account_details(
                member=request.member,
                account=account,
                tags=list(form.cleaned_data["tags"]),
                **form.changes(),
            )
            messages.success(request, _("The account details are saved."))
            return _to_info(account)
        status = 400
    else:
        status = 200
    return _page(request, "clients/profile/info_edit.html", account, {"form": form}, status)


@member_required
@require_POST
@confirm.confirmable
def team(request, pk):
    """Add a member to the account's team, or remove one once confirmed."""
    account = _editable(request, pk)
    form = _team_form(request.member, account, request.POST)
    if not form.is_valid():
        return _render_info(request, account, status=400, team_form=form)
    if teammate := form.cleaned_data["add"]:
        actions.add_team_member(member=request.member, account=account, teammate=teammate)
        return _to_info(account)
    teammate = form.cleaned_data["remove"]
    if not confirm.confirmed(request):
        question = _("Remove %(name)s from the team of %(account)s") % {
            "name": teammate,
            "account": account.name,
        }
        detail = _("They will no longer see this client unless they see every account.")
        back = reverse("clients:info", args=[account.pk])
        return confirm.ask(
            request,
            title=question,
            confirm_label=_("Remove"),
            detail=detail,
            back=back,
            danger=True,
        )
    actions.remove_team_member(member=request.member, account=account, teammate=teammate)
    return _to_info(account)


# --- Photo ------------------------------------------------------------------------------------


@member_required
def photo(request, pk):
    """The account's photo, only for those who may see the account (no public media URL)."""
    account = _visible(request, pk)
    if not account.photo:
        raise Http404
    try:
        file = account.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=photos.CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=86400"
    return response


@member_required
@require_POST
def photo_upload(request, pk):
    account = _editable(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_info(request, account, status=400, photo_form=form)
    actions.set_photo(member=request.member, account=account, photo=form.cleaned_data["photo"])
    messages.success(request, _("The photo is saved."))
    return _to_info(account)


# --- Contacts ---------------------------------------------------------------------------------


@member_required
def contact_add(request, pk):
    """Add contact: search the firm's contacts to link one, or create a new one."""
    account = _editable(request, pk)
    if request.method != "POST":
        return _render_add(request, account)
    form = LinkExistingForm(
        request.POST, contacts=queries.linkable_contacts(request.member, account)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a contact of the firm that is not linked yet."))
        return _render_add(request, account, status=400)
    contact = form.cleaned_data["contact"]
    actions.link_contact(member=request.member, account=account, contact=contact)
    messages.success(request, _("%(name)s is linked to this account.") % {"name": contact})
    return _to_info(account)


@member_required
@require_POST
def contact_new(request, pk):
    account = _editable(request, pk)
    form = NewContactForm(
        request.POST, fields=queries.custom_fields(request.member, CONTACT_FIELDS)
    )
    if not form.is_valid():
        return _render_add(request, account, new_form=form, status=400)
    link = actions.create_linked_contact(
        member=request.member,
        account=account,
        description=form.cleaned_data["description"],
        emails=form.emails(),
        **form.contact_fields(),
    )
    messages.success(request, _("%(name)s is linked to this account.") % {"name": link.contact})
    return _to_info(account)


def _render_add(request, account, new_form=None, status=200):
    search = request.GET.get("q", "").strip()[:100]
    fields = queries.custom_fields(request.member, CONTACT_FIELDS)
    context = {
        "search": search,
        "found": queries.contacts_to_link(request.member, account, search),
        "new_form": new_form or NewContactForm(fields=fields),
    }
    return _page(request, "clients/profile/contact_add.html", account, context, status)


@member_required
def contact_edit(request, pk, link_pk):
    """A contact's own data: the same in every account it is linked to (P-6)."""
    link = _link(request, pk, link_pk)
    fields = queries.custom_fields(request.member, CONTACT_FIELDS)
    form = ContactForm(request.POST or None, contact=link.contact, fields=fields)
    if request.method == "POST" and form.is_valid():
        actions.update_contact(
            member=request.member,
            contact=link.contact,
            emails=form.emails(),
            **form.contact_fields(),
        )
        messages.success(request, _("The contact is saved."))
        return _to_info(link.account)
    status = 400 if request.method == "POST" else 200
    return _render_contact(request, link, form, None, status)


@member_required
@require_POST
def link_edit(request, pk, link_pk):
    """What differs per account: the link's description and signer priority (P-5)."""
    link = _link(request, pk, link_pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _render_contact(request, link, None, form, status=400)
    actions.update_link(member=request.member, link=link, **form.cleaned_data)
    messages.success(request, _("The contact is saved."))
    return _to_info(link.account)


def _render_contact(request, link, contact_form, link_form, status):
    if contact_form is None:
        fields = queries.custom_fields(request.member, CONTACT_FIELDS)
        contact_form = ContactForm(contact=link.contact, fields=fields)
    if link_form is None:
        link_form = LinkForm(
            initial={"description": link.description, "signer_priority": link.signer_priority}
        )
    context = {"link": link, "contact_form": contact_form, "link_form": link_form}
    return _page(request, "clients/profile/contact_edit.html", link.account, context, status)


@member_required
@require_POST
@confirm.confirmable
def unlink(request, pk, link_pk):
    """Unlink a contact from the account, once confirmed: their emails lose this account."""
    link = _link(request, pk, link_pk)
    account, contact = link.account, link.contact
    if not confirm.confirmed(request):
        question = _("Unlink %(name)s from %(account)s") % {
            "name": contact.full_name,
            "account": account.name,
        }
        detail = _("Their emails lose portal access and notifications for this account.")
        back = reverse("clients:info", args=[account.pk])
        return confirm.ask(
            request,
            title=question,
            confirm_label=_("Unlink"),
            detail=detail,
            back=back,
            danger=True,
        )
    actions.unlink_contact(member=request.member, link=link)
    messages.success(
        request, _("%(name)s is no longer linked to this account.") % {"name": contact}
    )
    return _to_info(account)


@member_required
@require_POST
def switches(request, pk, link_pk, email_pk):
    """Turn Login, Notify or Email sync on or off for one email on this account."""
    link = _link(request, pk, link_pk)
    email = get_object_or_404(queries.emails_of(link.contact), pk=email_pk)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _render_switches(request, link, email, status=400)
        messages.error(request, _("That switch does not exist."))
        return _to_info(link.account)
    actions.set_switches(member=request.member, link=link, email=email, **form.change())
    if request.htmx:
        # Login turned on: offer the invitation pop-up with its custom message.
        prompt = form.change() == {"login": True}
        return _render_switches(request, link, email, invite_prompt=prompt)
    return _to_info(link.account)


def _render_switches(request, link, email, status=200, invite_prompt=False):
    context = {"row": queries.email_row(link, email), "can_edit": True, "account": link.account}
    context |= {"access": access_states(link.account), "invite_prompt": invite_prompt}
    return render(request, "clients/profile/info.html#email-switches", context, status=status)
