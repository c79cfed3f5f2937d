"""The catalogue's writes, one service per kind of data; keyword-only and atomic.

- statuses: :func:`leistungen_status_setzen` (for one Leistung :func:`leistung_status_setzen`), :mod:`.status`;
- a Leistung's other fields: :func:`leistungen_aendern` (for one Leistung, with an optional status change,
  :func:`leistung_aendern`), new Leistungen :func:`leistungen_anlegen`, :mod:`.leistungen`;
- Erhebungen: :func:`erhebung_anlegen`, :mod:`.erhebungen`;
- the weekly counts of status changes, derived from the history and kept by the two above in the same
  transaction: :mod:`.statuswochen`.

Lost updates are refused with :class:`~catalog.versions.VersionKonflikt` (one mechanism for the portal, see
:mod:`catalog.versions`). The admin, the importer, the portal's forms, commands and the demo call these.
"""

from catalog.versions import VersionKonflikt

from .erhebungen import erhebung_anlegen, erhebung_pruefen
from .leistungen import (
    leistung_aendern,
    leistung_versionen_pruefen,
    leistungen_aendern,
    leistungen_anlegen,
    version_konflikt,
)
from .status import (
    OZG_IN_KRAFT,
    VOR_OZG_BESTAETIGUNG,
    check_date,
    leistung_status_setzen,
    leistungen_status_setzen,
    status_datum_pruefen,
)
from .statuswochen import statuswochen_neu_berechnen, statuswochen_sammeln

__all__ = [
    "OZG_IN_KRAFT",
    "VOR_OZG_BESTAETIGUNG",
    "VersionKonflikt",
    "check_date",
    "erhebung_anlegen",
    "erhebung_pruefen",
    "leistung_aendern",
    "leistung_status_setzen",
    "leistung_versionen_pruefen",
    "leistungen_aendern",
    "leistungen_anlegen",
    "leistungen_status_setzen",
    "statuswochen_neu_berechnen",
    "status_datum_pruefen",
    "statuswochen_sammeln",
    "version_konflikt",
]
