"""The firm's tags and custom fields, managed by owners and admins (settings area)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portico.clients import actions, queries
from portico.clients.models import CustomField
from portico.clients.settings_forms import (
    CustomFieldChangeForm,
    CustomFieldForm,
    MergeForm,
    TagForm,
)
from portico.core import rights
from portico.core.locking import AlreadyDone
from portico.core.tenancy import get_for_member, member_required

ACCOUNT, CONTACT = CustomField.AppliesTo.ACCOUNT, CustomField.AppliesTo.CONTACT


def _manager(request):
    if not rights.has(request.member, rights.Right.MANAGE_FIRM):
        raise Http404
    return request.member


# --- Tags -------------------------------------------------------------------------------------


def _tags_page(request, *, form=None, status=200):
    member = request.member
    tags = list(queries.managed_tags(member).order_by("name"))
    context = {
        "section": "settings",
        "page": "tags",
        "tags": tags,
        "form": form or TagForm(),
    }
    return render(request, "clients/settings/tags.html", context, status=status)


@member_required
def tags(request):
    """The firm's tags: create one; rename, recolour, merge or delete each."""
    member = _manager(request)
    if request.method != "POST":
        return _tags_page(request)
    form = TagForm(request.POST)
    if form.is_valid():
        try:
            tag = actions.create_tag(member=member, **form.cleaned_data)
        except actions.SettingRefused as refused:
            form.add_error("name", refused.message)
        else:
            messages.success(request, _("The tag “%(name)s” is created.") % {"name": tag.name})
            return redirect("client_settings:tags")
    return _tags_page(request, form=form, status=400)


@member_required
@require_POST
def tag_change(request, pk):
    member = _manager(request)
    tag = get_for_member(queries.managed_tags, member, pk=pk)
    form = TagForm(request.POST, prefix=f"t{tag.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("client_settings:tags")
    try:
        actions.update_tag(member=member, tag=tag, **form.cleaned_data)
    except (actions.SettingRefused, AlreadyDone) as refused:
        messages.error(request, refused.message)
        return redirect("client_settings:tags")
    messages.success(request, _("The tag is saved."))
    return redirect("client_settings:tags")


@member_required
@require_POST
def tag_merge(request, pk):
    member = _manager(request)
    tag = get_for_member(queries.managed_tags, member, pk=pk)
    form = MergeForm(
        request.POST, prefix=f"t{tag.pk}", tags=queries.managed_tags(member).exclude(pk=tag.pk)
    )
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("client_settings:tags")
    target = form.cleaned_data["target"]
    try:
        moved = actions.merge_tags(member=member, source=tag, target=target)
    except actions.SettingRefused as refused:
        messages.error(request, refused.message)
        return redirect("client_settings:tags")
    messages.success(
        request,
        ngettext(
            "“%(source)s” is merged into “%(target)s”: %(count)d account moved.",
            "“%(source)s” is merged into “%(target)s”: %(count)d accounts moved.",
            moved,
        )
        % {"source": tag.name, "target": target.name, "count": moved},
    )
    return redirect("client_settings:tags")


@member_required
@require_POST
def tag_delete(request, pk):
    member = _manager(request)
    tag = get_for_member(queries.managed_tags, member, pk=pk)
    count = actions.delete_tag(member=member, tag=tag)
    messages.success(
        request,
        ngettext(
            "The tag “%(name)s” is deleted; %(count)d account lost it.",
            "The tag “%(name)s” is deleted; %(count)d accounts lost it.",
            count,
        )
        % {"name": tag.name, "count": count},
    )
    return redirect("client_settings:tags")


# --- Custom fields ----------------------------------------------------------------------------


def _fields_page(request, *, form=None, status=200):
    member = request.member
    fields = list(queries.managed_custom_fields(member))
    for field in fields:
        field.change_form = CustomFieldChangeForm(
            field=field,
            prefix=f"f{field.pk}",
            initial={
                "label": field.label,
                "choices": "\n".join(field.choices),
                "required": field.required,
            },
        )
    context = {
        "section": "settings",
        "page": "fields",
        "groups": [
            (_("Account fields"), [f for f in fields if f.applies_to == ACCOUNT]),
            (_("Contact fields"), [f for f in fields if f.applies_to == CONTACT]),
        ],
        "form": form or CustomFieldForm(),
    }
    return render(request, "clients/settings/fields.html", context, status=status)


@member_required
def custom_fields(request):
    """The firm's custom fields on accounts and on contacts: add, change, order, delete."""
    member = _manager(request)
    if request.method != "POST":
        return _fields_page(request)
    form = CustomFieldForm(request.POST)
    if form.is_valid():
        try:
            field = actions.create_custom_field(member=member, **form.cleaned_data)
        except actions.SettingRefused as refused:
            form.add_error("label", refused.message)
        else:
            messages.success(
                request, _("The custom field “%(label)s” is created.") % {"label": field.label}
            )
            return redirect("client_settings:fields")
    return _fields_page(request, form=form, status=400)


@member_required
@require_POST
def field_change(request, pk):
    member = _manager(request)
    field = get_for_member(queries.managed_custom_fields, member, pk=pk)
    form = CustomFieldChangeForm(request.POST, field=field, prefix=f"f{field.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("client_settings:fields")
    data = form.cleaned_data
    try:
        actions.update_custom_field(
            member=member,
            field=field,
            label=data["label"],
            choices=data["choices"],
            required=data["required"],
        )
    except actions.SettingRefused as refused:
        messages.error(request, refused.message)
        return redirect("client_settings:fields")
    messages.success(request, _("The custom field is saved."))
    return redirect("client_settings:fields")


@member_required
@require_POST
def field_move(request, pk):
    member = _manager(request)
    field = get_for_member(queries.managed_custom_fields, member, pk=pk)
    actions.move_custom_field(member=member, field=field, up=request.POST.get("to") == "up")
    return redirect("client_settings:fields")


@member_required
@require_POST
def field_delete(request, pk):
    member = _manager(request)
    field = get_for_member(queries.managed_custom_fields, member, pk=pk)
    actions.delete_custom_field(member=member, field=field)
    messages.success(
        request, _("The custom field “%(label)s” is deleted.") % {"label": field.label}
    )
    return redirect("client_settings:fields")
