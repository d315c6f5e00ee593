from django.urls import path

from portico.expenses import views

app_name = "expenses"
urlpatterns = [
    path("<int:pk>/expenses/new/", views.expense_new, name="new"),
    path("<int:pk>/expenses/import/", views.expense_import, name="import"),
    path("<int:pk>/expenses/export/", views.export, name="export"),
    path("<int:pk>/wallet/top-up/", views.top_up, name="top_up"),
    path("expenses/<int:expense_pk>/receipt/", views.receipt, name="receipt"),
    path("expenses/<int:expense_pk>/receipt/upload/", views.receipt_upload, name="receipt_upload"),
    path("expenses/<int:expense_pk>/category/", views.category, name="category"),
    path("expense-exports/<int:export_pk>/", views.export_download, name="export_download"),
]
