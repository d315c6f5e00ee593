"""The client's side of billing (A-7) and its links without sign-in (A-8): a namespace of its
own, apart from the staff pages (a client user gets 404 on every staff URL)."""

from django.urls import path

from portico.billing import portal_views

app_name = "billing_portal"
urlpatterns = [
    # The client's side and links without sign-in
    path("portal/<id:pk>/billing/", portal_views.billing, name="billing"),
    path(
        "portal/<id:pk>/billing/invoices/<id:invoice_pk>/pdf/",
        portal_views.invoice_pdf,
        name="invoice_pdf",
    ),
    path(
        "portal/<id:pk>/billing/invoices/<id:invoice_pk>/pay/",
        portal_views.pay,
        name="pay",
    ),
    path(
        "portal/<id:pk>/billing/estimates/<id:estimate_pk>/answer/",
        portal_views.answer,
        name="answer",
    ),
    path("pay/<str:token>/", portal_views.pay_link, name="pay_link"),
    path("pay/<str:token>/pdf/", portal_views.pay_link_pdf, name="pay_link_pdf"),
    # A payment provider's signed callback (providers.Webhook)
    path("billing/callback/<slug:key>/", portal_views.callback, name="callback"),
]
