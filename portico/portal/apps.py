from django.apps import AppConfig


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """Receiver of Axes's `user_locked_out`: a client user's lockout goes into the History of
    their accounts (a member's is recorded by the firms app)."""
    from portico.firms.signin import newly_locked
    from portico.portal.actions import record_lockout

    if username and newly_locked(request):
        record_lockout(email=username, ip=ip_address)


def on_document_shared(sender, document, **kwargs):
    """Receiver of documents' `document_shared`: email the client's contacts about it once the
    sharing transaction commits (portal/tasks.py)."""
    from django.db import transaction

    from portico.portal.tasks import notify_document_shared

    transaction.on_commit(lambda: notify_document_shared.enqueue(document.pk))


class PortalConfig(AppConfig):
    name = "portico.portal"

    def ready(self):
        from axes.signals import user_locked_out
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import (
            ClientsFilter,
            ClientsSort,
            ClientsTab,
            HomeCard,
            OverviewCard,
            UnlistedAccount,
            registry,
        )
        from portico.core.rights import Right
        from portico.core.schedule import Every, Job
        from portico.documents.signals import document_shared
        from portico.portal import actions, home, queries, sort_key

        registry.register(
            HomeCard(
                key="pending_activations",
                label=_("Pending activation"),
                figure=home.pending_activations,
                order=30,
                right=Right.MANAGE_ACCOUNTS,
                icon="person-check",
            ),
            ClientsTab(
                key="pending",
                count=queries.pending_count,
                order=10,
                right=Right.MANAGE_ACCOUNTS,
            ),
            UnlistedAccount(key="test_client", account_id=queries.test_client_id),
            ClientsSort(
                key="-login",
                label=_("Latest portal login"),
                ordering=sort_key.ORDERING,
                order=20,
            ),
            ClientsFilter(
                key="login",
                label=_("Last login"),
                choices=(("never", _("Never connected"), sort_key.NEVER_CONNECTED),),
                order=20,
            ),
            # Invitations a dead worker left queued go to the worker again; each is claimed once.
            Job("requeue-stalled-invitations", Every(minutes=5), actions.requeue_stalled, order=30),
            OverviewCard(
                key="login_activity",
                label=_("Login activity"),
                template="portal/staff/_login_activity_card.html",
                latest=queries.login_activity,
                view_all="clients:info",
                order=60,
                hide_when_empty=False,
            ),
        )
        user_locked_out.connect(on_locked_out, dispatch_uid="portal.lockout")
        document_shared.connect(on_document_shared, dispatch_uid="portal.document_shared")
