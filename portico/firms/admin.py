from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.firms.models import Firm, Member, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "currency", "language", "created_at"]
    search_fields = ["name"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["user", "firm", "role", "can_see_all_accounts", "can_manage_accounts"]
    list_filter = ["role", "firm"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]


class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    """django-otp's admin for TOTP devices, its two extra URLs capturing ids with `<id:pk>`
    (core/ids.py) instead of an unbounded `<int:pk>`."""

    def get_urls(self):
        return [_bounded(url) for url in super().get_urls()]


def _bounded(url):
    route = getattr(url.pattern, "_route", "")
    if "<int:" not in route:
        return url
    return path(route.replace("<int:", "<id:"), url.callback, url.default_args, url.name)


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
