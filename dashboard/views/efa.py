"""``/efa/``: the EfA services (and the OZG-Booster, IT-PLR decision 2022/20) with Wiesbaden's progress."""

from __future__ import annotations

from django.utils import timezone

from catalog.selectors import efa_buendel
from dashboard.exporte import efa_export
from dashboard.filters import EfaFilter
from dashboard.listview import Liste
from dashboard.tables import EfaTabelle


class EfaListe(Liste):
    filterset_class = EfaFilter
    table_class = EfaTabelle
    template_name = "dashboard/efa.html"
    titel = "EfA-Leistungen und OZG-Booster"
    einleitung = (
        "„Einer für Alle“: ein Land baut den Online-Dienst, Wiesbaden bindet ihn an. Die 35 OZG-Booster-Leistungen "
        "hat der IT-Planungsrat am 02.05.2022 (Beschluss 2022/20) priorisiert; sie sollten bis Ende 2022 überall "
        "ausgerollt sein. Fortschritt: von Wiesbadens Leistungen des Bündels (ohne „außer Betracht“) die online "
        "verfügbaren. Überfällig: Rollout-Frist überschritten und noch nicht alle online."
    )
    export_dateiname = "efa-leistungen"

    def get_queryset(self):
        return efa_buendel(heute=timezone.localdate())

    def get_table_kwargs(self):
        return {"stichtag": timezone.localdate()}

    def export_tabelle(self, queryset):
        return efa_export(queryset)

    def get_context_data(self, **context):
        context["stand"] = timezone.localdate()
        context["table"].beschriftung = "EfA-Leistungen"
        return context


efa = EfaListe.as_view()
