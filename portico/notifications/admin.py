from django.contrib import admin

from portico.notifications.models import DigestDelivery, DigestSubscription


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["member", "account", "frequency", "starts_on"]
    list_filter = ["frequency"]
    raw_id_fields = ["member", "account"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["member", "frequency", "period", "email", "created_at"]
    list_filter = ["frequency"]
    raw_id_fields = ["member", "email"]
