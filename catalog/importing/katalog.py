"""The Hessian catalogue workbook: its columns, and validating a file into a :class:`KatalogBatch`.

:data:`KATALOG_SPALTEN` names every column the catalogue import reads (and :mod:`catalog.exporting` writes, in
this order). :func:`read_katalog` reads a file with the generic reader, checks every cell of every row against the
master data (statuses, Ämter, Themenfelder, Reifegrade …) and returns a batch of valid rows plus every
:class:`~catalog.importing.cells.RowError`. It reads the database but never writes; :mod:`.apply` does that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from catalog.keys import OZG_ID
from catalog.models import (
    Amt,
    Anmeldung,
    Bundesland,
    Leistungsbuendel,
    OnlinePlattform,
    Reifegrad,
    Ressort,
    Status,
    Themenfeld,
    Vollzugsebene,
)

from .cells import CellError, Lookup, RowError, RowReader, read_bool, read_date, read_int, read_key, read_text
from .columns import Column, ColumnSpec
from .reader import DEFAULT_LIMITS, Limits, Source, open_table

KATALOG_SPALTEN = ColumnSpec(
    [
        Column(
            "leika_schluessel",
            "LeiKa-Schlüssel",
            ("LeiKa-ID", "Leistungsschlüssel", "LeiKa-Schlüssel ggf. vorläufig", "LeiKa"),
            required=True,
        ),
        Column("vorlaeufig", "vorläufig", ("ggf. vorläufig", "Schlüssel vorläufig")),
        Column("bezeichnung", "Leistungsbezeichnung", ("Bezeichnung", "Leistungsname"), required=True),
        Column("ozg_id", "OZG-ID", ("OZG-Nummer", "OZG-Leistungs-ID")),
        Column("buendel_name", "OZG-Leistung", ("Leistungsbündel", "OZG-Leistungsbündel", "OZG-Leistungsbezeichnung")),
        Column("themenfeld", "Themenfeld", ("OZG-Themenfeld",)),
        Column("lebenslage", "Lebenslage", ("Unternehmenslage", "Lebens-/Unternehmenslage", "Lebenslagen")),
        Column("leika_typ", "LeiKa-Typ", ("Typ", "Leistungstyp", "LeiKa-Typisierung")),
        Column("ressort", "Ressort in Hessen", ("Ressort", "Fachliche Zuständigkeit", "Ministerium")),
        Column("vollzugsebene", "Vollzugsbehörde", ("Zuständigkeit", "Vollzugsebene", "Vollzug")),
        Column("von_wiesbaden_umzusetzen", "von Wiesbaden umzusetzen", ("von der LHW umzusetzen", "Wiesbaden")),
        Column("amt", "Amt", ("federführendes Amt", "zuständiges Amt", "Amt LHW")),
        Column("status", "Status", ("Umsetzungsstatus", "Status LHW")),
        Column(
            "zusaetzliche_informationen", "zusätzliche Informationen", ("Bemerkung", "Bemerkungen", "Informationen")
        ),
        Column(
            "antraege_pro_jahr",
            "Anträge pro Jahr in Wiesbaden",
            ("Anträge pro Jahr", "Fallzahl", "Fallzahlen", "Anträge", "Anträge/Jahr", "Fallzahl Wiesbaden"),
        ),
        Column("antraege_bundesweit", "Anträge pro Jahr bundesweit", ("Fallzahl bundesweit", "Anträge bundesweit")),
        Column("reifegrad", "Reifegrad", ("Reifegradstufe", "OZG-Reifegrad")),
        Column("efa", "EfA", ("EfA-Leistung", "Einer für Alle")),
        Column("ozg_booster", "OZG-Booster", ("Booster",)),
        Column("umsetzendes_land", "umsetzendes Land", ("EfA-Land", "Umsetzungsland")),
        Column("nachnutzbar_ab", "nachnutzbar ab", ("Nachnutzung ab",)),
        Column("rollout_frist", "Rollout-Frist", ("Rollout bis",)),
        Column("online_dienst_url", "Online-Dienst", ("Onlinedienst", "URL", "Link")),
        Column("online_plattform", "Plattform", ("Plattform des Online-Dienstes",)),
        Column("anmeldung", "Anmeldung", ("Nutzerkonto",)),
        Column("rechtsgrundlage", "Rechtsgrundlage", ("Rechtsgrundlagen",)),
        Column("nicht_mehr_im_katalog_seit", "nicht mehr im Katalog seit", ()),
    ]
)

# Columns that describe the Leistungsbündel (one value per OZG-ID), not the single Leistung.
BUENDEL_SPALTEN = (
    "buendel_name",
    "themenfeld",
    "lebenslage",
    "efa",
    "ozg_booster",
    "umsetzendes_land",
    "nachnutzbar_ab",
    "rollout_frist",
)
# Leistung fields the file may carry directly (besides status, which goes through the status service).
LEISTUNG_FELDER = (
    "bezeichnung",
    "leika_typ",
    "ressort",
    "vollzugsebene",
    "von_wiesbaden_umzusetzen",
    "amt",
    "zusaetzliche_informationen",
    "antraege_pro_jahr",
    "antraege_bundesweit",
    "reifegrad",
    "online_dienst_url",
    "online_plattform",
    "anmeldung",
    "rechtsgrundlage",
)
_BUENDEL_ROH = ("ozg_id", "buendel_name", *BUENDEL_SPALTEN[1:])
# Bündel model field for each Bündel column.
BUENDEL_FELD = {"buendel_name": "name", "lebenslage": "lebenslage_name"}

_URL = URLValidator(schemes=["http", "https"])
VOLLZUG_NAMEN = {
    Vollzugsebene.BUND: ("Bund", "Bundesbehörde", "Bundesbehörden", "bund"),
    Vollzugsebene.LAND: ("Land", "Landesbehörde", "Landesbehörden", "Land Hessen", "land"),
    Vollzugsebene.KOMMUNE: ("Kommune", "Kommunen", "kommunal", "Kommunalbehörde", "Gemeinde", "Kreis", "kommune"),
}


@dataclass
class NeuerRessort:
    """A Ressort named in the file that does not exist yet; it is created when the batch is applied."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True)
