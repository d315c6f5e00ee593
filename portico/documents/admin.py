from django.contrib import admin

from portico.documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "shared", "created_at", "seen_by_firm_at")
    list_filter = ("shared",)
    raw_id_fields = ("firm", "account", "uploaded_by_member", "uploaded_by_client")
