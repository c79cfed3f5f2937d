"""The admin page on which an Amt 15 editor imports the Hessian catalogue: upload → preview → confirm.

Only users who may change Leistungen (``catalog.change_leistung``) reach it. The uploaded file is kept between
preview and confirm in a private temporary folder under a random token that only the user's session knows (not in
the database), next to the versions of the Leistungen the preview compared; confirm reads the file again and
applies it with the same engine as ``manage.py import_katalog``, so the preview and the result cannot disagree
about how the file is read, and refuses (with a new preview) if a Leistung it would write changed since the
preview. An import that would retire many Leistungen needs their number typed in. The files are removed when the
import is confirmed, cancelled or fails, and in any case after a day.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from catalog.importing.apply import (
    AusscheidenNichtBestaetigt,
    ImportAbgebrochen,
    ImportVeraltet,
    katalog_importieren,
)
from catalog.importing.katalog import read_katalog
from catalog.importing.reader import DEFAULT_LIMITS, UnreadableFile

SESSION_KEY = "katalog_import"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "ozgportal-katalog-import"
MAX_AGE_SECONDS = 24 * 60 * 60
VORSCHAU_ZEILEN = 500  # rows listed per part of the preview; the summary counts all (the page stays small)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


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
    """The URL of the import page, under the Leistung admin (``admin:catalog_leistung_importieren``)."""
    view = model_admin.admin_site.admin_view(KatalogImportView(model_admin))
    return [path("importieren/", view, name="catalog_leistung_importieren")]


class KatalogImportView:
    """Upload → preview → confirm. One URL; the POSTed ``schritt`` says which step."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request):
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied
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

    def upload(self, request):
        form = KatalogUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, "admin/catalog/import/upload.html", form=form)
        _discard(request)
        _clean_up()
        upload = form.cleaned_data["datei"]
        dateiname = Path(upload.name).name[:120] or "Datei"
        token = secrets.token_hex(16)
        auftrag = {
            "token": token,
            "dateiname": dateiname,
            "stichtag": form.cleaned_data["stichtag"].isoformat(),
            "skip_invalid": form.cleaned_data["fehlerhafte_ueberspringen"],
            "teilauszug": form.cleaned_data["teilauszug"],
        }
        try:
            _store(upload, _path(token))
            ergebnis = self._run(auftrag, dry_run=True)
            _store_versions(token, ergebnis)
        except UnreadableFile as exc:
            _delete_files(token)
            form.add_error("datei", exc.message)
            return self.render(request, "admin/catalog/import/upload.html", form=form)
        except BaseException:
            _delete_files(token)  # whatever went wrong: no upload is left behind
            raise
        request.session[SESSION_KEY] = auftrag
        return self.preview(request, ergebnis, auftrag)

    def confirm(self, request):
        auftrag = request.session.get(SESSION_KEY)
        token = request.POST.get("token", "")
        if not auftrag or not secrets.compare_digest(str(auftrag.get("token", "")), token) or not _path(token).exists():
            _discard(request)
            messages.error(
                request, "Dieser Import ist abgelaufen oder wurde schon übernommen; bitte die Datei erneut hochladen."
            )
            return HttpResponseRedirect(request.path)
        bestaetigt = request.POST.get("ausscheiden_bestaetigt", "").strip().replace(".", "")
        try:
            ergebnis = self._run(
                auftrag,
                dry_run=False,
                user=request.user,
                **_load_versions(token),
                ausscheiden_bestaetigt=int(bestaetigt) if bestaetigt.isdigit() else None,
            )
        except (ImportVeraltet, AusscheidenNichtBestaetigt) as exc:
            # nothing was written; a new preview of the current state, to be confirmed again
            return self._preview_again(request, auftrag, exc.message)
        except (UnreadableFile, ImportAbgebrochen) as exc:
            _discard(request)
            messages.error(request, exc.message)
            return HttpResponseRedirect(request.path)
        except ValidationError as exc:
            _discard(request)
            messages.error(request, "; ".join(exc.messages))
            return HttpResponseRedirect(request.path)
        except BaseException:
            _discard(request)
            raise
        if not ergebnis.geschrieben:
            # The file has errors and skipping was not chosen: nothing was written; show them again (the upload is
            # of no further use: it cannot be confirmed).
            _discard(request)
            return self.preview(request, ergebnis, auftrag)
        _discard(request)
        text = " ".join(ergebnis.zusammenfassung()[1:3])
        if ergebnis.fehler:
            messages.warning(
                request,
                f"Import übernommen, {len(ergebnis.uebersprungen)} fehlerhafte Zeilen übersprungen "
                f"({', '.join(str(n) for n in ergebnis.uebersprungen)}). {text}",
            )
        else:
            messages.success(request, f"Import übernommen. {text}")
        return HttpResponseRedirect(reverse("admin:catalog_leistung_changelist"))

    def _preview_again(self, request, auftrag: dict, meldung: str):
        try:
            ergebnis = self._run(auftrag, dry_run=True)
            _store_versions(auftrag["token"], ergebnis)
        except BaseException:
            _discard(request)
            raise
        return self.preview(request, ergebnis, auftrag, meldung=meldung)

    def preview(self, request, ergebnis, auftrag: dict, meldung: str = ""):
        gezeigt = VORSCHAU_ZEILEN
        return self.render(
            request,
            "admin/catalog/import/vorschau.html",
            ergebnis=ergebnis,
            auftrag=auftrag,
            meldung=meldung,
            gezeigt=gezeigt,
            fehler_gezeigt=ergebnis.fehler[:gezeigt],
            neu_gezeigt=ergebnis.neu[:gezeigt],
            geaendert_gezeigt=ergebnis.geaendert[:gezeigt],
            ausscheiden_gezeigt=ergebnis.nicht_mehr_im_katalog[:gezeigt],
            weitere={
                name: max(0, len(liste) - gezeigt)
                for name, liste in (
                    ("fehler", ergebnis.fehler),
                    ("neu", ergebnis.neu),
                    ("geaendert", ergebnis.geaendert),
                    ("ausscheiden", ergebnis.nicht_mehr_im_katalog),
                )
            },
        )

    def _run(self, auftrag: dict, *, dry_run: bool, user=None, **optionen):
        batch = read_katalog(_path(auftrag["token"]), dateiname=auftrag["dateiname"])
        return katalog_importieren(
            batch,
            stichtag=dt.date.fromisoformat(auftrag["stichtag"]),
            user=user,
            skip_invalid=auftrag["skip_invalid"],
            teilauszug=auftrag["teilauszug"],
            dry_run=dry_run,
            **optionen,
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
                **context,
            },
        )


