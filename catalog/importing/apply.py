"""Applying a validated catalogue file: compare with the database, then write everything in one transaction.

:func:`katalog_importieren` is the one entry point for the command and the admin page. It compares a
:class:`~catalog.importing.katalog.KatalogBatch` with the database (what is new, what changes in which column,
what is unchanged, which Leistungen are missing from the file) and, unless it is a dry run or the file has errors
(without ``skip_invalid``), writes it through the services, the same ones the admin and the portal's forms use:

- keyed by LeiKa key: new Leistungen are created (:func:`catalog.services.leistungen_anlegen`), existing ones
  changed only in the columns the file carries, and only where a value differs
  (:func:`catalog.services.leistungen_aendern`: row locks, version raised, one audit row each); local data in
  columns the file lacks (Amt, notes, Fallzahlen …) stays;
- a status that differs from the one in effect on the Stichtag becomes a status change through the status
  service (:func:`catalog.services.leistungen_status_setzen`), effective on the Stichtag, reason "Import <file>";
- Leistungen missing from a full catalogue file get ``nicht_mehr_im_katalog_seit`` (the Stichtag) and lose it
  again when a later file has them; with ``teilauszug`` (a file that is an extract, e.g. a filtered export)
  nobody is marked. Retiring more than :func:`ausscheiden_grenze` Leistungen needs that number confirmed;
- before anything is written, every Leistung the import writes is locked and its version compared with the one
  the comparison (or the admin's preview, ``versionen``) saw: a Leistung someone changed in between stops the
  import (:class:`ImportVeraltet`), nothing is written;
- Bündel go through simple_history's ``bulk_create_with_history`` / ``bulk_update_with_history``. One audit row
  per changed record, nothing for unchanged ones, so re-importing the same file writes no row at all. The reason
  "Import <file>" is cut to the 100 characters an audit row holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import batched
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.berechtigungen import authenticated_user
from catalog.keys import format_key
from catalog.models import Amt, Lebenslage, Leistung, Leistungsbuendel, Reifegrad, Ressort, Status, StatusAenderung
from catalog.services import (
    VersionKonflikt,
    leistung_versionen_pruefen,
    leistungen_aendern,
    leistungen_anlegen,
    leistungen_status_setzen,
    statuswochen_sammeln,
)
from catalog.versions import check_versions
from toolkit.formatting import format_number

from .katalog import KATALOG_SPALTEN, LEISTUNG_FELDER, KatalogBatch, KatalogZeile, NeuerRessort

BATCH_SIZE = 500
GRUND_MAX = Leistung.history.model._meta.get_field("history_change_reason").max_length  # 100
CHUNK = 2000  # Leistungen built and written at a time
_FK_FIELDS = {"amt", "ressort", "reifegrad", "buendel", "themenfeld", "lebenslage"}
# the Leistung fields an import compares, by name → the column (attname) as stored: foreign keys as ids
_ATTNAME = {
    name: Leistung._meta.get_field(name).attname
    for name in (
        "leika_schluessel",
        "bezeichnung",
        "vorlaeufig",
        "buendel",
        "nicht_mehr_im_katalog_seit",
        *LEISTUNG_FELDER,
    )
}


class ImportAbgebrochen(Exception):
    """Writing failed (e.g. someone changed the same data at the same time); nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportVeraltet(ImportAbgebrochen):
    """Leistungen the import would write were changed by someone else since the comparison (or the preview)."""


class AusscheidenNichtBestaetigt(ImportAbgebrochen):
    """The import would retire more Leistungen than go without asking, and that number was not confirmed."""

    def __init__(self, anzahl: int, bestand: int):
        self.anzahl = anzahl
        super().__init__(
            f"Der Import würde {format_number(anzahl)} Leistungen (von {format_number(bestand)} im Katalog) als "
            "„nicht mehr im Katalog“ markieren. Ist die Datei nur ein Auszug, bitte als Auszug importieren; sonst "
            f"bestätigen Sie bitte die Zahl {format_number(anzahl)}. Es wurde nichts geändert."
        )


