"""Recording the Hessian OZG-Monitor's weekly figures: the one write path (:func:`monitorwerte_erfassen`) and
reading them from a CSV or XLSX file (:func:`monitor_datei_lesen`), all or nothing.

The Monitor has no interface; Amt 15 copies its weekly figures (Kalenderwoche, Landesbehörden or Kommunen, online,
insgesamt) from its page into the admin form or a file. A file has the columns

    Kalenderwoche;Ebene;online verfügbar;Leistungen insgesamt
    19/2022;Landesbehörden;210;426
    19/2022;Kommunen;139;314

(the week also as "KW 19/2022", "2022-W19", or a week number with a column "Jahr"). Every problem is named with its
row; if there is one, nothing is written. A recorded figure is not changed afterwards (a wrong one is deleted in
the admin and recorded again), so two people never overwrite each other's figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.berechtigungen import authenticated_user
from catalog.importing.cells import CellError, RowError, RowReader, is_empty, read_int, read_text
from catalog.importing.columns import Column, ColumnSpec
from catalog.importing.reader import DEFAULT_LIMITS, Limits, Source, open_table
from catalog.models import MonitorEbene, OzgMonitorWert

MONITOR_SPALTEN = ColumnSpec(
    [
        Column("kw", "Kalenderwoche", ("KW", "Woche", "Kalenderwoche (KW/Jahr)"), required=True),
        Column("jahr", "Jahr", ("ISO-Jahr", "Jahr der KW")),
        Column("ebene", "Ebene", ("Land/Kommunen", "Bereich", "Verwaltungsebene"), required=True),
        Column("online", "online verfügbar", ("online", "Online verfügbar", "davon online"), required=True),
        Column("gesamt", "Leistungen insgesamt", ("insgesamt", "gesamt", "Leistungen gesamt"), required=True),
    ]
)
KW_ERWARTET = "eine Kalenderwoche wie 19/2022, KW 19/2022 oder 2022-W19"
EBENE_ERWARTET = "„Landesbehörden“ (oder „Land“) bzw. „Kommunen“"
# Only ASCII digits (\d would also take ١٩ or １９, see catalog.keys.ist_ziffernfolge).
_KW_JAHR = re.compile(r"^(?:KW\s*)?([0-9]{1,2})\s*/\s*([0-9]{4})$", re.IGNORECASE)
_ISO_WOCHE = re.compile(r"^([0-9]{4})-?W([0-9]{1,2})$", re.IGNORECASE)
_NUR_KW = re.compile(r"^(?:KW\s*)?([0-9]{1,2})$", re.IGNORECASE)
_EBENEN = {
    "land": MonitorEbene.LAND,
    "landesbehörden": MonitorEbene.LAND,
    "landesbehoerden": MonitorEbene.LAND,
    "landesebene": MonitorEbene.LAND,
    "kommunen": MonitorEbene.KOMMUNEN,
    "kommune": MonitorEbene.KOMMUNEN,
    "kommunale ebene": MonitorEbene.KOMMUNEN,
}


def read_kalenderwoche(value: object, jahr: int | None = None) -> tuple[int, int]:
    """ "19/2022", "KW 19/2022", "2022-W19", or "19" with ``jahr`` → (ISO year, week). Whether the week exists is
    checked with the figure (:meth:`OzgMonitorWert.clean`)."""
    text = read_text(value)
    if not text:
        raise CellError("Die Zelle ist leer, hier ist eine Kalenderwoche nötig.", expected=KW_ERWARTET)
    if match := _KW_JAHR.match(text):
        return int(match.group(2)), int(match.group(1))
    if match := _ISO_WOCHE.match(text):
        return int(match.group(1)), int(match.group(2))
    if (match := _NUR_KW.match(text)) and jahr is not None:
        return jahr, int(match.group(1))
    raise CellError(f"„{text}“ ist keine Kalenderwoche mit Jahr.", expected=KW_ERWARTET)


def read_ebene(value: object) -> str:
    text = read_text(value).casefold()
    if text not in _EBENEN:
        raise CellError(f"„{read_text(value)}“ ist keine Ebene des OZG-Monitors.", expected=EBENE_ERWARTET)
    return _EBENEN[text]


def _fehlertexte(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [text for texte in exc.message_dict.values() for text in texte]
    return list(exc.messages)


@dataclass
class MonitorBatch:
    """A checked file: the figures to record, and every problem found (nothing written yet)."""

    dateiname: str
    werte: list[OzgMonitorWert] = field(default_factory=list)
    fehler: list[RowError] = field(default_factory=list)


def monitor_datei_lesen(
    source: Source, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> MonitorBatch:
    """Read and check a file of Monitor figures; raises :class:`~catalog.importing.reader.UnreadableFile` for a
    file that is no table with these columns. Reads the database (duplicates), never writes."""
    with open_table(source, spec=MONITOR_SPALTEN, filename=filename, limits=limits) as table:
        batch = MonitorBatch(dateiname=table.filename)
        gesehen: dict[tuple[int, int, str], int] = {}
        for row in table.rows:
            zellen = RowReader(
                sheet=table.sheet, row=row.number, values=row.values, match=table.match, spec=MONITOR_SPALTEN
            )
            jahr = zellen.read("jahr", read_int, min_value=2000, max_value=2100) if "jahr" in zellen else None
            woche = zellen.read("kw", read_kalenderwoche, jahr=jahr)
            ebene = zellen.read("ebene", read_ebene)
            online = zellen.read("online", read_int)
            gesamt = zellen.read("gesamt", read_int)
            for key, wert in (("online", online), ("gesamt", gesamt)):
                if wert is None and is_empty(zellen.raw(key)):
                    zellen.add_error(key, value=None, message="Die Zelle ist leer.", expected="eine ganze Zahl ab 0")
            if not zellen.errors:
                wert = OzgMonitorWert(jahr=woche[0], kw=woche[1], ebene=ebene, online=online, gesamt=gesamt)
                try:
                    wert.full_clean()
                except ValidationError as exc:
                    for text in _fehlertexte(exc):
                        zellen.add_error(None, value=zellen.raw("kw"), message=text, expected="ein gültiger Wochenwert")
                schluessel = (wert.jahr, wert.kw, wert.ebene)
                if schluessel in gesehen:
                    zellen.add_error(
                        None,
                        value=zellen.raw("kw"),
                        message=f"KW {wert.kw}/{wert.jahr} ({wert.get_ebene_display()}) steht schon in Zeile "
                        f"{gesehen[schluessel]}.",
                        expected="jede Woche und Ebene nur einmal",
                    )
                gesehen.setdefault(schluessel, row.number)
                if not zellen.errors:
                    batch.werte.append(wert)
            batch.fehler.extend(zellen.errors)
    return batch


@transaction.atomic
def monitorwerte_erfassen(*, werte: list[OzgMonitorWert], user=None) -> list[OzgMonitorWert]:
    """Record new weekly figures of the Monitor, all or nothing.

    Each is checked (week exists and has begun, online ≤ insgesamt, insgesamt > 0, no figure yet for that week and
    Ebene, none twice in ``werte``); any problem raises one :class:`ValidationError` with every German message and
    writes nothing. Returns the saved figures.
    """
    fehler: list[str] = []
    gesehen = set()
    for wert in werte:
        if wert.pk is not None:
            fehler.append(f"{wert}: ein erfasster Wert wird nicht geändert; bitte löschen und neu erfassen.")
            continue
        try:
            wert.full_clean()
        except ValidationError as exc:
            fehler += [f"KW {wert.kw}/{wert.jahr} ({wert.get_ebene_display()}): {text}" for text in _fehlertexte(exc)]
        schluessel = (wert.jahr, wert.kw, wert.ebene)
        if schluessel in gesehen:
            fehler.append(f"KW {wert.kw}/{wert.jahr} ({wert.get_ebene_display()}) ist doppelt angegeben.")
        gesehen.add(schluessel)
    if fehler:
        raise ValidationError(fehler)
    erfasst_von = authenticated_user(user)
    try:
        with transaction.atomic():
            for wert in werte:
                wert.erfasst_von = erfasst_von
                wert.save()
    except IntegrityError as exc:  # the same week recorded at the same moment by someone else
        raise ValidationError(
            "Ein Wert dieser Woche wurde gerade von jemand anderem erfasst; bitte neu laden."
        ) from exc
    return werte