class KatalogZeile:
    """One valid row: the Leistung's key and the values of the columns the file carries.

    ``werte`` maps Leistung field names to new values (model instances for foreign keys, a
    :class:`NeuerRessort` for a Ressort still to be made); ``status`` is ``None`` when the file has no status
    for the row; ``ozg_id`` is set when the row names a Bündel, ``""`` when it explicitly names none, and
    ``None`` when the file says nothing about the Bündel.
    """

    zeile: int
    schluessel: str
    vorlaeufig: bool
    werte: dict[str, Any]
    status: Status | None = None
    ozg_id: str | None = None
    nicht_mehr_im_katalog_seit: Any = ...  # ... = the file has no such column


@dataclass
class BuendelDaten:
    """The Bündel facts the file gives for one OZG-ID (from its first row)."""

    ozg_id: str
    zeile: int
    werte: dict[str, Any]
    roh: tuple = ()  # the row's raw Bündel cells, to recognise rows that repeat them


@dataclass
class KatalogBatch:
    """A validated file: the valid rows, every error, and what the file looked like.

    ``gesehene_schluessel`` holds every readable key in the file, also of invalid rows, so that an invalid row
    never makes its Leistung count as missing from the catalogue.
    """

    dateiname: str
    blatt: str
    kopfzeile: int
    spalten: list[str]
    unbekannte_spalten: list[str]
    doppelte_spalten: list[str]
    andere_blaetter: list[str]
    zeilen: list[KatalogZeile] = field(default_factory=list)
    fehler: list[RowError] = field(default_factory=list)
    buendel: dict[str, BuendelDaten] = field(default_factory=dict)
    gesehene_schluessel: set[str] = field(default_factory=set)
    # Bündel columns of a file without "OZG-ID" and "OZG-Leistung": nothing says which Bündel they describe
    buendel_spalten_ohne_id: list[str] = field(default_factory=list)
    datenzeilen: int = 0

    @property
    def fehlerhafte_zeilen(self) -> list[int]:
        return sorted({error.row for error in self.fehler})

    def hat(self, spalte: str) -> bool:
        return spalte in self.spalten


