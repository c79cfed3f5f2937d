"""``/leistungen/``: every Leistung (filter, sort, pages, export); ``/leistungen/<key>/``: one Leistung in full."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from catalog.berechtigungen import darf_leistung_bearbeiten
from catalog.exporting import leistungen_export
from catalog.key_urls import leistung_from_url
from catalog.models import Leistung
from catalog.selectors import ABLOESUNGEN, fallzahl_angabe, online_luecken, statusverlauf
from dashboard.filters import LeistungFilter
from dashboard.forms import LeistungFortschreibenForm
from dashboard.tables import LeistungTable
from planung.export import quartal_spalte
from scorecard.selectors import bewertung_aufschluesselung
from toolkit.listview import ListView


def leistungen_queryset():
    return Leistung.objects.select_related("amt", "status", "buendel__themenfeld", "reifegrad")


class LeistungListView(ListView):
    filterset_class = LeistungFilter
    table_class = LeistungTable
    title = "Leistungen"
    intro = (
        "Alle LeiKa-Leistungen des Katalogs mit ihrem Umsetzungsstand. Die Suche findet eine Leistung über ihren "
        "Namen, den Namen oder die OZG-ID ihres Bündels (Groß- und Kleinschreibung egal) oder ihren LeiKa-Schlüssel "
        "(mit oder ohne Punkte, auch nur den Anfang)."
    )
    empty_text_unfiltered = "Der Katalog enthält noch keine Leistung."
    export_filename = "leistungen"
    table_caption = "Leistungen"

    def get_queryset(self):
        return leistungen_queryset()

    def export_table(self, rows):
        return leistungen_export(rows, extra_columns=[quartal_spalte()])

    def get_context_data(self, **context):
        context["stand"] = timezone.localdate()
        return context


leistungen = LeistungListView.as_view()


GESCHWISTER_GEZEIGT = 10  # the Bündel's other Leistungen shown on the page; the list has them all


@leistung_from_url(
    Leistung.objects.select_related(
        "amt", "status", "reifegrad", "ressort", "buendel__themenfeld", "buendel__lebenslage"
    )
)
def leistung(request, eintrag: Leistung):
    """One Leistung: every fact, the online service (and its gaps), the status form, the history, the Bündel and a
    few of its siblings (a link leads to all of them in the list), the score."""
    geschwister, geschwister_anzahl = [], 0
    if eintrag.buendel_id:
        andere = Leistung.objects.filter(buendel_id=eintrag.buendel_id).exclude(pk=eintrag.pk)
        geschwister = list(andere.select_related("status", "amt").order_by("leika_schluessel")[:GESCHWISTER_GEZEIGT])
        geschwister_anzahl = len(geschwister) if len(geschwister) < GESCHWISTER_GEZEIGT else andere.count()
    context = {
        "leistung": eintrag,
        "fallzahl": fallzahl_angabe(eintrag),
        "verlauf": statusverlauf(eintrag),
        "geschwister": geschwister,
        "geschwister_anzahl": geschwister_anzahl,
        "luecken": online_luecken(eintrag),
        "abloesung": ABLOESUNGEN.get(eintrag.anmeldung),
        "stand": timezone.localdate(),
        # The scorecard's breakdown: each criterion, option, points, area scores, weights, total.
        "aufschluesselung": bewertung_aufschluesselung(eintrag),
        # The form for the Amtsleitung of this Leistung's Amt and the Redaktion.
        "bearbeiten_form": LeistungFortschreibenForm(leistung=eintrag)
        if darf_leistung_bearbeiten(request.user, eintrag)
        else None,
    }
    return render(request, "dashboard/leistung.html", context)
