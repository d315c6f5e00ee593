from django.core.paginator import Paginator
from django.shortcuts import render

from portico.clients import queries
from portico.core.tenancy import member_required

PAGE_SIZES = (25, 50, 100)


@member_required
def client_list(request):
    size = _page_size(request.GET.get("size"))
    page = Paginator(queries.account_rows(request.member), size).get_page(request.GET.get("page"))
    return render(request, "clients/list.html", {"page": page, "size": size})


def _page_size(raw):
    return int(raw) if raw and raw.isdigit() and int(raw) in PAGE_SIZES else 50
