"""Cross-cutting request handling that is not domain code."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import PersistentRemoteUserMiddleware
from django.contrib.auth.views import redirect_to_login

SESSION_STARTED_KEY = "ozgportal_angemeldet_seit"


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
