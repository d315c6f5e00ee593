from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "portico.documents"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import (
            ClientsFilter,
            HomeCard,
            OverviewCard,
            WorkspaceSection,
            registry,
        )
        from portico.documents import home, queries, views

        registry.register(
            HomeCard(
                key="new_documents",
                label=_("New documents"),
                figure=home.new_documents,
                order=20,
                icon="file-earmark-text",
            ),
            # Home's "documents new to the firm" opens the Clients page filtered to them.
            ClientsFilter(
                key=home.FILTER,
                label=_("New documents"),
                choices=(("1", _("New documents"), home.HAS_NEW_DOCUMENTS),),
                checkbox=True,
                order=30,
            ),
            WorkspaceSection(
                key="documents",
                template="documents/_workspace_section.html",
                context=views.workspace_section,
                order=30,
            ),
            OverviewCard(
                key="documents",
                label=_("Documents"),
                template="documents/_overview_card.html",
                latest=queries.overview_documents,
                order=10,
                hide_when_empty=False,
            ),
        )