class _Stammdaten:
    """The master data a catalogue file refers to, loaded once per import."""

    def __init__(self):
        aemter = list(Amt.objects.all())
        amt_namen = []
        for amt in aemter:
            amt_namen += [(amt.nummer, amt), (f"Amt {amt.nummer}", amt), (amt.name, amt), (str(amt), amt)]
            if amt.kurzname:
                amt_namen.append((amt.kurzname, amt))
        self.amt = Lookup(amt_namen, what="Amt", shown=[str(a.nummer) for a in aemter])
        self.status_namen = Lookup({s.bezeichnung: s for s in Status.objects.all()}, what="Status")
        self.themenfeld = Lookup({t.name: t for t in Themenfeld.objects.all()}, what="Themenfeld")
        reifegrade = list(Reifegrad.objects.all())
        self.reifegrad = Lookup(
            [(r.stufe, r) for r in reifegrade]
            + [(r.bezeichnung, r) for r in reifegrade]
            + [(str(r), r) for r in reifegrade],
            what="Reifegrad",
            shown=[f"{r.stufe} ({r.bezeichnung})" for r in reifegrade],
        )
        ressorts = list(Ressort.objects.all())
        self.ressorts = Lookup(
            [(r.name, r) for r in ressorts]
            + [(r.kurzname, r) for r in ressorts if r.kurzname]
            + [(str(r), r) for r in ressorts],
            what="Ressort",
        )
        self.vollzug = Lookup(
            [(name, ebene.value) for ebene, names in VOLLZUG_NAMEN.items() for name in names],
            what="Vollzugsbehörde",
            shown=[e.label for e in Vollzugsebene],
        )
        self.land = _choices(Bundesland, "umsetzendes Land")
        self.plattform = _choices(OnlinePlattform, "Plattform")
        self.anmeldung = _choices(Anmeldung, "Anmeldung")
        self.buendel = {b.ozg_id: b for b in Leistungsbuendel.objects.all()}
        self.buendel_nach_name = Lookup([(b.name, b) for b in self.buendel.values()], what="OZG-Leistung")
        self.neue_ressorts: dict[str, NeuerRessort] = {}
        # The reader of each column, built once per file; values that repeat from row to row are read once.
        self.leistung_readers = {
            "leika_typ": _once(partial(read_text, max_length=30)),
            "ressort": _once(self.ressort),
            "vollzugsebene": _once(lambda v: self.vollzug.read(v) or ""),
            "von_wiesbaden_umzusetzen": _once(read_bool),
            "amt": _once(self.amt.read),
            "zusaetzliche_informationen": read_text,
            "antraege_pro_jahr": partial(read_int, max_value=2_147_483_647),
            "antraege_bundesweit": partial(read_int, max_value=9_223_372_036_854_775_807),
            "reifegrad": _once(self.reifegrad.read),
            "online_dienst_url": _read_url,
            "online_plattform": _once(lambda v: self.plattform.read(v) or ""),
            "anmeldung": _once(lambda v: self.anmeldung.read(v) or ""),
            "rechtsgrundlage": read_text,
        }
        self.status = _once(self.status_namen.read)
        self.vorlaeufig = _once(read_bool)
        self.buendel_readers = {
            "themenfeld": _once(self.themenfeld.read),
            "efa": _once(read_bool),
            "ozg_booster": _once(read_bool),
            "umsetzendes_land": _once(lambda v: self.land.read(v) or ""),
            "nachnutzbar_ab": _once(read_date),
            "rollout_frist": _once(read_date),
        }

    def for_file(self, match) -> None:
        """Keep the readers of the columns this file has, and how to pick a row's raw Bündel cells."""
        self.leistung_spalten = [(name, read) for name, read in self.leistung_readers.items() if name in match]
        self.buendel_spalten = [(name, read) for name, read in self.buendel_readers.items() if name in match]
        positions = [match.positions[name] for name in _BUENDEL_ROH if name in match]
        self.buendel_roh = lambda values: tuple(_cell_identity(values[i]) for i in positions)

    def ressort(self, value):
        try:
            return self.ressorts.read(value)
        except CellError as exc:
            if "nicht eindeutig" in exc.message:
                raise
        name = read_text(value, max_length=200)
        return self.neue_ressorts.setdefault(name.casefold(), NeuerRessort(name))


def _cell_identity(value) -> tuple[type, object]:
    """A cell's value with its type: 1, 1.0 and True are equal in Python, not in a cell."""
    return value.__class__, value


def _once(reader: Callable[[object], Any]) -> Callable[[object], Any]:
    """``reader`` for a column whose values repeat (Ämter, statuses, ja/nein …): each distinct cell value is read
    once per file. A value the reader refuses is not remembered, so that every row with it gets its error."""
    known: dict[tuple[type, object], Any] = {}

    def read(value):
        key = _cell_identity(value)
        try:
            return known[key]
        except KeyError:
            result = known[key] = reader(value)
            return result

    return read


