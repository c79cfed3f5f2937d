"""``/efa/``: the EfA services (and the OZG-Booster, IT-PLR decision 2022/20) with Wiesbaden's progress."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from catalog.selectors import efa_buendel
from dashboard.filters import EfaFilter
from dashboard.tables import EfaTable
from toolkit.export import ExportTable
from toolkit.listview import ListView


class EfaListView(ListView):
    filterset_class = EfaFilter
    table_class = EfaTable
    template_name = "dashboard/efa.html"
    title = "EfA-Leistungen und OZG-Booster"
    intro = (
        "„Einer für Alle“: ein Land baut den Online-Dienst, Wiesbaden bindet ihn an. Die 35 OZG-Booster-Leistungen "
        "hat der IT-Planungsrat am 02.05.2022 (Beschluss 2022/20) priorisiert; sie sollten bis Ende 2022 überall "
        "ausgerollt sein. Fortschritt: von Wiesbadens Leistungen des Bündels (ohne „außer Betracht“) die online "
        "verfügbaren. Überfällig: Rollout-Frist überschritten und noch nicht alle online."
    )
    empty_text_unfiltered = "Keine Leistung ist als EfA-Leistung erfasst."
    export_filename = "efa-leistungen"
    table_caption = "EfA-Leistungen"

    def get_queryset(self):
        return efa_buendel(heute=timezone.localdate())

    def get_table_kwargs(self):
        return {"stichtag": timezone.localdate()}

    def export_table(self, rows):
        """EfA Bündel with their facts and Wiesbaden's progress (annotated by :func:`catalog.selectors.efa_buendel`)."""

        def zeilen() -> Iterator[list]:
            for b in rows.iterator(chunk_size=2000):
                yield [
                    b.ozg_id,
                    b.name,
                    b.themenfeld.name if b.themenfeld else None,
                    b.ozg_booster,
                    b.get_umsetzendes_land_display() if b.umsetzendes_land else None,
                    b.nachnutzbar_ab,
                    b.rollout_frist,
                    b.umzusetzen,
                    b.erledigt,
                    b.ueberfaellig,
                ]

        header = [
            "OZG-ID",
            "OZG-Leistung",
            "Themenfeld",
            "OZG-Booster",
            "umsetzendes Land",
            "nachnutzbar ab",
            "Rollout-Frist",
            "Leistungen für Wiesbaden",
            "davon online",
            "Rollout-Frist überschritten",
        ]
        return ExportTable(header=header, rows=zeilen(), text_columns=["OZG-ID"])

    def get_context_data(self, **context):
        context["stand"] = timezone.localdate()
        return context


efa = EfaListView.as_view()
