from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "portico.documents"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import HomeCard, registry
        from portico.documents import home

        registry.register(
            HomeCard(
                key="new_documents",
                label=_("New documents"),
                figure=home.new_documents,
                order=20,
                icon="file-earmark-text",
            )
        )
