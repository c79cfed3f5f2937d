"""Cross-cutting request handling that is not domain code."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware, PersistentRemoteUserMiddleware
from django.contrib.auth.views import redirect_to_login
from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render

SESSION_STARTED_KEY = "ozgportal_angemeldet_seit"
LESERECHT = "catalog.portal_lesen"
KEIN_LESERECHT_JSON = (
    "Sie dürfen das OZG-Portal nicht lesen: Ihr Benutzerkonto gehört keiner Gruppe des Portals an. Bitte wenden Sie "
    "sich an die Redaktion des Portals in Amt 15."
)


def ohne_leserecht(view):
    """Mark a view that a signed-in user without the permission to read the portal may use (signing out)."""
    view.leserecht_noetig = False
    return view


class PortalZugangMiddleware(LoginRequiredMiddleware):
    """The one place that decides who may read the portal: every address needs a sign-in (Django's
    ``LoginRequiredMiddleware``; the sign-in page is marked ``login_not_required``), and every page, export and
    ``/daten/`` figure outside the admin needs ``catalog.portal_lesen``, which the groups "Redaktion Amt 15",
    "Amtsleitung" and "Verwaltungsführung" have (migration catalog 0008). A user in no group, e.g. one created by
    single sign-on, gets a German 403 page that says whom to ask. The admin keeps its own rules (staff and model
    permissions)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        antwort = super().process_view(request, view_func, view_args, view_kwargs)
        if antwort is not None or not getattr(view_func, "login_required", True):
            return antwort
        if not getattr(view_func, "leserecht_noetig", True) or request.resolver_match.app_name == "admin":
            return None
        if request.user.has_perm(LESERECHT):
            return None
        if request.path.endswith(".json"):  # the machine-readable figures answer in their own format
            return JsonResponse({"fehler": KEIN_LESERECHT_JSON}, status=403)
        return render(request, "registration/kein_leserecht.html", status=403)


class SessionMaxAgeMiddleware:
    """Ends a session ``SESSION_MAX_AGE`` seconds after sign-in, however active it was (the idle limit is
    Django's own ``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_MAX_AGE:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class ProxyRemoteUserMiddleware(PersistentRemoteUserMiddleware):
    """Single sign-on through the city's reverse proxy: it authenticates the user and passes the user name in a
    header (``REMOTE_USER_HEADER``, e.g. ``HTTP_X_REMOTE_USER``). Switched on by settings alone (README, Betrieb).
    """

    @property
    def header(self):
        return settings.REMOTE_USER_HEADER


class DatenbankBeschaeftigtMiddleware:
    """A write that waited longer than the busy timeout (SQLite: "database is locked", after 20 seconds behind
    another write) gets a German 503 page that asks to try again, never a 500. Its transaction was rolled back,
    nothing was saved. The page needs no database (it is rendered while the database is busy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "locked" in str(exception):
            antwort = render(request, "503.html", status=503)
            antwort["Retry-After"] = "5"
            return antwort
        return None
