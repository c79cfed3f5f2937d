"""Admin for where figures come from besides the catalogue: the catalogue's name (funnel) and the Hessian
OZG-Monitor's weekly figures, entered one by one or from a CSV/XLSX file (both through
:func:`catalog.monitor.monitorwerte_erfassen`, all or nothing). A recorded weekly figure is not edited: a wrong one
is deleted and recorded again, so nobody overwrites someone else's figure unnoticed.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from catalog.importing.reader import DEFAULT_LIMITS, UnreadableFile
from catalog.models import Katalog, OzgMonitorWert
from catalog.monitor import monitor_datei_lesen, monitorwerte_erfassen
from toolkit.formatting import format_percent

from .verlauf import VerlaufAdmin


@admin.register(Katalog)
class KatalogAdmin(VerlaufAdmin):
    """One row: the name the funnel gives the loaded catalogue (without a row: "Hessischer OZG-Katalog")."""

    list_display = ["bezeichnung", "stand", "quelle"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Katalog.objects.exists()


class MonitorDateiForm(forms.Form):
    datei = forms.FileField(
        label="Datei mit Wochenwerten",
        help_text="CSV (UTF-8 oder Windows-1252, „;“-getrennt) oder Excel-Arbeitsmappe (.xlsx), höchstens 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    nur_pruefen = forms.BooleanField(label="Nur prüfen, nichts speichern", required=False)

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > DEFAULT_LIMITS.max_bytes:
            raise ValidationError(
                f"Die Datei ist zu groß; erlaubt sind höchstens {DEFAULT_LIMITS.max_bytes // 2**20} MB."
            )
        return datei


@admin.register(OzgMonitorWert)
class OzgMonitorWertAdmin(VerlaufAdmin):
    list_display = ["woche", "ebene", "online", "gesamt", "anteil_anzeige", "erfasst_am", "erfasst_von"]
    list_filter = ["ebene", "jahr"]
    list_select_related = ["erfasst_von"]
    fields = ["jahr", "kw", "ebene", "online", "gesamt"]
    change_list_template = "admin/catalog/ozgmonitorwert/change_list.html"

    @admin.display(description="Kalenderwoche", ordering="kw")
    def woche(self, obj):
        return f"KW {obj.kw}/{obj.jahr}"

    @admin.display(description="Anteil online")
    def anteil_anzeige(self, obj):
        return format_percent(obj.anteil, 1)

    def has_change_permission(self, request, obj=None):
        # Recorded figures stay as they are; the form is for new ones.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        monitorwerte_erfassen(werte=[obj], user=request.user)

    def get_urls(self):
        view = self.admin_site.admin_view(self.importieren)
        return [path("importieren/", view, name="catalog_ozgmonitorwert_importieren"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "darf_importieren": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    def importieren(self, request):
        """Upload a file of weekly figures: checked in full; recorded only if every row is right."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MonitorDateiForm(request.POST or None, request.FILES or None)
        batch = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["datei"]
            try:
                batch = monitor_datei_lesen(upload.file, filename=Path(upload.name).name[:120] or "Datei")
            except UnreadableFile as exc:
                form.add_error("datei", exc.message)
            if batch is not None and not batch.fehler and not form.cleaned_data["nur_pruefen"]:
                try:
                    monitorwerte_erfassen(werte=batch.werte, user=request.user)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, f"{len(batch.werte)} Wochenwerte des OZG-Monitors erfasst.")
                    return HttpResponseRedirect(reverse("admin:catalog_ozgmonitorwert_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Wochenwerte des OZG-Monitors aus einer Datei übernehmen",
            "opts": self.model._meta,
            "form": form,
            "batch": batch,
            "changelist_url": reverse("admin:catalog_ozgmonitorwert_changelist"),
        }
        return TemplateResponse(request, "admin/catalog/ozgmonitorwert/importieren.html", context)
