from django.contrib import admin

from portico.core.models import HistoryEvent, ScheduledRun


@admin.register(HistoryEvent)
class HistoryEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "firm", "account", "actor", "verb", "subject"]
    list_filter = ["verb", "firm"]
    raw_id_fields = ["account", "actor"]
    date_hierarchy = "created_at"


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["job", "period", "started_at"]
    list_filter = ["job"]