def ausscheiden_grenze(bestand: int) -> int:
    """How many Leistungen an import may retire without the number being confirmed: 10 % of the ``bestand``
    (the Leistungen in the catalogue), at least 10 and at most 250 (reasons in the README)."""
    return min(250, max(10, bestand // 10))


@dataclass(slots=True)
class Aenderung:
    """One changed value, shown as "Spalte: alt → neu"."""

    spalte: str
    alt: str
    neu: str


@dataclass(slots=True)
class Eintrag:
    """One Leistung (or Bündel) in the result, with its changes."""

    schluessel: str
    bezeichnung: str
    zeile: int | None = None
    aenderungen: list[Aenderung] = field(default_factory=list)


@dataclass
class ImportErgebnis:
    """What an import found and did: the lists the summary and the preview show."""

    batch: KatalogBatch
    stichtag: dt.date
    grund: str
    neu: list[Eintrag] = field(default_factory=list)
    geaendert: list[Eintrag] = field(default_factory=list)
    unveraendert: int = 0
    nicht_mehr_im_katalog: list[Eintrag] = field(default_factory=list)
    buendel_neu: list[Eintrag] = field(default_factory=list)
    buendel_geaendert: list[Eintrag] = field(default_factory=list)
    statusaenderungen: int = 0
    status_geplant: int = 0
    geschrieben: bool = False
    teilauszug: bool = False
    bestand: int = 0  # Leistungen in the catalogue before the import (not retired)
    versionen: dict[int, int] = field(default_factory=dict)  # every Leistung's version as compared
    buendel_versionen: dict[int, int] = field(default_factory=dict)  # every Bündel's version as compared

    @property
    def bestaetigung_noetig(self) -> bool:
        """Whether applying needs the number of retired Leistungen confirmed (:func:`ausscheiden_grenze`)."""
        return len(self.nicht_mehr_im_katalog) > ausscheiden_grenze(self.bestand)

    @property
    def fehler(self):
        return self.batch.fehler

    @property
    def sauber(self) -> bool:
        """The file has no error (it was, or would be, applied completely)."""
        return not self.batch.fehler

    @property
    def uebersprungen(self) -> list[int]:
        return self.batch.fehlerhafte_zeilen

    @property
    def hat_aenderungen(self) -> bool:
        return bool(
            self.neu or self.geaendert or self.nicht_mehr_im_katalog or self.buendel_neu or self.buendel_geaendert
        )

    def zusammenfassung(self) -> list[str]:
        """The summary in German, one line per fact."""
        b = self.batch
        lines = [
            f"Datei „{b.dateiname}“, Blatt „{b.blatt}“: Kopfzeile in Zeile {b.kopfzeile}, "
            f"{format_number(b.datenzeilen)} Datenzeilen.",
            f"Neu: {format_number(len(self.neu))} · geändert: {format_number(len(self.geaendert))} · unverändert: "
            f"{format_number(self.unveraendert)} · nicht mehr im Katalog: "
            f"{format_number(len(self.nicht_mehr_im_katalog))} · Fehler: {format_number(len(b.fehler))} in "
            f"{format_number(len(b.fehlerhafte_zeilen))} Zeilen.",
        ]
        if self.geschrieben and self.statusaenderungen:
            lines.append(
                f"Statusänderungen: {format_number(self.statusaenderungen)}, gültig ab {self.stichtag:%d.%m.%Y}, "
                f"Grund „{self.grund}“."
            )
        elif not self.geschrieben and self.status_geplant:
            lines.append(
                f"Statusänderungen: {format_number(self.status_geplant)} geplant, gültig ab {self.stichtag:%d.%m.%Y}, "
                f"Grund „{self.grund}“."
            )
        if self.buendel_neu or self.buendel_geaendert:
            lines.append(
                f"OZG-Leistungsbündel: {format_number(len(self.buendel_neu))} neu, "
                f"{format_number(len(self.buendel_geaendert))} geändert."
            )
        if self.teilauszug:
            lines.append("Teilauszug: Leistungen, die in der Datei fehlen, bleiben unverändert.")
        if b.buendel_spalten_ohne_id:
            lines.append(
                "Nicht gelesen, weil die Datei keine Spalte „OZG-ID“ oder „OZG-Leistung“ hat, die das "
                "OZG-Leistungsbündel nennt: " + ", ".join(f"„{s}“" for s in b.buendel_spalten_ohne_id) + "."
            )
        if b.unbekannte_spalten:
            lines.append("Nicht gelesene Spalten: " + ", ".join(f"„{s}“" for s in b.unbekannte_spalten) + ".")
        if b.doppelte_spalten:
            lines.append(
                "Doppelte Spalten (nur die erste gelesen): " + ", ".join(f"„{s}“" for s in b.doppelte_spalten) + "."
            )
        if b.andere_blaetter:
            lines.append("Nicht gelesene Blätter: " + ", ".join(f"„{s}“" for s in b.andere_blaetter) + ".")
        return lines


def _grund(dateiname: str) -> str:
    """The reason "Import <file>", short enough for every audit row (a long file name is cut with "…")."""
    grund = f"Import {dateiname}"
    if len(grund) > GRUND_MAX:
        grund = grund[: GRUND_MAX - 1] + "…"
    return grund


def katalog_importieren(
    batch: KatalogBatch,
    *,
    stichtag: dt.date | None = None,
    user=None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    teilauszug: bool = False,
    versionen: dict[int, int] | None = None,
    buendel_versionen: dict[int, int] | None = None,
    ausscheiden_bestaetigt: int | None = None,
) -> ImportErgebnis:
    """Compare ``batch`` with the database and, unless ``dry_run`` or it has errors, apply it atomically.

    With errors, nothing is written unless ``skip_invalid``: then the valid rows are written and the invalid
    ones are skipped (``ImportErgebnis.uebersprungen``). ``versionen`` are the Leistungen' versions a preview
    showed (``ImportErgebnis.versionen`` of the dry run): a Leistung the import writes must still have it; the
    same for the Bündel and ``buendel_versionen``.
    Retiring more than :func:`ausscheiden_grenze` Leistungen needs ``ausscheiden_bestaetigt`` equal to their
    number. Raises (nothing written) :class:`ImportVeraltet` when a Leistung changed since it was compared,
    :class:`AusscheidenNichtBestaetigt`, :class:`ImportAbgebrochen` if the database refuses a write, and
    ``ValidationError`` for a Stichtag in the future.
    """
    stichtag = stichtag or timezone.localdate()
    if stichtag > timezone.localdate():
        raise ValidationError(f"Der Stichtag {stichtag:%d.%m.%Y} liegt in der Zukunft.")
    grund = _grund(batch.dateiname)
    write = not dry_run and (skip_invalid or not batch.fehler)
    if not write:
        plan = _Plan(batch, stichtag=stichtag, grund=grund, teilauszug=teilauszug)
        return plan.ergebnis
    try:
        with transaction.atomic():
            plan = _Plan(batch, stichtag=stichtag, grund=grund, teilauszug=teilauszug)
            ergebnis = plan.ergebnis
            if ergebnis.bestaetigung_noetig and ausscheiden_bestaetigt != len(ergebnis.nicht_mehr_im_katalog):
                raise AusscheidenNichtBestaetigt(len(ergebnis.nicht_mehr_im_katalog), ergebnis.bestand)
            with statuswochen_sammeln():  # the weekly counts of all its services written once, at the end
                plan.write(user=user, versionen=versionen, buendel_versionen=buendel_versionen)
    except VersionKonflikt as exc:
        raise ImportVeraltet(f"{exc.messages[0]} Der Import wurde nicht übernommen; es wurde nichts geändert.") from exc
    except (DatabaseError, ValidationError) as exc:
        detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise ImportAbgebrochen(
            f"Der Import wurde abgebrochen, es wurde nichts geändert ({detail}). Bitte erneut versuchen."
        ) from exc
    plan.ergebnis.geschrieben = True
    return plan.ergebnis


class _Plan:
    """The comparison of a batch with the database, holding the objects to write."""

    def __init__(self, batch: KatalogBatch, *, stichtag: dt.date, grund: str, teilauszug: bool):
        self.batch = batch
        self.stichtag = stichtag
        self.grund = grund
        self.ergebnis = ImportErgebnis(batch=batch, stichtag=stichtag, grund=grund, teilauszug=teilauszug)
        self.namen = {
            "amt": {a.pk: f"Amt {a.nummer}" for a in Amt.objects.all()},
            "status": {s.pk: s.bezeichnung for s in Status.objects.all()},
            "reifegrad": {r.pk: str(r) for r in Reifegrad.objects.all()},
            "ressort": {r.pk: r.name for r in Ressort.objects.all()},
        }
        self.auswahl = {  # the German labels of the choice fields
            name: {value: str(label) for value, label in Leistung._meta.get_field(name).choices}
            for name in ("vollzugsebene", "online_plattform", "anmeldung")
        }
        self.neue_ressorts: dict[str, Ressort] = {}
        self.neue_lebenslagen: list[Lebenslage] = []
        self.buendel_neu: list[Leistungsbuendel] = []
        self.buendel_update: list[Leistungsbuendel] = []
        self.buendel_felder: set[str] = set()
        self.neue_zeilen: list[KatalogZeile] = []
        self.neue_status = 0
        self.aenderungen: dict[int, dict[str, Any]] = {}  # pk → field → new value (objects made here resolved late)
        self.status_setzen: list[tuple[int, Status, dt.date]] = []

        self.buendel = self._plan_buendel()
        self._plan_leistungen(teilauszug)
        self.ergebnis.status_geplant = len(self.status_setzen) + self.neue_status

    # --- Bündel ---------------------------------------------------------------------------------------------

    def _plan_buendel(self) -> dict[str, Leistungsbuendel]:
        bestehende = {b.ozg_id: b for b in Leistungsbuendel.objects.select_related("themenfeld", "lebenslage")}
        self.ergebnis.buendel_versionen = {b.pk: b.version for b in bestehende.values()}
        lebenslagen = {(lage.themenfeld_id, lage.name.casefold()): lage for lage in Lebenslage.objects.all()}
        for daten in self.batch.buendel.values():
            werte = dict(daten.werte)
            if "lebenslage_name" in werte:
                name = werte.pop("lebenslage_name")
                themenfeld = werte.get("themenfeld")
                lebenslage = None
                if name:
                    key = (themenfeld.pk, name.casefold())
                    lebenslage = lebenslagen.get(key)
                    if lebenslage is None:
                        lebenslage = Lebenslage(name=name, themenfeld=themenfeld)
                        lebenslagen[key] = lebenslage
                        self.neue_lebenslagen.append(lebenslage)
                werte["lebenslage"] = lebenslage
            bestehend = bestehende.get(daten.ozg_id)
            if bestehend is None:
                neu = Leistungsbuendel(ozg_id=daten.ozg_id, **werte)
                bestehende[daten.ozg_id] = neu
                self.buendel_neu.append(neu)
                self.ergebnis.buendel_neu.append(Eintrag(daten.ozg_id, neu.name, daten.zeile))
                continue
            eintrag = Eintrag(daten.ozg_id, bestehend.name, daten.zeile)
            for name, value in werte.items():
                old = getattr(bestehend, name)  # themenfeld and lebenslage are loaded with the Bündel
                if _same(old, value):
                    continue
                label = KATALOG_SPALTEN[{"name": "buendel_name"}.get(name, name)].label
                eintrag.aenderungen.append(Aenderung(label, _shown(old), _shown(value)))
                setattr(bestehend, name, value)
                self.buendel_felder.add(name)
            if eintrag.aenderungen:
                self.buendel_update.append(bestehend)
                self.ergebnis.buendel_geaendert.append(eintrag)
        return bestehende

    # --- Leistungen -----------------------------------------------------------------------------------------

    def _plan_leistungen(self, teilauszug: bool) -> None:
        self.buendel_ids = {b.pk: ozg_id for ozg_id, b in self.buendel.items() if b.pk is not None}
        # plain rows, not model instances: 5,000 Leistungen are compared field by field
        vorhandene = {
            row["leika_schluessel"]: row
            for row in Leistung.objects.order_by().values("pk", "version", "status_id", *_ATTNAME.values())
        }
        self.ergebnis.versionen = {row["pk"]: row["version"] for row in vorhandene.values()}
        self.ergebnis.bestand = sum(1 for row in vorhandene.values() if row["nicht_mehr_im_katalog_seit"] is None)
        am_stichtag = self._status_on_stichtag()
        mark_from_file = self.batch.hat("nicht_mehr_im_katalog_seit")
        for zeile in self.batch.zeilen:
            leistung = vorhandene.get(zeile.schluessel)
            if leistung is None:
                self._plan_new(zeile)
                continue
            pk = leistung["pk"]
            eintrag = Eintrag(format_key(zeile.schluessel), leistung["bezeichnung"], zeile.zeile)
            felder = self._values(zeile)
            if mark_from_file:
                felder["nicht_mehr_im_katalog_seit"] = zeile.nicht_mehr_im_katalog_seit
            elif not teilauszug:
                felder["nicht_mehr_im_katalog_seit"] = None
            for name, value in felder.items():
                old = leistung[_ATTNAME[name]]
                if _same(old, value):
                    continue
                eintrag.aenderungen.append(
                    Aenderung(self._label(name), self._shown(name, old), self._shown(name, value))
                )
                self.aenderungen.setdefault(pk, {})[name] = value
            if zeile.status is not None:
                # compared with the status in effect on the Stichtag, as the status service does: a later change
                # keeps deciding the current status and is no reason to report (or write) anything
                aktuell = leistung["status_id"]
                bisher = am_stichtag.get(pk, aktuell)
                if zeile.status.pk != bisher:
                    neu = zeile.status.bezeichnung
                    if aktuell != bisher:
                        neu += f" (aktuell bleibt „{self._shown('status', aktuell)}“: spätere Änderung)"
                    eintrag.aenderungen.append(Aenderung("Status", self._shown("status", bisher), neu))
                    self.status_setzen.append((pk, zeile.status, self.stichtag))
            if eintrag.aenderungen:
                self.ergebnis.geaendert.append(eintrag)
            else:
                self.ergebnis.unveraendert += 1
        if not teilauszug:
            for key, leistung in vorhandene.items():
                if key in self.batch.gesehene_schluessel or leistung["nicht_mehr_im_katalog_seit"] is not None:
                    continue
                self.aenderungen.setdefault(leistung["pk"], {})["nicht_mehr_im_katalog_seit"] = self.stichtag
                self.ergebnis.nicht_mehr_im_katalog.append(Eintrag(format_key(key), leistung["bezeichnung"]))

    def _status_on_stichtag(self) -> dict[int, int | None]:
        """The status in effect on the Stichtag of the Leistungen whose history goes on after it (for all others
        it is their current status). Two queries; on a Stichtag of today the first finds nothing."""
        spaeter = set(
            StatusAenderung.objects.filter(gueltig_ab__gt=self.stichtag).values_list("leistung_id", flat=True)
        )
        if not spaeter:
            return {}
        am_stichtag: dict[int, int | None] = dict.fromkeys(spaeter)
        am_stichtag.update(  # ascending: the last row per Leistung up to the Stichtag wins
            StatusAenderung.objects.filter(leistung_id__in=spaeter, gueltig_ab__lte=self.stichtag)
            .order_by("leistung_id", "gueltig_ab", "erfasst_am", "id")
            .values_list("leistung_id", "neuer_status_id")
        )
        return am_stichtag

    def _values(self, zeile: KatalogZeile) -> dict[str, Any]:
        werte = {"vorlaeufig": zeile.vorlaeufig}
        for name in LEISTUNG_FELDER:
            if name not in zeile.werte:
                continue
            value = zeile.werte[name]
            if isinstance(value, NeuerRessort):
                value = self._new_ressort(value)
            werte[name] = value
        if zeile.ozg_id is not None:
            werte["buendel"] = self.buendel[zeile.ozg_id] if zeile.ozg_id else None
        return werte

    def _new_ressort(self, neu: NeuerRessort) -> Ressort:
        return self.neue_ressorts.setdefault(neu.name.casefold(), Ressort(name=neu.name))

    def _plan_new(self, zeile: KatalogZeile) -> None:
        # The Leistung itself is built only when written, chunk by chunk, so that memory stays flat.
        if isinstance(zeile.werte.get("ressort"), NeuerRessort):
            self._new_ressort(zeile.werte["ressort"])
        self.neue_zeilen.append(zeile)
        eintrag = Eintrag(format_key(zeile.schluessel), zeile.werte.get("bezeichnung", ""), zeile.zeile)
        if zeile.status is not None:
            self.neue_status += 1
            eintrag.aenderungen.append(Aenderung("Status", "–", zeile.status.bezeichnung))
        self.ergebnis.neu.append(eintrag)

    def _new_row(self, zeile: KatalogZeile) -> dict[str, Any]:
        """The new Leistung's row (field attname → value), for :func:`catalog.services.leistungen_anlegen`."""
        werte = self._values(zeile)
        if self.batch.hat("nicht_mehr_im_katalog_seit"):
            werte["nicht_mehr_im_katalog_seit"] = zeile.nicht_mehr_im_katalog_seit
        row = {"leika_schluessel": zeile.schluessel}
        for name, value in werte.items():
            if name in _FK_FIELDS:  # Ressorts and Bündel made by this import have their key by now
                row[f"{name}_id"] = value.pk if value is not None else None
            else:
                row[name] = value
        return row

    def _label(self, name: str) -> str:
        if name == "buendel":
            return "OZG-ID"
        return KATALOG_SPALTEN[name].label

    def _shown(self, name: str, value) -> str:
        """A value as the user knows it; ``value`` is an id (current foreign keys) or an object (new ones)."""
        if name == "buendel":
            if isinstance(value, int):
                return self.buendel_ids.get(value, str(value))
            return value.ozg_id if value is not None else "–"
        if name in self.namen:
            if isinstance(value, int):
                return self.namen[name].get(value, str(value))
            if name == "amt" and value is not None:
                return f"Amt {value.nummer}"
            if name == "reifegrad" and value is not None:
                return str(value)
        if name in self.auswahl and value:
            return self.auswahl[name].get(value, value)
        return _shown(value)

    # --- writing --------------------------------------------------------------------------------------------

    def write(self, *, user, versionen: dict[int, int] | None, buendel_versionen: dict[int, int] | None) -> None:
        """Write the plan. First lock every Leistung and Bündel it writes and compare its version with the one
        compared (or shown in the preview, ``versionen``): someone else's change in between stops everything."""
        zu_schreiben = set(self.aenderungen) | {pk for pk, _, _ in self.status_setzen}
        gesehen = versionen if versionen is not None else self.ergebnis.versionen
        leistung_versionen_pruefen({pk: gesehen.get(pk) for pk in zu_schreiben})
        gesehen = buendel_versionen if buendel_versionen is not None else self.ergebnis.buendel_versionen
        gesperrt = check_versions(
            Leistungsbuendel.objects,
            {b.pk: gesehen.get(b.pk) for b in self.buendel_update},
            beschreibung=lambda row: row.ozg_id,
            fields=("ozg_id",),
            was=("Das OZG-Leistungsbündel", "OZG-Leistungsbündel"),
        )
        for buendel in self.buendel_update:
            buendel.version = gesperrt[buendel.pk][0] + 1
        history = {"default_user": authenticated_user(user)}
        history["default_change_reason"] = self.grund
        Ressort.objects.bulk_create(self.neue_ressorts.values(), batch_size=BATCH_SIZE)
        Lebenslage.objects.bulk_create(self.neue_lebenslagen, batch_size=BATCH_SIZE)
        for buendel in (*self.buendel_neu, *self.buendel_update):
            _refresh_fk_ids(buendel, ("themenfeld", "lebenslage"))
        if self.buendel_neu:
            bulk_create_with_history(self.buendel_neu, Leistungsbuendel, batch_size=BATCH_SIZE, **history)
        if self.buendel_update:
            bulk_update_with_history(
                self.buendel_update,
                Leistungsbuendel,
                [*sorted(self.buendel_felder), "version"],
                batch_size=BATCH_SIZE,
                **history,
            )
        neue_status = []
        for chunk in batched(self.neue_zeilen, CHUNK):
            pks = leistungen_anlegen(zeilen=[self._new_row(zeile) for zeile in chunk], user=user, grund=self.grund)
            neue_status += [(pks[z.schluessel], z.status, self.stichtag) for z in chunk if z.status]
        if self.aenderungen:
            leistungen_aendern(
                aenderungen=self.aenderungen,  # objects made above have their key by now
                user=user,
                grund=self.grund,
            )
        self.ergebnis.statusaenderungen += leistungen_status_setzen(
            aenderungen=[*neue_status, *self.status_setzen], user=user, grund=self.grund
        )


def _refresh_fk_ids(obj, names) -> None:
    """Objects created earlier in this import now have a primary key; copy it into the referring field.

    Only relations set by this import are looked at (they are cached on the object), so no query is made.
    """
    for name in names:
        relation = obj._meta.get_field(name)
        if relation.is_cached(obj):
            related = relation.get_cached_value(obj)
            setattr(obj, relation.attname, related.pk if related is not None else None)


def _same(old, new) -> bool:
    if isinstance(new, models.Model) or (new is None and isinstance(old, (int, models.Model))):
        old_pk = old.pk if isinstance(old, models.Model) else old
        new_pk = new.pk if new is not None else None
        if new is not None and new_pk is None:  # made by this import: always a change
            return False
        return old_pk == new_pk
    if isinstance(old, str) or isinstance(new, str):
        return (old or "").strip() == (new or "").strip()
    return old == new


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"
