"""The export of a round's entries: the rows as the list shows them (filter, order), one column per fact."""

from __future__ import annotations

from django.utils import timezone

from catalog.keys import format_key
from toolkit.export import ExportTable

from .models import Erhebungsrunde
from .selectors import person, tagesende

SCHLUESSEL = "LeiKa-Schlüssel"
KOPF = [
    "Amt",
    "Amt (Name)",
    SCHLUESSEL,
    "Leistungsbezeichnung",
    "Status bei Öffnung",
    "Rückmeldung",
    "gemeldeter Status",
    "Kommentar",
    "beantwortet von",
    "beantwortet am",
    "nach der Frist",
]


def eintraege_export(rows, *, runde: Erhebungsrunde) -> ExportTable:
    frist_ende = tagesende(runde.frist)

    def zeilen():
        for e in rows:
            yield [
                e.amt.nummer,
                e.amt.name,
                format_key(e.leistung.leika_schluessel),
                e.leistung.bezeichnung,
                str(e.status_bei_oeffnung or "ohne Status"),
                e.get_antwort_display() or ("unbeantwortet" if not runde.offen else "noch offen"),
                str(e.status or ""),
                e.kommentar,
                person(e.beantwortet_von),
                timezone.localtime(e.beantwortet_am) if e.beantwortet_am else None,
                (e.beantwortet_am >= frist_ende) if e.beantwortet_am else None,
            ]

    return ExportTable(header=KOPF, rows=zeilen(), text_columns=[SCHLUESSEL])