def _choices(choices, what: str) -> Lookup:
    return Lookup(
        [(c.value, c.value) for c in choices] + [(c.label, c.value) for c in choices],
        what=what,
        shown=[str(c.label) for c in choices],
    )


def _read_ozg_id(value) -> str:
    text = read_text(value)
    if text and not OZG_ID.match(text):
        raise CellError(f"„{text}“ ist keine OZG-ID.", expected="eine OZG-ID aus 5 Ziffern, z. B. 10559")
    return text


def _read_url(value) -> str:
    text = read_text(value, max_length=500)
    if text:
        try:
            _URL(text)
        except ValidationError:
            raise CellError(
                f"„{text}“ ist keine Internetadresse.", expected="eine Adresse wie https://www.wiesbaden.de/…"
            ) from None
    return text


FORTSCHRITT_ALLE = 500  # rows between two calls of ``fortschritt``


def read_katalog(
    source: Source,
    *,
    dateiname: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    fortschritt: Callable[[int, int | None], None] | None = None,
) -> KatalogBatch:
    """Read and validate a catalogue file; raises :class:`~catalog.importing.reader.UnreadableFile`.

    ``fortschritt(geprueft, geschaetzt)`` is called every 500 rows and at the end with the rows checked so far and
    the rows the file seems to have (``None`` if unknown; at the end the exact number)."""
    stamm = _Stammdaten()
    with open_table(source, spec=KATALOG_SPALTEN, filename=dateiname, limits=limits) as table:
        batch = KatalogBatch(
            dateiname=table.filename,
            blatt=table.sheet,
            kopfzeile=table.header_row,
            spalten=[c.key for c in KATALOG_SPALTEN if c.key in table.match],
            unbekannte_spalten=table.match.unknown,
            doppelte_spalten=table.match.duplicates,
            andere_blaetter=table.skipped_sheets,
        )
        stamm.for_file(table.match)
        if "ozg_id" not in table.match and "buendel_name" not in table.match:
            batch.buendel_spalten_ohne_id = [
                table.match.headers[name] for name in BUENDEL_SPALTEN[1:] if name in table.match
            ]
        # Only the row number and the raw key of each row are kept for the duplicate check (memory stays small).
        erste: dict[str, tuple[int, object]] = {}
        mehrfach: dict[str, list[tuple[int, object]]] = defaultdict(list)
        for row in table.rows:
            batch.datenzeilen += 1
            if fortschritt is not None and batch.datenzeilen % FORTSCHRITT_ALLE == 0:
                fortschritt(batch.datenzeilen, table.rows_estimate)
            cells = RowReader(
                sheet=table.sheet, row=row.number, values=row.values, match=table.match, spec=KATALOG_SPALTEN
            )
            zeile = _read_row(cells, stamm, batch)
            roh = cells.raw("leika_schluessel")
            key = zeile.schluessel if zeile else (_readable_key(roh) if roh is not None else None)
            if key:
                batch.gesehene_schluessel.add(key)
                if key in erste:
                    mehrfach[key].append((row.number, roh))
                else:
                    erste[key] = (row.number, roh)
            if zeile is not None and not cells.errors:
                batch.zeilen.append(zeile)
            batch.fehler += cells.errors
        spalte = table.match.headers["leika_schluessel"]
    if fortschritt is not None:
        fortschritt(batch.datenzeilen, batch.datenzeilen)

    for key, weitere in mehrfach.items():
        eintraege = [erste[key], *weitere]
        for nummer, roh in eintraege:
            andere = ", ".join(str(n) for n, _ in eintraege if n != nummer)
            batch.fehler.append(
                RowError(
                    sheet=batch.blatt,
                    row=nummer,
                    column=spalte,
                    value=roh,
                    expected="jeder LeiKa-Schlüssel nur einmal",
                    message=f"Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile {andere}).",
                )
            )
    if mehrfach:
        batch.zeilen = [z for z in batch.zeilen if z.schluessel not in mehrfach]
    batch.fehler.sort(key=lambda e: e.row)  # stable: a row's errors keep the order in which they were found
    _drop_orphan_buendel(batch)
    return batch


def _readable_key(value) -> str | None:
    try:
        return read_key(value)[0]
    except CellError:
        return None


