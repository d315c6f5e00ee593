from django.urls import path

from portico.billing import views

app_name = "billing"
urlpatterns = [
    path("billing/", views.firm_billing, name="billing"),
    path("billing/period/", views.set_period, name="period"),
    path("clients/<int:pk>/payments/", views.account_payments, name="account_payments"),
    path("clients/<int:pk>/payments/new/", views.payment_new, name="payment_new"),
    path("clients/<int:pk>/transactions/", views.transactions, name="transactions"),
    path("clients/<int:pk>/invoices/", views.account_invoices, name="account_invoices"),
    path("clients/<int:pk>/invoices/new/", views.invoice_new, name="invoice_new"),
    path("clients/<int:pk>/estimates/", views.account_estimates, name="account_estimates"),
    path("clients/<int:pk>/estimates/new/", views.estimate_new, name="estimate_new"),
    path("invoices/<int:pk>/", views.invoice, name="invoice"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:pk>/send/", views.invoice_send, name="invoice_send"),
    path("invoices/<int:pk>/edit/", views.invoice_edit, name="invoice_edit"),
    path("invoices/<int:pk>/issue/", views.invoice_issue, name="invoice_issue"),
    path("invoices/<int:pk>/credit-note/", views.invoice_credit_note, name="invoice_credit_note"),
    path("invoices/<int:pk>/apply-credit/", views.invoice_apply_credit, name="apply_credit"),
    path("payments/<int:pk>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("estimates/<int:pk>/", views.estimate, name="estimate"),
    path("estimates/<int:pk>/send/", views.estimate_send, name="estimate_send"),
    path("estimates/<int:pk>/answer/", views.estimate_answer, name="estimate_answer"),
    path("estimates/<int:pk>/invoice/", views.estimate_invoice, name="estimate_invoice"),
    path("billing/settings/", views.billing_settings, name="settings"),
    path("invoices/claims/<int:pk>/", views.claim_decision, name="claim"),
]
