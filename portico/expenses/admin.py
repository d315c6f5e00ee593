from django.contrib import admin

from portico.expenses.models import Expense, ExpenseExport, ExpenseSummary, TopUp


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ["spent_on", "merchant", "amount", "currency", "state", "account"]
    list_filter = ["state", "category"]
    raw_id_fields = ["account", "firm", "export", "receipt_added_by"]


@admin.register(ExpenseSummary)
class ExpenseSummaryAdmin(admin.ModelAdmin):
    list_display = ["account", "missing_receipts", "ready_to_export", "wallet_balance"]
    raw_id_fields = ["account", "firm"]


admin.site.register(TopUp, raw_id_fields=["account", "firm", "created_by"])
admin.site.register(ExpenseExport, raw_id_fields=["account", "firm", "created_by"])
