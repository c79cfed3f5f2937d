"""The scorecard's pages: the ranking (/priorisierung/) and the rating page of one Leistung.

Views stay thin: filters and selectors give the data, the table and the chart module shape it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from catalog.exporting import ExportFormatError, export_response, requested_format
from catalog.keys import InvalidKey, normalize_key
from catalog.models import Benutzerprofil, Leistung

from .charts import top_diagramm
from .export import SCHLUESSEL_SPALTE, ranglisten_kopf, ranglisten_zeilen
from .filters import RanglistenFilter
from .forms import BewertungForm
from .models import Bewertung
from .selectors import (
    bewertung_aufschluesselung,
    bewertungskriterien,
    bewertungsverlauf,
    offene_leistungen,
    rangliste,
)
from .services import VeralteterStand, bewertungsstand, leistung_bewerten
from .tables import RanglistenTabelle

SEITENGROESSE = 50
LESEN = "scorecard.view_bewertung"
BEWERTEN = "scorecard.change_bewertung"


def _hinweis(request, titel: str, text: str, status: int):
    return render(request, "scorecard/hinweis.html", {"titel": titel, "text": text}, status=status)


def _keine_berechtigung(request, text: str):
    return _hinweis(request, "Keine Berechtigung", text, 403)


def _eigenes_amt(user):
    profil = Benutzerprofil.objects.filter(user=user).select_related("amt").first()
    return profil.amt if profil else None


def rangliste_view(request):
    """The ranking of the open services, filtered; ``?export=xlsx`` / ``?export=csv`` download it."""
    if not request.user.has_perm(LESEN):
        return _keine_berechtigung(request, "Sie haben keine Berechtigung, die Priorisierung zu sehen.")
    try:
        fmt = requested_format(request)
    except ExportFormatError as exc:
        return _hinweis(request, "Export nicht möglich", str(exc), 400)

    filterset = RanglistenFilter(request.GET, queryset=offene_leistungen(), request=request)
    daten = rangliste(auswahl=filterset.qs)
    if fmt is not None:
        return export_response(
            rows=ranglisten_zeilen(daten),
            header=ranglisten_kopf(daten),
            filename=f"priorisierung-{timezone.localdate():%Y-%m-%d}",
            fmt=fmt,
            sheet_title="Priorisierung",
            text_columns=[SCHLUESSEL_SPALTE],
        )

    table = RanglistenTabelle(daten.zeilen, bereiche=daten.bereiche, bewerten_erlaubt=request.user.has_perm(BEWERTEN))
    RequestConfig(request, paginate={"per_page": SEITENGROESSE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "scorecard/rangliste.html",
        {
            "filter": filterset,
            "table": table,
            "rangliste": daten,
            "diagramm": top_diagramm(daten),
            "eigenes_amt": _eigenes_amt(request.user),
            "export_query": query.urlencode(),
        },
    )


def bewerten_view(request, schluessel: str):
    """One Leistung's rating: the breakdown, all criteria on one form, and the rating history.

    The key in any notation (``99.005.006.000.000``) redirects permanently to its 14 digits."""
    try:
        digits = normalize_key(schluessel)
    except InvalidKey:
        return _hinweis(request, "Leistung nicht gefunden", f"„{schluessel}“ ist kein LeiKa-Schlüssel.", 404)
    if digits != schluessel:
        return redirect("scorecard:bewerten", schluessel=digits, permanent=True)
    leistung = Leistung.objects.select_related("amt", "status").filter(leika_schluessel=digits).first()
    if leistung is None:
        return _hinweis(
            request, "Leistung nicht gefunden", f"Es gibt keine LeiKa-Leistung mit dem Schlüssel {digits}.", 404
        )
    if not request.user.has_perm(BEWERTEN):
        return _keine_berechtigung(request, "Bewerten dürfen nur Redakteurinnen und Redakteure der Scorecard.")

    kriterien = bewertungskriterien()
    bewertungen = {b.kriterium_id: b for b in Bewertung.objects.filter(leistung=leistung)}
    stand = bewertungsstand(leistung)
    if request.method == "POST":
        form = BewertungForm(request.POST, kriterien=kriterien, bewertungen=bewertungen, stand=stand)
        if form.is_valid():
            try:
                aenderungen = leistung_bewerten(
                    leistung=leistung,
                    antworten=form.antworten(),
                    user=request.user,
                    stand=form.cleaned_data["stand"],
                )
            except VeralteterStand as exc:
                # Show the current ratings instead of the stale form, so that nothing newer gets overwritten.
                messages.error(request, exc.messages[0])
                return redirect("scorecard:bewerten", schluessel=leistung.leika_schluessel)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                ergebnis = bewertung_aufschluesselung(leistung).gesamt_text
                if aenderungen.gesamt:
                    messages.success(request, f"Bewertung gespeichert ({aenderungen}). Gesamtwert: {ergebnis}.")
                else:
                    messages.info(request, "Keine Änderung: die Bewertung war bereits so gespeichert.")
                return redirect("scorecard:bewerten", schluessel=leistung.leika_schluessel)
    else:
        form = BewertungForm(kriterien=kriterien, bewertungen=bewertungen, stand=stand)
    return render(
        request,
        "scorecard/bewerten.html",
        {
            "leistung": leistung,
            "form": form,
            "aufschluesselung": bewertung_aufschluesselung(leistung),
            "verlauf": bewertungsverlauf(leistung),
        },
    )