def _path(token: str, endung: str = "upload") -> Path:
    if not _TOKEN.match(token or ""):
        return UPLOAD_DIR / "ungueltig"
    return UPLOAD_DIR / f"{token}.{endung}"


def _store_versions(token: str, ergebnis) -> None:
    """The versions of the Leistungen and Bündel as the preview compared them, beside the upload (owner-only)."""
    versionen = {"versionen": ergebnis.versionen, "buendel_versionen": ergebnis.buendel_versionen}
    target = _path(token, "versionen")
    target.unlink(missing_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(versionen, handle, separators=(",", ":"))


def _load_versions(token: str) -> dict[str, dict[int, int]]:
    """``versionen`` and ``buendel_versionen`` for :func:`katalog_importieren`."""
    try:
        with open(_path(token, "versionen"), encoding="utf-8") as handle:
            stored = json.load(handle)
        return {name: {int(pk): version for pk, version in stored[name].items()} for name in stored}
    except (OSError, ValueError, KeyError, AttributeError):
        # no versions: every Leistung and Bündel the import writes counts as changed since the preview
        return {"versionen": {}, "buendel_versionen": {}}


def _delete_files(token: str) -> None:
    for endung in ("upload", "versionen"):
        _path(token, endung).unlink(missing_ok=True)


def _store(upload, target: Path) -> None:
    """Write the upload into the private folder (owner-only permissions, never overwriting)."""
    UPLOAD_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)


def _discard(request) -> None:
    """Forget the user's pending import and delete its file."""
    auftrag = request.session.pop(SESSION_KEY, None)
    if auftrag:
        _delete_files(str(auftrag.get("token", "")))


def _clean_up() -> None:
    """Delete uploads that were never confirmed or cancelled."""
    if not UPLOAD_DIR.exists():
        return
    grenze = time.time() - MAX_AGE_SECONDS
    for datei in UPLOAD_DIR.glob("*.*"):
        try:
            if datei.stat().st_mtime < grenze:
                datei.unlink()
        except OSError:
            continue
