from django.urls import path

from portico.expenses import views

app_name = "expenses"
urlpatterns = [
    path("<id:pk>/expenses/new/", views.expense_new, name="new"),
    path("<id:pk>/expenses/import/", views.expense_import, name="import"),
    path("<id:pk>/expenses/export/", views.export, name="export"),
    path("<id:pk>/wallet/top-up/", views.top_up, name="top_up"),
    path("expenses/<id:expense_pk>/receipt/", views.receipt, name="receipt"),
    path("expenses/<id:expense_pk>/receipt/upload/", views.receipt_upload, name="receipt_upload"),
    path("expenses/<id:expense_pk>/category/", views.category, name="category"),
    path("expense-exports/<id:export_pk>/", views.export_download, name="export_download"),
]
