"""The tests' example app: a feature written only in its own folder, which plugs a profile tab,
an Overview card, a Clients-page column with its sort and filter and a digest section into the
product through
core.registry. Installed by the test settings only (tests/settings.py)."""

from django.apps import AppConfig


class ExampleAppConfig(AppConfig):
    name = "tests.example_app"
    label = "example_app"

    def ready(self):
        from portico.core.registry import (
            ClientsColumn,
            ClientsFilter,
            ClientsSort,
            DigestSection,
            OverviewCard,
            ProfileTab,
            registry,
        )
        from tests.example_app import contributions

        registry.register(
            ProfileTab(key="example", label="Example tags", url_name="example_app:tags", order=95),
            OverviewCard(
                key="example",
                label="Example tags",
                template="example_app/card.html",
                latest=contributions.latest_tags,
                view_all="example_app:tags",
                order=95,
            ),
            ClientsColumn(
                key="example",
                label="Example",
                values=contributions.COLUMN_VALUES,
                cell=contributions.cell,
                shown=contributions.any_example,
                order=95,
            ),
            ClientsSort(
                key="example", label="Tagged Example first", ordering=contributions.ORDERING
            ),
            ClientsFilter(
                key="example",
                label="Tagged Example",
                choices=(("1", "Tagged Example", contributions.TAGGED),),
                checkbox=True,
                order=95,
            ),
            DigestSection(
                key="example",
                template="example_app/digest",
                collect=contributions.example_clients,
                order=95,
            ),
        )
