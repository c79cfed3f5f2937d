"""``/healthz`` for the load balancer: 200 "ok" when the database answers and every migration of this code is
applied, 503 "nicht bereit" otherwise. Nothing else: no versions, no names, no reasons (those are in the log).

:class:`HealthzMiddleware` answers first in the chain, before the HTTPS redirect, the host check (ALLOWED_HOSTS),
sessions and the sign-in, so that a load balancer may probe every app server over plain HTTP at its own address.
The URL pattern (``healthz``) leads to the same view, for ``reverse()`` and the authorisation matrix.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
PFAD = "/healthz"


@login_not_required
@never_cache
def healthz(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        executor = MigrationExecutor(connection)
        offen = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.warning("healthz: die Datenbank antwortet nicht", exc_info=True)
        return _antwort("nicht bereit\n", 503)
    if offen:
        logger.warning("healthz: %d Migrationen sind nicht angewandt", len(offen))
        return _antwort("nicht bereit\n", 503)
    return _antwort("ok\n", 200)


def _antwort(text: str, status: int) -> HttpResponse:
    antwort = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    antwort["X-Content-Type-Options"] = "nosniff"
    return antwort


class HealthzMiddleware:
    """Answers ``/healthz`` before any other middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PFAD:
            return healthz(request)
        return self.get_response(request)
