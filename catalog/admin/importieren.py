"""The admin page on which an Amt 15 editor imports the Hessian catalogue: upload → preview → confirm.

Only users who may change Leistungen (``catalog.change_leistung``) reach it. Nothing waits on one app server: the
uploaded file is kept in ``STORAGES["default"]`` under a random token (``jobs.Upload``, owned by the user; the token
also in the session), and checking it for the preview and applying it run as background tasks
(:mod:`catalog.tasks`) whose job page shows their progress and then the preview or the result, on whichever server
the next request lands. Confirm applies the file with the same engine as ``manage.py import_katalog``, so the
preview and the result cannot disagree about how the file is read, and refuses (with a new preview) if a Leistung
it would write changed since the preview. An import that would retire many Leistungen needs their number typed
in. The upload is removed when the import is applied, discarded or fails, and by ``manage.py aufraeumen`` after a
day (every new upload cleans up too).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from catalog.importing.reader import DEFAULT_LIMITS
from jobs.models import Job, Upload
from jobs.selectors import job_fuer_benutzer, job_stand
from jobs.services import job_starten, upload_loeschen, upload_speichern
from jobs.views import fortschritt_json

SESSION_KEY = "katalog_import"
UPLOAD_ART = "katalog_import"


class KatalogUploadForm(forms.Form):
    datei = forms.FileField(
        label="Katalog-Datei",
        help_text="Excel-Arbeitsmappe (.xlsx) oder CSV-Datei, höchstens 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    stichtag = forms.DateField(
        label="Stichtag",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Ab diesem Tag gelten Statusänderungen aus der Datei; fehlende Leistungen gelten ab diesem Tag als "
        "nicht mehr im Katalog.",
    )
    fehlerhafte_ueberspringen = forms.BooleanField(
        label="Fehlerhafte Zeilen überspringen",
        required=False,
        help_text="Sonst wird bei einem einzigen Fehler nichts übernommen.",
    )
    teilauszug = forms.BooleanField(
        label="Die Datei ist nur ein Auszug",
        required=False,
        help_text="Leistungen, die in der Datei fehlen, werden dann nicht als „nicht mehr im Katalog“ markiert "
        "(z. B. für eine gefilterte Exportdatei).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stichtag"].initial = timezone.localdate()

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > DEFAULT_LIMITS.max_bytes:
            groesse = f"{datei.size / 2**20:.1f}".replace(".", ",")
            raise ValidationError(
                f"Die Datei ist {groesse} MB groß; erlaubt sind höchstens {DEFAULT_LIMITS.max_bytes // 2**20} MB."
            )
        return datei

    def clean_stichtag(self):
        stichtag = self.cleaned_data["stichtag"]
        heute = timezone.localdate()
        if stichtag > heute:
            raise ValidationError(
                f"Der Stichtag {stichtag:%d.%m.%Y} liegt in der Zukunft; höchstens heute ({heute:%d.%m.%Y})."
            )
        return stichtag


def import_urls(model_admin) -> list:
    """The import page (``admin:catalog_leistung_importieren``), the page of one of its jobs
    (``admin:catalog_leistung_import_auftrag``) and that job's progress (``…_import_fortschritt``)."""
    view = KatalogImportView(model_admin)
    wrap = model_admin.admin_site.admin_view
    return [
        path("importieren/", wrap(view), name="catalog_leistung_importieren"),
        path("importieren/<uuid:job_id>/", wrap(view.job_page), name="catalog_leistung_import_auftrag"),
        path(
            "importieren/<uuid:job_id>/fortschritt.json",
            wrap(view.job_progress),
            name="catalog_leistung_import_fortschritt",
        ),
    ]


