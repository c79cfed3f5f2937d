"""The reads that produce figures: plain data (dataclasses), no HTTP. Every page, chart, JSON and export that
shows a figure gets it from here.

- :mod:`.basis`: the bases ("von Wiesbaden umzusetzen", Kommunen, Katalog) and the as-of query :func:`status_am`;
- :mod:`.stand`: status counts as of a date, for the city, one Amt or Themenfeld, and by Amt / by Themenfeld;
- :mod:`.verlauf`: the weekly series (ISO weeks), the status changes per day, and one Leistung's status timeline;
- :mod:`.erhebungen`: the frozen figures of Erhebungen;
- :mod:`.zaehlung`: how many Leistungen had which status on a date (today's statuses and the weekly counts);
- :mod:`.vergleich`: comparison of two Erhebungen or dates (counts and differences);
- :mod:`.bewegungen`: the Leistungen that moved between the two (counted and paged by the database);
- :mod:`.trichter`: catalogue → Kommunen → Wiesbaden;
- :mod:`.efa_fallzahlen`: EfA progress per Bündel, Fallzahl sums and the Leistungen with the most applications;
- :mod:`.monitor`: the Hessian OZG-Monitor's weekly figures beside Wiesbaden's;
- :mod:`.online_dienste`: online services by platform and user account, the gaps, accounts being replaced;
- :mod:`.handlungsbedarf`: what needs an Amt's attention ("Mein Amt").

Each selector runs a fixed number of queries, whatever the size of the catalogue and its history.
"""

from .basis import (
    Basis,
    BasisInfo,
    StatusInfo,
    anteil,
    ausser_ids,
    basis_beschreibung,
    basis_eintraege,
    count_by,
    leistungen_mit_status_am,
    status_am,
    status_laden,
)
from .bewegungen import Bewegung, Bewegungsart, Bewegungsliste, bewegungen
from .efa_fallzahlen import (
    EINWOHNER_DEUTSCHLAND,
    EINWOHNER_WIESBADEN,
    SCHAETZUNG_TEXT,
    EfaFortschritt,
    FallzahlAngabe,
    FallzahlLeistung,
    FallzahlSumme,
    efa_buendel,
    efa_fortschritt_am,
    erledigt,
    fallzahl_angabe,
    fallzahl_herleitung,
    fallzahl_schaetzung,
    fallzahl_summe,
    groesste_fallzahlen_am,
    groesste_offene,
    mit_fallzahl,
    wiesbaden_heute,
)
from .erhebungen import (
    ErhebungRow,
    ErhebungStatus,
    erhebung_stand,
    erhebungen_uebersicht,
    letzte_erhebung,
    vorherige_erhebung,
)
from .handlungsbedarf import LANGE_UNVERAENDERT_TAGE, Handlungsbedarf, amt_handlungsbedarf
from .monitor import MonitorVergleich, MonitorWoche, MonitorZahl, monitor_vergleich
from .online_dienste import (
    ABLOESUNGEN,
    Abloesung,
    PlattformKonto,
    konto_abzuloesen,
    online_dienst_erfasst,
    online_dienste_nach_plattform,
    online_luecke,
    online_luecken,
)
from .stand import Gruppe, Stand, StatusZahl, status_stand, status_stand_nach_amt, status_stand_nach_themenfeld
from .trichter import TrichterStufe, katalog_bezeichnung, trichter
from .vergleich import (
    AmtDifferenz,
    Differenz,
    Seite,
    StatusDifferenz,
    Vergleich,
    vergleich,
    vergleich_seit_letzter_erhebung,
)
from .verlauf import (
    Woche,
    Wochenverlauf,
    statusverlauf,
    statusverlauf_aufsteigend,
    statuswechsel_je_tag,
    wochen_zwischen,
    wochenverlauf,
)
from .zaehlung import auf_stichtag_zurueckrechnen, zaehlung_am

__all__ = [
    "ABLOESUNGEN",
    "Abloesung",
    "Handlungsbedarf",
    "LANGE_UNVERAENDERT_TAGE",
    "PlattformKonto",
    "amt_handlungsbedarf",
    "konto_abzuloesen",
    "online_dienst_erfasst",
    "online_dienste_nach_plattform",
    "online_luecke",
    "online_luecken",
    "AmtDifferenz",
    "Basis",
    "BasisInfo",
    "Bewegung",
    "Bewegungsart",
    "Bewegungsliste",
    "Differenz",
    "EINWOHNER_DEUTSCHLAND",
    "EINWOHNER_WIESBADEN",
    "EfaFortschritt",
    "ErhebungRow",
    "ErhebungStatus",
    "FallzahlAngabe",
    "FallzahlLeistung",
    "FallzahlSumme",
    "Gruppe",
    "MonitorVergleich",
    "MonitorWoche",
    "MonitorZahl",
    "SCHAETZUNG_TEXT",
    "Seite",
    "Stand",
    "StatusDifferenz",
    "StatusInfo",
    "StatusZahl",
    "TrichterStufe",
    "Vergleich",
    "Woche",
    "Wochenverlauf",
    "anteil",
    "auf_stichtag_zurueckrechnen",
    "ausser_ids",
    "basis_beschreibung",
    "bewegungen",
    "basis_eintraege",
    "count_by",
    "efa_buendel",
    "efa_fortschritt_am",
    "erhebung_stand",
    "erhebungen_uebersicht",
    "erledigt",
    "fallzahl_angabe",
    "fallzahl_herleitung",
    "fallzahl_schaetzung",
    "fallzahl_summe",
    "groesste_fallzahlen_am",
    "groesste_offene",
    "katalog_bezeichnung",
    "leistungen_mit_status_am",
    "letzte_erhebung",
    "mit_fallzahl",
    "monitor_vergleich",
    "status_am",
    "status_laden",
    "status_stand",
    "status_stand_nach_amt",
    "status_stand_nach_themenfeld",
    "statusverlauf",
    "statusverlauf_aufsteigend",
    "statuswechsel_je_tag",
    "trichter",
    "vergleich",
    "vergleich_seit_letzter_erhebung",
    "vorherige_erhebung",
    "wiesbaden_heute",
    "wochen_zwischen",
    "wochenverlauf",
    "zaehlung_am",
]
