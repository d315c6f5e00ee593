from django.contrib import admin

from portico.messaging.models import EmailLog


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "firm"]
    list_filter = ["status", "template", "firm"]
    search_fields = ["to", "subject"]
    raw_id_fields = ["account"]
    readonly_fields = ["sent_at", "created_at"]