class KatalogImportView:
    """Upload → preview → confirm. The import page takes the POSTed ``schritt``; each step's job has a page."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request):
        self._check(request)
        if request.method == "POST":
            schritt = request.POST.get("schritt")
            if schritt == "bestaetigen":
                return self.confirm(request)
            if schritt == "abbrechen":
                _discard(request)
                messages.info(request, "Der Import wurde verworfen; es wurde nichts geändert.")
                return HttpResponseRedirect(request.path)
            return self.upload(request)
        return self.render(request, "admin/catalog/import/upload.html", form=KatalogUploadForm())

    def _check(self, request) -> None:
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied

    def upload(self, request):
        from catalog.tasks import ART_PRUEFEN, katalog_import_pruefen

        form = KatalogUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, "admin/catalog/import/upload.html", form=form)
        _discard(request)
        datei = form.cleaned_data["datei"]
        dateiname = Path(datei.name).name[:120] or "Datei"
        upload = upload_speichern(
            user=request.user,
            datei=datei,
            art=UPLOAD_ART,
            dateiname=dateiname,
            angaben={
                "stichtag": form.cleaned_data["stichtag"].isoformat(),
                "skip_invalid": form.cleaned_data["fehlerhafte_ueberspringen"],
                "teilauszug": form.cleaned_data["teilauszug"],
            },
        )
        request.session[SESSION_KEY] = {"token": upload.token}
        job = job_starten(
            katalog_import_pruefen,
            user=request.user,
            art=ART_PRUEFEN,
            titel=f"Katalog-Import „{dateiname}“: Datei prüfen",
            token=upload.token,
        )
        return HttpResponseRedirect(reverse("admin:catalog_leistung_import_auftrag", args=[job.pk]))

    def confirm(self, request):
        from catalog.tasks import ART_UEBERNEHMEN, katalog_import_uebernehmen

        upload = _claim(request)
        if isinstance(upload, HttpResponseRedirect):
            return upload
        bestaetigt = request.POST.get("ausscheiden_bestaetigt", "").strip().replace(".", "")
        try:
            job = job_starten(
                katalog_import_uebernehmen,
                user=request.user,
                art=ART_UEBERNEHMEN,
                titel=f"Katalog-Import „{upload.dateiname}“: übernehmen",
                token=upload.token,
                ausscheiden_bestaetigt=int(bestaetigt) if bestaetigt.isascii() and bestaetigt.isdigit() else None,
            )
        except BaseException:
            _discard(request)
            raise
        with transaction.atomic():  # a second click now leads to this job (unless the task has finished)
            upload = Upload.objects.select_for_update().filter(pk=upload.pk).first()
            if upload is not None and upload.angaben.get("uebernahme") == "beginnt":
                upload.angaben["uebernahme"] = str(job.pk)
                upload.save(update_fields=["angaben"])
        return HttpResponseRedirect(reverse("admin:catalog_leistung_import_auftrag", args=[job.pk]))

    def job_page(self, request, job_id):
        """A job of the import: its progress while it runs, then the preview, the result or why it failed."""
        self._check(request)
        job = _job(request, job_id)
        if job.status == Job.Status.FERTIG and job.ergebnis.get("art") == "vorschau":
            return self.preview(request, job)
        return self.render(
            request,
            "admin/catalog/import/auftrag.html",
            job=job,
            stand=job_stand(job),
            ergebnis=job.ergebnis or {},
            fortschritt_url=reverse("admin:catalog_leistung_import_fortschritt", args=[job.pk]),
        )

    def job_progress(self, request, job_id):
        self._check(request)
        _job(request, job_id)
        return fortschritt_json(request, job_id)

    def preview(self, request, job: Job):
        daten = job.ergebnis
        vorschau = {**daten["vorschau"], "stichtag": dt.date.fromisoformat(daten["vorschau"]["stichtag"])}
        auftrag = daten["auftrag"]
        upload = Upload.objects.filter(pk=auftrag["token"], user=request.user).first()
        offen = upload is not None and not upload.angaben.get("uebernahme")
        gezeigt = vorschau["gezeigt"]
        anzahl = vorschau["anzahl"]
        return self.render(
            request,
            "admin/catalog/import/vorschau.html",
            ergebnis=vorschau,
            anzahl=anzahl,
            auftrag=auftrag,
            offen=offen and request.session.get(SESSION_KEY, {}).get("token") == auftrag["token"],
            meldung=daten.get("meldung", ""),
            gezeigt=gezeigt,
            weitere={
                name: max(0, anzahl[name] - gezeigt) for name in ("fehler", "neu", "geaendert", "nicht_mehr_im_katalog")
            },
        )

    def render(self, request, template: str, **context):
        opts = self.model_admin.model._meta
        return TemplateResponse(
            request,
            template,
            {
                **self.model_admin.admin_site.each_context(request),
                "opts": opts,
                "title": "Katalog importieren",
                "changelist_url": reverse("admin:catalog_leistung_changelist"),
                "import_url": reverse("admin:catalog_leistung_importieren"),
                **context,
            },
        )


def _job(request, job_id) -> Job:
    """The import's job ``job_id`` for the user who started it; 404 for everybody else."""
    job = job_fuer_benutzer(request.user, job_id)
    if not job.art.startswith("katalog_import"):
        raise Http404("Diesen Auftrag gibt es nicht.")
    return job


def _claim(request) -> Upload | HttpResponseRedirect:
    """The user's pending upload named by the POSTed token, marked as being applied (a second click finds it so);
    otherwise a redirect with the German reason."""
    sitzung = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    with transaction.atomic():
        upload = (
            Upload.objects.select_for_update().filter(pk=token, user=request.user, art=UPLOAD_ART).first()
            if token and sitzung.get("token") == token
            else None
        )
        if upload is None:
            request.session.pop(SESSION_KEY, None)
            messages.error(
                request, "Dieser Import ist abgelaufen oder wurde schon übernommen; bitte die Datei erneut hochladen."
            )
            return HttpResponseRedirect(request.path)
        laufend = upload.angaben.get("uebernahme")
        if laufend:
            messages.info(request, "Dieser Import wird schon übernommen.")
            if laufend != "beginnt":
                return HttpResponseRedirect(reverse("admin:catalog_leistung_import_auftrag", args=[laufend]))
            return HttpResponseRedirect(request.path)
        if "versionen" not in upload.angaben:
            messages.error(request, "Die Vorschau dieses Imports ist noch nicht fertig; bitte warten.")
            return HttpResponseRedirect(request.path)
        upload.angaben = {**upload.angaben, "uebernahme": "beginnt"}
        Upload.objects.filter(pk=upload.pk).update(angaben=upload.angaben)
    return upload


def _discard(request) -> None:
    """Forget the user's pending import and delete its file (unless it is being applied: the task removes it)."""
    sitzung = request.session.pop(SESSION_KEY, None) or {}
    upload = Upload.objects.filter(pk=sitzung.get("token", ""), user=request.user).first()
    if upload is not None and not upload.angaben.get("uebernahme"):
        upload_loeschen(upload)
