from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "portico.work"
    verbose_name = _("Tasks and calendar")

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from portico.core.registry import (
            DigestSection,
            HistoryVerb,
            OverviewCard,
            ProfileAction,
            ProfileTab,
            WorkspaceSection,
            registry,
        )
        from portico.firms.models import Firm
        from portico.work import contributions, signals
        from portico.work.models import Verb

        registry.register(
            ProfileTab(key="tasks", label=_("Tasks"), url_name="work:account_tasks", order=20),
            ProfileAction(
                key="create_task",
                label=_("Create task"),
                url_name="work:account_task_new",
                order=10,
                icon="check2-square",
            ),
            OverviewCard(
                key="tasks",
                label=_("Tasks"),
                template="work/_task_card.html",
                latest=contributions.latest_tasks,
                view_all="work:account_tasks",
                order=20,
                hide_when_empty=False,
            ),
            WorkspaceSection(
                key="tasks",
                template="work/_task_card.html",
                context=contributions.workspace_tasks,
                order=20,
            ),
            DigestSection(
                key="due_tasks",
                template="work/digest/due_tasks",
                collect=contributions.due_tasks,
                order=20,
            ),
            *(HistoryVerb(key=verb.value, label=verb.label) for verb in Verb),
        )
        pre_save.connect(signals.note_time_zone, sender=Firm, dispatch_uid="work.note_zone")
        post_save.connect(signals.follow_time_zone, sender=Firm, dispatch_uid="work.follow_zone")
