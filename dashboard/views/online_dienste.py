"""``/online-dienste/``: the online services by platform and user account, and which still use an account that is
being replaced (Servicekonto Hessen → Nutzerkonto Bund, the deck's Q4/2022); a list like every other."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from catalog.exporting import leistungen_export
from catalog.models import Leistung
from catalog.selectors import ABLOESUNGEN, online_dienst_erfasst, online_dienste_nach_plattform
from dashboard.filters import OnlineDienstFilter
from dashboard.tables import OnlineDienstTable
from toolkit.listview import ListView


class OnlineDienstListView(ListView):
    filterset_class = OnlineDienstFilter
    table_class = OnlineDienstTable
    template_name = "dashboard/online_dienste.html"
    title = "Online-Dienste nach Plattform und Nutzerkonto"
    intro = (
        "Jede Leistung, für die ein Online-Dienst erfasst ist (Adresse, Plattform oder Anmeldung): auf welcher "
        "Plattform er läuft (civento von ekom21, ein EfA-Onlinedienst eines anderen Landes, eine eigene Lösung) und "
        "mit welchem Nutzerkonto sich Bürgerinnen und Bürger anmelden. Die Zahlen folgen dem Filter."
    )
    empty_text_unfiltered = "Für keine Leistung ist ein Online-Dienst erfasst."
    export_filename = "online-dienste"
    table_caption = "Online-Dienste"

    def get_queryset(self):
        return Leistung.objects.filter(online_dienst_erfasst() | ~Q(anmeldung="")).select_related(
            "amt", "status", "buendel__themenfeld", "reifegrad"
        )

    def export_table(self, rows):
        return leistungen_export(rows)

    def get_context_data(self, **context):
        context.update(
            stand=timezone.localdate(),
            zahlen=online_dienste_nach_plattform(context["filtered"]),
            abloesungen=list(ABLOESUNGEN.values()),
        )
        return context


online_dienste = OnlineDienstListView.as_view()
