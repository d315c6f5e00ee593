from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect


def home(request):
    return redirect("clients:list")


def health(request):
    """For load balancers and monitors: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
