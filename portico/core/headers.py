"""The Permissions-Policy header (Django has none built in): the browser features Portico
turns off, from settings.PERMISSIONS_POLICY ({feature: [allowed origins]}, an empty list for
none)."""

from django.conf import settings


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """The header's value: `camera=(), geolocation=(self)` … in the order given."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