def _read_row(cells: RowReader, stamm: _Stammdaten, batch: KatalogBatch) -> KatalogZeile | None:
    key_and_flag = cells.read("leika_schluessel", read_key)
    bezeichnung = cells.read("bezeichnung", read_text, required=True, max_length=500)
    werte: dict[str, Any] = {}
    if bezeichnung:
        werte["bezeichnung"] = bezeichnung
    werte.update(cells.read_all(stamm.leistung_spalten))
    status = cells.read("status", stamm.status) if "status" in cells else None
    vorlaeufig = False
    if "vorlaeufig" in cells:
        vorlaeufig = bool(cells.read("vorlaeufig", stamm.vorlaeufig))
    zeile = None
    if key_and_flag is not None:
        key, marker = key_and_flag
        zeile = KatalogZeile(
            zeile=cells.row, schluessel=key, vorlaeufig=vorlaeufig or marker, werte=werte, status=status
        )
        if "nicht_mehr_im_katalog_seit" in cells:
            zeile.nicht_mehr_im_katalog_seit = cells.read("nicht_mehr_im_katalog_seit", read_date)
    ozg_id = _read_buendel(cells, stamm, batch)
    if zeile is not None:
        zeile.ozg_id = ozg_id
    return zeile


def _read_buendel(cells: RowReader, stamm: _Stammdaten, batch: KatalogBatch) -> str | None:
    """Check the row's Bündel columns; remember the Bündel facts of each OZG-ID's first row."""
    has_id = "ozg_id" in cells
    if not has_id and "buendel_name" not in cells:
        return None
    if has_id:
        ozg_id = cells.read("ozg_id", _read_ozg_id)
        if ozg_id is None:
            return None
    else:
        # Without an OZG-ID column only existing Bündel can be named, by their exact name.
        found = cells.read("buendel_name", stamm.buendel_nach_name.read)
        if found is None:
            return "" if cells.raw("buendel_name") is None else None
        ozg_id = found.ozg_id
    if not ozg_id:
        return ""
    roh = stamm.buendel_roh(cells.values)
    first = batch.buendel.get(ozg_id)
    if first is not None and first.roh == roh:  # the same cells as the row its facts were taken from
        return ozg_id

    werte: dict[str, Any] = {}
    if has_id and "buendel_name" in cells:
        name = cells.read("buendel_name", read_text, max_length=300)
        if name:
            werte["name"] = name
        elif name == "" and ozg_id not in stamm.buendel:
            cells.add_error(
                "buendel_name",
                value=None,
                message=f"Die OZG-Leistung {ozg_id} ist neu; sie braucht eine Bezeichnung.",
                expected="die Bezeichnung der OZG-Leistung",
            )
    elif ozg_id not in stamm.buendel:
        cells.add_error(
            "ozg_id",
            value=ozg_id,
            message=f"Die OZG-Leistung {ozg_id} gibt es noch nicht; für eine neue ist die Spalte „OZG-Leistung“ "
            "mit ihrer Bezeichnung nötig.",
            expected="eine vorhandene OZG-ID",
        )
    werte.update(cells.read_all(stamm.buendel_spalten))
    if "lebenslage" in cells:
        lebenslage = cells.read("lebenslage", read_text, max_length=200)
        if lebenslage and werte.get("themenfeld") is None:
            cells.add_error(
                "lebenslage",
                value=lebenslage,
                message="Eine Lebenslage gehört zu einem Themenfeld; in dieser Zeile fehlt das Themenfeld.",
                expected="ein Themenfeld in derselben Zeile",
            )
        elif lebenslage is not None:
            werte["lebenslage_name"] = lebenslage

    if first is None:
        if not cells.errors:
            batch.buendel[ozg_id] = BuendelDaten(ozg_id=ozg_id, zeile=cells.row, werte=werte, roh=roh)
        return ozg_id
    for name, value in werte.items():
        if name in first.werte and first.werte[name] != value:
            column = {v: k for k, v in BUENDEL_FELD.items()}.get(name, name)
            cells.add_error(
                column,
                value=cells.raw(column),
                message=f"Für die OZG-Leistung {ozg_id} steht in Zeile {first.zeile} „{_shown(first.werte[name])}“, "
                f"hier „{_shown(value)}“.",
                expected="für alle Zeilen einer OZG-Leistung derselbe Wert",
            )
    return ozg_id


def _shown(value) -> str:
    if value is None or value == "":
        return "leer"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if hasattr(value, "strftime"):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _drop_orphan_buendel(batch: KatalogBatch) -> None:
    """Bündel facts only count from rows that are applied; a Bündel only named by invalid rows is left alone."""
    used = {z.ozg_id for z in batch.zeilen if z.ozg_id}
    batch.buendel = {k: v for k, v in batch.buendel.items() if k in used}
