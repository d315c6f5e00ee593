from django.contrib import admin

from portico.portal.models import (
    Invitation,
    MagicLink,
    PendingEmail,
    PendingTally,
    PortalIdentity,
    PortalSettings,
)


@admin.register(PortalSettings)
class PortalSettingsAdmin(admin.ModelAdmin):
    list_display = ("firm", "invitation_days", "idle_minutes", "magic_view_documents")
    raw_id_fields = ("test_account",)


@admin.register(PortalIdentity)
class PortalIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "activated_at")
    raw_id_fields = ("user", "email")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "account", "status", "sent_at", "expires_at")
    list_filter = ("status",)
    raw_id_fields = ("firm", "account", "email", "invited_by", "batch", "email_log")
    readonly_fields = ("nonce",)


@admin.register(MagicLink)
class MagicLinkAdmin(admin.ModelAdmin):
    list_display = ("email", "action", "document", "expires_at", "revoked_at")
    raw_id_fields = ("firm", "email", "document")
    readonly_fields = ("nonce",)


@admin.register(PendingEmail, PendingTally)
class PendingAdmin(admin.ModelAdmin):
    """Kept by database triggers (portal/pending.py): shown, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
