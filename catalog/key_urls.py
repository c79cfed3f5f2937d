"""A Leistung addressed by its LeiKa key in a URL: the path converter ``<leika:schluessel>`` and one view
decorator, :func:`leistung_from_url`, for every page of one Leistung (its page, its form, its rating).

The address of a Leistung is its 14 digits (``/leistungen/99050042000000/``). Any other notation of the key
(dotted, spaced, hyphenated) leads there with a permanent redirect; a text that is no key and a key without a
Leistung answer the German 404 page saying which.
"""

from __future__ import annotations

from functools import wraps

from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import register_converter

from catalog.keys import InvalidKey, normalize_key
from catalog.models import Leistung


class LeikaKeyConverter:
    """``<leika:schluessel>``: one path segment, handed to the view as typed. ``reverse()`` writes the 14 digits
    of a key in any notation."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        try:
            return normalize_key(value)
        except InvalidKey:
            return str(value)


register_converter(LeikaKeyConverter, "leika")


def not_found(request, meldung: str):
    """The German 404 page with a sentence saying what was not found."""
    return render(request, "404.html", {"meldung": meldung}, status=404)


def leistung_from_url(queryset: QuerySet[Leistung] | None = None):
    """View decorator: ``view(request, leistung, **kwargs)`` instead of ``view(request, schluessel, **kwargs)``.

    The key in another notation redirects permanently to the same view with the 14 digits (query string kept;
    other methods than GET keep method and body, 308); an unreadable or unknown key is the German 404 page.
    ``queryset``: where to look (e.g. with ``select_related``), default every Leistung.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, schluessel: str, **kwargs):
            try:
                digits = normalize_key(schluessel)
            except InvalidKey:
                return not_found(request, f"„{schluessel}“ ist kein LeiKa-Schlüssel.")
            if digits != schluessel:
                ziel = redirect(
                    request.resolver_match.view_name,
                    schluessel=digits,
                    permanent=True,
                    preserve_request=request.method not in ("GET", "HEAD"),
                    **kwargs,
                )
                if request.GET:
                    ziel["Location"] += "?" + request.GET.urlencode()
                return ziel
            leistung = (queryset if queryset is not None else Leistung.objects).filter(leika_schluessel=digits).first()
            if leistung is None:
                return not_found(request, f"Es gibt keine LeiKa-Leistung mit dem Schlüssel {digits}.")
            return view(request, leistung, **kwargs)

        return wrapper

    return decorator
