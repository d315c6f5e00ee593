from django.contrib import admin

from portico.clients.models import (
    AccountContact,
    ClientAccount,
    Contact,
    ContactEmail,
    CustomField,
    EmailSwitches,
    FirmTally,
    MemberTally,
    Tag,
    TeamMembership,
)


class TeamInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    raw_id_fields = ["member"]


class LinkInline(admin.TabularInline):
    model = AccountContact
    extra = 0
    raw_id_fields = ["contact", "account"]


class EmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 0


@admin.register(ClientAccount)
class ClientAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "firm", "created_at"]
    list_filter = ["kind", "firm"]
    search_fields = ["name", "search_text"]
    filter_horizontal = ["tags"]
    inlines = [TeamInline, LinkInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "firm", "language", "phone"]
    list_filter = ["firm", "language"]
    search_fields = ["first_name", "last_name", "emails__email"]
    inlines = [EmailInline, LinkInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "firm", "colour"]
    list_filter = ["firm"]


@admin.register(CustomField)
class CustomFieldAdmin(admin.ModelAdmin):
    list_display = ["label", "applies_to", "kind", "firm", "position"]
    list_filter = ["firm", "applies_to", "kind"]


@admin.register(AccountContact)
class AccountContactAdmin(admin.ModelAdmin):
    list_display = ["account", "contact", "description", "signer_priority"]
    raw_id_fields = ["account", "contact"]


@admin.register(ContactEmail)
class ContactEmailAdmin(admin.ModelAdmin):
    list_display = ["email", "contact", "is_primary"]
    search_fields = ["email"]
    raw_id_fields = ["contact"]


@admin.register(EmailSwitches)
class EmailSwitchesAdmin(admin.ModelAdmin):
    list_display = ["email", "link", "login", "notify", "email_sync", "signing_authority"]
    raw_id_fields = ["link", "email"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["account", "member", "added_at"]
    raw_id_fields = ["account", "member"]


@admin.register(FirmTally, MemberTally)
class TallyAdmin(admin.ModelAdmin):
    """Kept by database triggers (clients/tallies.py): shown, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
