"""The scorecard's pages: the ranking (/priorisierung/), a list like every other, and the rating page of one
Leistung. Views stay thin: filters and selectors give the data, the table and the chart module shape it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from catalog.berechtigungen import benutzer_amt
from catalog.key_urls import leistung_from_url
from catalog.models import Leistung
from catalog.versions import VersionKonflikt
from toolkit.listview import ListView

from .charts import top_chart
from .export import rangliste_export
from .filters import RanglisteFilter
from .forms import BewertungForm
from .models import Bewertung
from .selectors import (
    bewertung_aufschluesselung,
    bewertungskriterien,
    bewertungsverlauf,
    offene_leistungen,
)
from .selectors import (
    rangliste as rangliste_laden,
)
from .services import bewertung_version, leistung_bewerten
from .tables import RanglisteTable

VIEW_PERMISSION = "scorecard.view_bewertung"
BEWERTEN_PERMISSION = "scorecard.change_bewertung"


def _forbidden(request, text: str):
    return render(request, "scorecard/hinweis.html", {"titel": "Keine Berechtigung", "text": text}, status=403)


class RanglisteListView(ListView):
    """The ranking of the open services, filtered; ``?export=xlsx`` / ``?export=csv`` download it."""

    filterset_class = RanglisteFilter
    table_class = RanglisteTable
    template_name = "scorecard/rangliste.html"
    title = "Priorisierung der offenen Leistungen (OZG-Scorecard)"
    sheet_title = "Priorisierung"

    @property
    def export_filename(self) -> str:
        return f"priorisierung-{timezone.localdate():%Y-%m-%d}"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            return _forbidden(request, "Sie haben keine Berechtigung, die Priorisierung zu sehen.")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return offene_leistungen()

    def get_table_data(self, queryset):
        # Without a filter the whole base is shown: no extra query for the selection.
        self.rangliste = rangliste_laden(auswahl=queryset if self.filterset.is_bound else None)
        return self.rangliste.zeilen

    def get_table_kwargs(self):
        return {
            "bereiche": self.rangliste.bereiche,
            "bewerten_erlaubt": self.request.user.has_perm(BEWERTEN_PERMISSION),
        }

    def export_table(self, rows):
        return rangliste_export(self.rangliste)

    def get_context_data(self, **context):
        chart = top_chart(self.rangliste)
        return context | {
            "rangliste": self.rangliste,
            "charts": [chart] if chart else [],
            "eigenes_amt": benutzer_amt(self.request.user),
        }


rangliste = RanglisteListView.as_view()


@leistung_from_url(Leistung.objects.select_related("amt", "status"))
def bewerten(request, leistung: Leistung):
    """One Leistung's rating: the breakdown, all criteria on one form, and the rating history.

    The key in any notation (``99.005.006.000.000``) redirects permanently to its 14 digits."""
    if not request.user.has_perm(BEWERTEN_PERMISSION):
        return _forbidden(request, "Bewerten dürfen nur Redakteurinnen und Redakteure der Scorecard.")

    kriterien = bewertungskriterien()
    bewertungen = {b.kriterium_id: b for b in Bewertung.objects.filter(leistung=leistung)}
    version = bewertung_version(leistung)
    if request.method == "POST":
        form = BewertungForm(request.POST, kriterien=kriterien, bewertungen=bewertungen, version=version)
        if form.is_valid():
            try:
                aenderungen = leistung_bewerten(
                    leistung=leistung,
                    antworten=form.antworten(),
                    user=request.user,
                    version=form.cleaned_data["bewertung_version"],
                )
            except VersionKonflikt as exc:
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
        form = BewertungForm(kriterien=kriterien, bewertungen=bewertungen, version=version)
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
