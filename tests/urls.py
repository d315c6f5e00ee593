"""The product's URLs plus the example app's (tests/settings.py)."""

from django.urls import include, path

from portico.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401

urlpatterns = [*urlpatterns, path("", include("tests.example_app.urls"))]
