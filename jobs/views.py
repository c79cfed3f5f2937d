"""The progress of a job as JSON, for the page's script (``static/jobs/fortschritt.js``); pages that show a job
embed ``jobs/_fortschritt.html`` and wire this view under their own URL and permission."""

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from .selectors import job_fuer_benutzer, job_stand


def fortschritt_json(request, job_id):
    """The job's state for its owner (404 for anybody else), never cached."""
    antwort = JsonResponse(
        job_stand(job_fuer_benutzer(request.user, job_id)), json_dumps_params={"ensure_ascii": False}
    )
    add_never_cache_headers(antwort)
    return antwort
