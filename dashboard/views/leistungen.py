"""``/leistungen/``: every Leistung (filter, sort, pages, export); ``/leistungen/<key>/``: one Leistung in full."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from catalog.berechtigungen import darf_leistung_bearbeiten
from catalog.keys import InvalidKey, normalize_key
from catalog.models import Leistung
from catalog.selectors import fallzahl_angabe, statusverlauf
from dashboard.exporte import leistungen_export
from dashboard.filters import LeistungFilter
from dashboard.forms import LeistungFortschreibenForm
from dashboard.listview import Liste
from dashboard.tables import LeistungTabelle
from scorecard.selectors import bewertung_aufschluesselung


def leistungen_queryset():
    return Leistung.objects.select_related("amt", "status", "buendel__themenfeld", "reifegrad")


class LeistungenListe(Liste):
    filterset_class = LeistungFilter
    table_class = LeistungTabelle
    titel = "Leistungen"
    einleitung = (
        "Alle LeiKa-Leistungen des Katalogs mit ihrem Umsetzungsstand. Die Suche findet eine Leistung über ihren "
        "Namen oder ihren LeiKa-Schlüssel (mit oder ohne Punkte, auch nur den Anfang)."
    )
    export_dateiname = "leistungen"

    def get_queryset(self):
        return leistungen_queryset()

    def export_tabelle(self, queryset):
        return leistungen_export(queryset)

    def get_context_data(self, **context):
        context["stand"] = timezone.localdate()
        context["table"].beschriftung = "Leistungen"
        return context


leistungen = LeistungenListe.as_view()


def leistung(request, schluessel: str):
    """One Leistung: every fact, the status history, the Bündel and its siblings, the online service, the score."""
    try:
        digits = normalize_key(schluessel)
    except InvalidKey:
        raise Http404(f"„{schluessel}“ ist kein LeiKa-Schlüssel.") from None
    if digits != schluessel:
        return redirect("dashboard:leistung", schluessel=digits, permanent=True)
    try:
        eintrag = Leistung.objects.select_related(
            "amt", "status", "reifegrad", "ressort", "buendel__themenfeld", "buendel__lebenslage"
        ).get(leika_schluessel=digits)
    except Leistung.DoesNotExist:
        raise Http404(f"Eine Leistung mit dem Schlüssel {schluessel} gibt es nicht.") from None

    verlauf = statusverlauf(eintrag)
    geschwister = []
    if eintrag.buendel_id:
        geschwister = list(
            Leistung.objects.filter(buendel_id=eintrag.buendel_id)
            .exclude(pk=eintrag.pk)
            .select_related("status", "amt")
            .order_by("leika_schluessel")
        )
    context = {
        "leistung": eintrag,
        "fallzahl": fallzahl_angabe(eintrag),
        "verlauf": verlauf,
        "geschwister": geschwister,
        "stand": timezone.localdate(),
        # The scorecard's breakdown: each criterion, option, points, area scores, weights, total.
        "aufschluesselung": bewertung_aufschluesselung(eintrag),
        # The small form for the Amtsleitung of this Leistung's Amt and the Redaktion.
        "bearbeiten_form": LeistungFortschreibenForm(leistung=eintrag)
        if darf_leistung_bearbeiten(request.user, eintrag)
        else None,
    }
    return render(request, "dashboard/leistung.html", context)
