"""The Servicestandard's pages. Views stay thin: the filters and selectors give the data, the chart and table
modules shape it, the service writes.

- ``/servicestandard/``: the degree of fulfilment per principle, group and Amt (charts with their tables), the
  counting rule, and the assessed services as a list like every other (filters, sorting, pages, export);
- ``/servicestandard/pruefen/<key>/``: the assessment form of one Leistung, for the Redaktion and the Amtsleitung
  of the Leistung's Amt (everyone else gets 404, as with the status form).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from catalog.key_urls import leistung_from_url, not_found
from catalog.models import Leistung
from toolkit.export import ExportTable
from toolkit.listview import ListView

from .berechtigungen import darf_pruefen
from .charts import aemter_chart, prinzipien_chart
from .daten import KEIN_RECHT, LESEN
from .export import SCHLUESSEL_SPALTE, servicestandard_export
from .filters import ServicestandardFilter, ausgewaehlte_leistungen, auswahl_text
from .forms import PruefungForm
from .models import Prinzip
from .selectors import (
    ZAEHLREGEL,
    servicestandard_checkliste,
    servicestandard_stand,
    servicestandard_ungeprueft,
    servicestandard_verlauf,
)
from .services import PruefungKonflikt, leistung_pruefen
from .tables import PruefungenTable

# The principle about machine-readable results: on the page it links the portal's own /daten/ figures.
DATEN_PRINZIP = 18
KEIN_ZUGANG = "Diese Leistung gibt es nicht oder Sie dürfen sie nicht nach dem Servicestandard prüfen."


class ServicestandardListView(ListView):
    """The figures and the list of assessed services; ``?export=xlsx`` / ``?export=csv`` download the list in
    the columns the import reads."""

    filterset_class = ServicestandardFilter
    table_class = PruefungenTable
    template_name = "servicestandard/servicestandard.html"
    title = "OZG-Servicestandard: Wo Wiesbaden steht"
    table_caption = "Geprüfte Online-Dienste mit ihrem Anteil erfüllt"
    sheet_title = "Servicestandard"

    @property
    def export_filename(self) -> str:
        return f"servicestandard-{timezone.localdate():%Y-%m-%d}"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(LESEN):
            raise PermissionDenied(KEIN_RECHT)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Leistung.objects.all()

    def get_table_data(self, queryset):
        self.stand = servicestandard_stand(leistungen=ausgewaehlte_leistungen(self.filterset))
        return self.stand.leistungen if self.stand else []

    def get_table_kwargs(self):
        return {"prinzipien": len(self.stand.prinzipien) if self.stand else 0}

    def export_table(self, rows):
        if self.stand is None:  # no Fassung yet: the key column alone
            return ExportTable(header=[SCHLUESSEL_SPALTE], rows=[], text_columns=[SCHLUESSEL_SPALTE])
        return servicestandard_export(self.stand, rows)

    def get_context_data(self, **context):
        heute = timezone.localdate()
        auswahl = auswahl_text(self.filterset)
        charts = []
        if self.stand is not None:
            charts = [
                c
                for c in (
                    prinzipien_chart(self.stand, heute=heute, auswahl=auswahl),
                    aemter_chart(self.stand, heute=heute, auswahl=auswahl),
                )
                if c is not None
            ]
        return context | {
            "servicestand": self.stand,
            "charts": charts,
            "auswahl": auswahl,
            "zaehlregel": ZAEHLREGEL,
            "daten_prinzip": DATEN_PRINZIP,
            "daten_url": self._daten_url(),
            "stand": heute,
            "praesentierbar": True,
            "ungeprueft": self._ungeprueft(),
        }

    def _daten_url(self) -> str:
        """``/daten/servicestandard.json`` with this page's filters: the same figures, machine-readable."""
        parameter = {name: self.request.GET[name] for name in self.filterset.filters if self.request.GET.get(name)}
        return reverse("servicestandard:daten_json") + (f"?{urlencode(parameter)}" if parameter else "")

    def _ungeprueft(self) -> int | None:
        if self.stand is None:
            return None
        return servicestandard_ungeprueft(
            fassung=self.stand.fassung, leistungen=ausgewaehlte_leistungen(self.filterset)
        )


servicestandard = ServicestandardListView.as_view()


@leistung_from_url(Leistung.objects.select_related("amt", "status"))
def pruefen(request, leistung: Leistung):
    """One Leistung's assessment: all principles on one form, and who changed which result when."""
    if not darf_pruefen(request.user, leistung):
        # 404, not 403: nobody learns which forms exist for others (as with the status form)
        return not_found(request, KEIN_ZUGANG)
    checkliste = servicestandard_checkliste(leistung)
    form, konflikt = None, False
    if checkliste is not None and checkliste.pruefbar:
        if request.method == "POST":
            form = PruefungForm(request.POST, checkliste=checkliste)
            if form.is_valid():
                prinzipien = {p.pk: p for p in Prinzip.objects.filter(gruppe__fassung=checkliste.fassung)}
                try:
                    aenderungen = leistung_pruefen(
                        leistung=leistung,
                        eintraege=form.eintraege(prinzipien),
                        version=form.cleaned_data["version"],
                        user=request.user,
                    )
                except PruefungKonflikt as exc:
                    # Nothing was written. Keep what the user changed, show what is stored now beside it and
                    # everywhere else, and take the current version: saving again is a decision made with both
                    # in view.
                    checkliste = servicestandard_checkliste(leistung, fassung=checkliste.fassung)
                    form, konflikt = PruefungForm.nach_konflikt(request.POST, checkliste=checkliste), True
                    form.is_valid()
                    form.add_error(None, exc.messages[0])
                except PermissionDenied as exc:  # the right was withdrawn in the meantime
                    raise Http404(KEIN_ZUGANG) from exc
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    if aenderungen.gesamt:
                        messages.success(request, f"Prüfung nach dem Servicestandard gespeichert ({aenderungen}).")
                    else:
                        messages.info(request, "Keine Änderung: die Prüfung war bereits so gespeichert.")
                    return redirect("dashboard:leistung", schluessel=leistung.leika_schluessel)
        else:
            form = PruefungForm(checkliste=checkliste)
    return render(
        request,
        "servicestandard/pruefen.html",
        {
            "leistung": leistung,
            "checkliste": checkliste,
            "form": form,
            "konflikt": konflikt,
            "verlauf": servicestandard_verlauf(leistung),
            "zaehlregel": ZAEHLREGEL,
        },
    )
