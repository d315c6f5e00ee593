"""Forms of the Clients page: the filters in its URL and its bulk actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portico.clients.listing import Filters
from portico.clients.models import ClientAccount
from portico.core.ids import IdsField
from portico.core.registry import ClientsFilter, ClientsSort, registry

PAGE_SIZES = (25, 50, 100)
STATUS_CHOICES = [
    ("", _("Any status")),
    ("active", _("Active")),
    ("disconnected", _("Disconnected")),
]
SORT_CHOICES = [
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
]  # then the apps' sorts (core.registry.ClientsSort)


class ClientFilterForm(forms.Form):
    """Reads the Clients page's URL. Anything unknown falls back to the default, never an error:
    a bookmarked URL must keep opening."""

    tab = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=200, label=_("Search clients"))
    kind = forms.MultipleChoiceField(
        required=False, choices=ClientAccount.Kind.choices, label=_("Account type")
    )
    tag = forms.TypedMultipleChoiceField(required=False, coerce=int, label=_("Tags"))
    member = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Team member")
    )
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES, label=_("Status"))
    sort = forms.ChoiceField(required=False, label=_("Sort"))
    size = forms.TypedChoiceField(
        required=False, coerce=int, choices=[(s, s) for s in PAGE_SIZES], empty_value=50
    )

    def __init__(self, data, *, tabs, tags, members, member):
        super().__init__(data)
        self.tabs = tabs
        self.fields["tag"].choices = tags
        self.fields["member"].choices = [("", _("Anyone")), *members]
        sorts = registry.for_member(ClientsSort, member)
        self.fields["sort"].choices = SORT_CHOICES + [(s.key, s.label) for s in sorts]
        # the apps' filters (core.registry.ClientsFilter), each a field named by its key
        self.extra_filters = registry.for_member(ClientsFilter, member)
        for extra in self.extra_filters:
            choices = [(value, label) for value, label, _q in extra.choices]
            self.fields[extra.key] = forms.ChoiceField(
                required=False, choices=[("", _("Any")), *choices], label=extra.label
            )

    def filters(self) -> Filters:
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        tab = data.get("tab") if data.get("tab") in self.tabs else self.default_tab()
        return Filters(
            tab=tab,
            q=(data.get("q") or "").strip(),
            kinds=tuple(data.get("kind") or ()),
            tags=tuple(data.get("tag") or ()),
            teammate=data.get("member"),
            status=data.get("status") or "",
            sort=data.get("sort") or "name",
            extra={f.key: data[f.key] for f in self.extra_filters if data.get(f.key)},
        )

    def extra_controls(self, filters: Filters) -> list:
        """The apps' filters as the page shows them: (filter, its choices, the value on)."""
        return [
            (extra, self.fields[extra.key].choices, filters.extra.get(extra.key, ""))
            for extra in self.extra_filters
        ]

    def page_size(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("size") or 50 if "size" not in self.errors else 50

    def default_tab(self) -> str:
        return "all" if "all" in self.tabs else "mine"


class BulkForm(forms.Form):
    """More actions on the selected rows (C-8): one page's ticked rows or all that match."""

    ACTIONS = [
        ("add_tag", _("Add tag")),
        ("remove_tag", _("Remove tag")),
        ("add_member", _("Add team member")),
        ("remove_member", _("Remove team member")),
        ("edit_access", _("Edit login, notify, email sync")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, label=_("Action"))
    ids = IdsField(required=False)
    all_matching = forms.BooleanField(required=False)
    tag = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Tag"))
    member = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Team member")
    )
    query = forms.CharField(required=False)

    def __init__(self, data, *, tags, members):
        super().__init__(data)
        self.fields["tag"].choices = tags
        self.fields["member"].choices = members

    def clean(self):
        data = super().clean()
        action = data.get("action", "")
        if action.endswith("_tag") and not data.get("tag"):
            self.add_error("tag", _("Choose a tag."))
        if action.endswith("_member") and not data.get("member"):
            self.add_error("member", _("Choose a team member."))
        if not data.get("ids") and not data.get("all_matching"):
            raise forms.ValidationError(_("Select at least one client."))
        return data
