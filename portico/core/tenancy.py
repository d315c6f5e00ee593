"""Who is asking, for which firm: request.member and request.firm, and the checks views use."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation


class TenancyMiddleware:
    """Sets request.member and request.firm for signed-in staff, and their chosen language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.member = member_of(request.user)
        request.firm = request.member.firm if request.member else None
        if request.member and request.member.language:
            translation.activate(request.member.language)
            request.LANGUAGE_CODE = request.member.language
        return self.get_response(request)


def member_of(user):
    if not user.is_authenticated:
        return None
    member = getattr(user, "member", None)
    if member is None or not member.is_active:
        return None
    return member


def member_required(view):
    """Staff only: anonymous users go to sign-in; other signed-in users (clients) get 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.member is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def get_for_member(scope, member, **lookup):
    """The one way to load an object by id.

    `scope` is a queries.py function giving what `member` may see; anything outside it, another
    firm's object included, answers 404 exactly like a missing one.
    """
    return get_object_or_404(scope(member), **lookup)


def tenancy_context(request):
    return {
        "member": getattr(request, "member", None),
        "firm": getattr(request, "firm", None),
    }
