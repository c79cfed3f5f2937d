"""The one Leistung export: the catalogue importer's columns, so that export → import changes nothing.

Header and rows as pretix's list exporters build them; :mod:`toolkit.export` renders them as CSV or XLSX. Used by
the admin's Leistung list ("Export XLSX / CSV") and by every Leistung list of the pages (``?export=``). The
columns are :data:`catalog.importing.katalog.KATALOG_SPALTEN`, in that order: the key dotted (as text), Ämter by
number, statuses, Themenfelder and Ressorts by name, Reifegrade by level, choices by their German label,
yes/no as "ja"/"nein", dates as dates.

Rows are read as plain values in one query (``values_list`` over the joins, 2,000 rows at a time), not as model
instances: building a Leistung with its Bündel, Themenfeld, Ämter … per row cost more than writing the file.
Choice labels are looked up once per export, not once per cell.

A caller may append columns the catalogue does not know (:class:`ExtraColumn`), e.g. the pages' expected quarter
from the implementation plan: catalog never imports the apps above it, they hand their figures in. The importer
does not read such a column (it names it among the columns not read), so export → import still changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from catalog.importing.katalog import KATALOG_SPALTEN
from catalog.keys import format_key
from catalog.models import Leistung, Leistungsbuendel
from toolkit.export import ExportTable

# Text cells in XLSX, even where the value looks like a number: Excel would round the key and drop zeros.
TEXT_SPALTEN = ("LeiKa-Schlüssel", "OZG-ID", "LeiKa-Typ")

# Each importer column's source: a path for values_list, read as it is unless named below.
QUELLEN = {
    "leika_schluessel": "leika_schluessel",
    "vorlaeufig": "vorlaeufig",
    "bezeichnung": "bezeichnung",
    "ozg_id": "buendel__ozg_id",
    "buendel_name": "buendel__name",
    "themenfeld": "buendel__themenfeld__name",
    "lebenslage": "buendel__lebenslage__name",
    "leika_typ": "leika_typ",
    "ressort": "ressort__name",
    "vollzugsebene": "vollzugsebene",
    "von_wiesbaden_umzusetzen": "von_wiesbaden_umzusetzen",
    "amt": "amt__nummer",
    "status": "status__bezeichnung",
    "zusaetzliche_informationen": "zusaetzliche_informationen",
    "antraege_pro_jahr": "antraege_pro_jahr",
    "antraege_bundesweit": "antraege_bundesweit",
    "reifegrad": "reifegrad__stufe",
    "efa": "buendel__efa",
    "ozg_booster": "buendel__ozg_booster",
    "umsetzendes_land": "buendel__umsetzendes_land",
    "nachnutzbar_ab": "buendel__nachnutzbar_ab",
    "rollout_frist": "buendel__rollout_frist",
    "online_dienst_url": "online_dienst_url",
    "online_plattform": "online_plattform",
    "anmeldung": "anmeldung",
    "rechtsgrundlage": "rechtsgrundlage",
    "nicht_mehr_im_katalog_seit": "nicht_mehr_im_katalog_seit",
}
# Columns shown by their choice's German label (as ``get_FOO_display``); an empty choice is an empty cell.
AUSWAHL = {
    "vollzugsebene": (Leistung, "vollzugsebene"),
    "umsetzendes_land": (Leistungsbuendel, "umsetzendes_land"),
    "online_plattform": (Leistung, "online_plattform"),
    "anmeldung": (Leistung, "anmeldung"),
}


def _labels(model, feld: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(feld).flatchoices}


@dataclass(frozen=True)
class ExtraColumn:
    """A column after the importer's: its header and its value for one Leistung, given the Leistung's primary
    key (any cell value)."""

    label: str
    value: Callable[[int], object]


def leistungen_export(queryset: QuerySet[Leistung], *, extra_columns: Sequence[ExtraColumn] = ()) -> ExportTable:
    """The Leistungen of ``queryset``, in its order, in the columns the catalogue import reads, then
    ``extra_columns``."""
    spalten = [spalte.key for spalte in KATALOG_SPALTEN]
    pfade = [QUELLEN[spalte] for spalte in spalten]
    schluessel = spalten.index("leika_schluessel")
    labels = [  # (position, label per stored value) of the choice columns
        (index, _labels(*AUSWAHL[spalte])) for index, spalte in enumerate(spalten) if spalte in AUSWAHL
    ]

    def rows() -> Iterator[list]:
        for werte in queryset.values_list(*pfade, "pk").iterator(chunk_size=2000):
            zeile = list(werte)
            pk = zeile.pop()
            zeile[schluessel] = format_key(zeile[schluessel])
            for index, label in labels:
                wert = zeile[index]
                zeile[index] = label.get(wert, wert) if wert else None
            yield zeile + [extra.value(pk) for extra in extra_columns]

    header = [spalte.label for spalte in KATALOG_SPALTEN] + [extra.label for extra in extra_columns]
    return ExportTable(header=header, rows=rows(), text_columns=TEXT_SPALTEN)
