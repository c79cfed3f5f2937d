"""The one Leistung export: the catalogue importer's columns, so that export → import changes nothing.

Header and rows as pretix's list exporters build them; :mod:`toolkit.export` renders them as CSV or XLSX. Used by
the admin's Leistung list ("Export XLSX / CSV") and by every Leistung list of the pages (``?export=``). The
columns are :data:`catalog.importing.katalog.KATALOG_SPALTEN`, in that order: the key dotted (as text), Ämter by
number, statuses, Themenfelder and Ressorts by name, Reifegrade by level, choices by their German label,
yes/no as "ja"/"nein", dates as dates. Rows are read lazily, 2,000 at a time.

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
from catalog.models import Leistung
from toolkit.export import ExportTable

# Text cells in XLSX, even where the value looks like a number: Excel would round the key and drop zeros.
TEXT_SPALTEN = ("LeiKa-Schlüssel", "OZG-ID", "LeiKa-Typ")


def _werte(leistung: Leistung) -> dict[str, object]:
    """Each importer column's value for one Leistung, by the column's key."""
    b = leistung.buendel
    return {
        "leika_schluessel": format_key(leistung.leika_schluessel),
        "vorlaeufig": leistung.vorlaeufig,
        "bezeichnung": leistung.bezeichnung,
        "ozg_id": b.ozg_id if b else None,
        "buendel_name": b.name if b else None,
        "themenfeld": b.themenfeld.name if b and b.themenfeld else None,
        "lebenslage": b.lebenslage.name if b and b.lebenslage else None,
        "leika_typ": leistung.leika_typ,
        "ressort": leistung.ressort.name if leistung.ressort else None,
        "vollzugsebene": leistung.get_vollzugsebene_display() if leistung.vollzugsebene else None,
        "von_wiesbaden_umzusetzen": leistung.von_wiesbaden_umzusetzen,
        "amt": leistung.amt.nummer if leistung.amt else None,
        "status": leistung.status.bezeichnung if leistung.status else None,
        "zusaetzliche_informationen": leistung.zusaetzliche_informationen,
        "antraege_pro_jahr": leistung.antraege_pro_jahr,
        "antraege_bundesweit": leistung.antraege_bundesweit,
        "reifegrad": leistung.reifegrad.stufe if leistung.reifegrad else None,
        "efa": b.efa if b else None,
        "ozg_booster": b.ozg_booster if b else None,
        "umsetzendes_land": b.get_umsetzendes_land_display() if b and b.umsetzendes_land else None,
        "nachnutzbar_ab": b.nachnutzbar_ab if b else None,
        "rollout_frist": b.rollout_frist if b else None,
        "online_dienst_url": leistung.online_dienst_url,
        "online_plattform": leistung.get_online_plattform_display() if leistung.online_plattform else None,
        "anmeldung": leistung.get_anmeldung_display() if leistung.anmeldung else None,
        "rechtsgrundlage": leistung.rechtsgrundlage,
        "nicht_mehr_im_katalog_seit": leistung.nicht_mehr_im_katalog_seit,
    }


@dataclass(frozen=True)
class ExtraColumn:
    """A column after the importer's: its header and its value for one Leistung (any cell value)."""

    label: str
    value: Callable[[Leistung], object]


def leistungen_export(queryset: QuerySet[Leistung], *, extra_columns: Sequence[ExtraColumn] = ()) -> ExportTable:
    """The Leistungen of ``queryset``, in its order, in the columns the catalogue import reads, then
    ``extra_columns``."""
    spalten = [spalte.key for spalte in KATALOG_SPALTEN]
    queryset = queryset.select_related(
        "buendel__themenfeld", "buendel__lebenslage", "ressort", "amt", "status", "reifegrad"
    )

    def rows() -> Iterator[list]:
        for leistung in queryset.iterator(chunk_size=2000):
            werte = _werte(leistung)
            yield [werte[spalte] for spalte in spalten] + [extra.value(leistung) for extra in extra_columns]

    header = [spalte.label for spalte in KATALOG_SPALTEN] + [extra.label for extra in extra_columns]
    return ExportTable(header=header, rows=rows(), text_columns=TEXT_SPALTEN)
