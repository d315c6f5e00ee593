from django.apps import AppConfig


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """Receiver of Axes's `user_locked_out`: a client user's lockout goes into the History of
    their accounts (a member's is recorded by the firms app)."""
    from portico.firms.signin import newly_locked
    from portico.portal.actions import record_lockout

    if username and newly_locked(request):
        record_lockout(email=username, ip=ip_address)


class PortalConfig(AppConfig):
    name = "portico.portal"

    def ready(self):
        from axes.signals import user_locked_out
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import HomeCard, OverviewCard, registry
        from portico.core.rights import Right
        from portico.portal import home, queries

        registry.register(
            HomeCard(
                key="pending_activations",
                label=_("Pending activation"),
                figure=home.pending_activations,
                order=30,
                right=Right.MANAGE_ACCOUNTS,
                icon="person-check",
            ),
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
