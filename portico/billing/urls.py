from django.urls import path

from portico.billing import views

app_name = "billing"
urlpatterns = [
    path("billing/", views.firm_billing, name="billing"),
    path("billing/period/", views.set_period, name="period"),
    path("clients/<id:pk>/payments/", views.account_payments, name="account_payments"),
    path("clients/<id:pk>/payments/new/", views.payment_new, name="payment_new"),
    path("clients/<id:pk>/transactions/", views.transactions, name="transactions"),
    path("clients/<id:pk>/invoices/", views.account_invoices, name="account_invoices"),
    path("clients/<id:pk>/invoices/new/", views.invoice_new, name="invoice_new"),
    path("clients/<id:pk>/estimates/", views.account_estimates, name="account_estimates"),
    path("clients/<id:pk>/estimates/new/", views.estimate_new, name="estimate_new"),
    path("invoices/<id:pk>/", views.invoice, name="invoice"),
    path("invoices/<id:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<id:pk>/send/", views.invoice_send, name="invoice_send"),
    path("invoices/<id:pk>/edit/", views.invoice_edit, name="invoice_edit"),
    path("invoices/<id:pk>/issue/", views.invoice_issue, name="invoice_issue"),
    path("invoices/<id:pk>/credit-note/", views.invoice_credit_note, name="invoice_credit_note"),
    path("invoices/<id:pk>/apply-credit/", views.invoice_apply_credit, name="apply_credit"),
    path("payments/<id:pk>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("estimates/<id:pk>/", views.estimate, name="estimate"),
    path("estimates/<id:pk>/edit/", views.estimate_edit, name="estimate_edit"),
    path("estimates/<id:pk>/delete/", views.estimate_delete, name="estimate_delete"),
    path("estimates/<id:pk>/pdf/", views.estimate_pdf, name="estimate_pdf"),
    path("estimates/<id:pk>/send/", views.estimate_send, name="estimate_send"),
    path("estimates/<id:pk>/answer/", views.estimate_answer, name="estimate_answer"),
    path("estimates/<id:pk>/invoice/", views.estimate_invoice, name="estimate_invoice"),
    path("billing/settings/", views.billing_settings, name="settings"),
    path("invoices/claims/<id:pk>/", views.claim_decision, name="claim"),
]
