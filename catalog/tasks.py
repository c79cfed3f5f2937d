"""The catalogue import's long steps as background tasks (Django's tasks framework, ``manage.py db_worker``):
checking an uploaded file for the preview, and applying it after the confirmation.

Both read the upload from ``STORAGES["default"]`` (any app server may have received it, any worker may run the
task) and report their progress to the job ("1.200 von 5.019 Zeilen geprüft"); the page that started them shows
it. Applying writes everything in one transaction (:func:`~catalog.importing.apply.katalog_importieren`), so a
failed task leaves the catalogue as it was. The upload is removed when the import is applied, cannot be applied
(errors, unreadable) or fails; it stays for a new confirmation when someone changed a Leistung in between or the
number of retirements must be confirmed (the result is then a new preview).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from functools import partial

from django.core.exceptions import ValidationError
from django.tasks import task

from jobs.models import Upload
from jobs.services import Fortschritt, JobFehlgeschlagen, job_ausfuehren, upload_loeschen

from .importing.apply import AusscheidenNichtBestaetigt, ImportAbgebrochen, ImportVeraltet, katalog_importieren
from .importing.katalog import read_katalog
from .importing.reader import UnreadableFile
from .importing.vorschau import vorschau_daten

ART_PRUEFEN = "katalog_import_pruefen"
ART_UEBERNEHMEN = "katalog_import_uebernehmen"
UNVERAENDERT = "Der Katalog ist unverändert: ein Import schreibt alles in einem Schritt oder nichts."
VERWORFEN = "Dieser Import wurde verworfen oder ist abgelaufen; bitte die Datei erneut hochladen."


@task
def katalog_import_pruefen(job_id: str, token: str) -> None:
    """Read and check the upload ``token`` and compare it with the catalogue: the preview (writes nothing)."""
    job_ausfuehren(job_id, partial(_pruefen, token), bei_fehler=UNVERAENDERT)


@task
def katalog_import_uebernehmen(job_id: str, token: str, ausscheiden_bestaetigt: int | None = None) -> None:
    """Apply the upload ``token`` as its preview showed it (refused, with a new preview, if a Leistung changed)."""
    job_ausfuehren(job_id, partial(_uebernehmen, token, ausscheiden_bestaetigt), bei_fehler=UNVERAENDERT)


def _pruefen(token: str, fortschritt: Fortschritt) -> dict:
    upload = _upload(token)
    with _sonst_entfernen(upload):
        ergebnis = _run(upload, fortschritt, dry_run=True)
        _versionen_merken(upload, ergebnis)
    return _vorschau(upload, ergebnis)


def _uebernehmen(token: str, ausscheiden_bestaetigt: int | None, fortschritt: Fortschritt) -> dict:
    upload = _upload(token)
    gesehen = upload.angaben.get("versionen") or {}
    with _sonst_entfernen(upload):
        try:
            ergebnis = _run(
                upload,
                fortschritt,
                dry_run=False,
                user=upload.user,
                versionen={int(pk): v for pk, v in gesehen.get("leistungen", {}).items()},
                buendel_versionen={int(pk): v for pk, v in gesehen.get("buendel", {}).items()},
                ausscheiden_bestaetigt=ausscheiden_bestaetigt,
            )
        except (ImportVeraltet, AusscheidenNichtBestaetigt) as exc:
            # nothing was written; a new preview of the current state, to be confirmed again (the upload stays)
            neu = _run(upload, fortschritt, dry_run=True)
            _versionen_merken(upload, neu)
            return _vorschau(upload, neu, meldung=exc.message)
    upload_loeschen(upload)
    if not ergebnis.geschrieben:
        # the file has errors and skipping was not chosen: nothing was written; the errors once more
        return _vorschau(upload, ergebnis)
    text = " ".join(ergebnis.zusammenfassung()[1:3])
    if ergebnis.fehler:
        zeilen = ", ".join(str(n) for n in ergebnis.uebersprungen[:50]) + (
            " …" if len(ergebnis.uebersprungen) > 50 else ""
        )
        meldung = f"Import übernommen, {len(ergebnis.uebersprungen)} fehlerhafte Zeilen übersprungen ({zeilen}). {text}"
    else:
        meldung = f"Import übernommen. {text}"
    return {"art": "uebernommen", "meldung": meldung, "warnung": bool(ergebnis.fehler)}


@contextmanager
def _sonst_entfernen(upload: Upload):
    """Whatever goes wrong, no upload is left behind; a known failure's German message becomes the job's."""
    try:
        yield
    except (UnreadableFile, ImportAbgebrochen) as exc:
        upload_loeschen(upload)
        raise JobFehlgeschlagen(exc.message) from exc
    except ValidationError as exc:
        upload_loeschen(upload)
        raise JobFehlgeschlagen("; ".join(exc.messages)) from exc
    except BaseException:
        upload_loeschen(upload)
        raise


def _upload(token: str) -> Upload:
    try:
        return Upload.objects.select_related("user").get(pk=token)
    except Upload.DoesNotExist:
        raise JobFehlgeschlagen(VERWORFEN) from None


def _run(upload: Upload, fortschritt: Fortschritt, *, dry_run: bool, **optionen):
    angaben = upload.angaben
    fortschritt.melden("Die Datei wird geöffnet …")
    with upload.datei.open("rb") as handle:
        batch = read_katalog(
            handle,
            dateiname=upload.dateiname,
            fortschritt=lambda geprueft, geschaetzt: fortschritt.melden(
                "Zeilen geprüft", geprueft, geschaetzt, sofort=False
            ),
        )
    fortschritt.melden(
        "Vergleich mit dem Katalog …" if dry_run else "Die Änderungen werden geschrieben (alles in einem Schritt) …"
    )
    return katalog_importieren(
        batch,
        stichtag=dt.date.fromisoformat(angaben["stichtag"]),
        skip_invalid=angaben["skip_invalid"],
        teilauszug=angaben["teilauszug"],
        dry_run=dry_run,
        **optionen,
    )


def _versionen_merken(upload: Upload, ergebnis) -> None:
    """The versions the preview compared, for the confirmation's check; the upload may be confirmed (again)."""
    upload.angaben = {
        **upload.angaben,
        "versionen": {"leistungen": ergebnis.versionen, "buendel": ergebnis.buendel_versionen},
        "uebernahme": None,
    }
    Upload.objects.filter(pk=upload.pk).update(angaben=upload.angaben)


def _vorschau(upload: Upload, ergebnis, *, meldung: str = "") -> dict:
    return {
        "art": "vorschau",
        "auftrag": {
            "token": upload.token,
            "dateiname": upload.dateiname,
            "skip_invalid": upload.angaben["skip_invalid"],
        },
        "vorschau": vorschau_daten(ergebnis),
        "meldung": meldung,
    }
