"""Online services: which Leistungen have one recorded, on which platform, with which user account; the gaps.

- A Leistung's online service is *recorded* when its address or its platform is given (:func:`online_dienst_erfasst`).
- A *gap* (Lücke): the status means "erledigt" (online verfügbar) but no online service is recorded, or its Reifegrad
  is 0 ("offline"). Pages show a gap as something to fill in, never as two statements that contradict each other
  (:func:`online_luecken` for one Leistung, :func:`online_luecke` as a filter).
- An account *being replaced*: the Servicekonto Hessen gives way to the Nutzerkonto Bund (BundID); the deck plans
  civento's connection to the Nutzerkonto Bund for Q4/2022 (:data:`ABLOESUNGEN`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from catalog.models import Anmeldung, Leistung, OnlinePlattform, StatusBedeutung

NICHT_ERFASST = ""  # the stored value of a platform or account not given


@dataclass(frozen=True)
class Abloesung:
    """A user account that is being replaced: by which one, when, and what to say about it."""

    konto: str
    nachfolger: str
    termin: str

    @property
    def text(self) -> str:
        return (
            f"{Anmeldung(self.konto).label} wird vom {Anmeldung(self.nachfolger).label} abgelöst "
            f"(Anbindung an civento laut Foliensatz im {self.termin})"
        )


ABLOESUNGEN = {  # the stored value → the replacement
    Anmeldung.SERVICEKONTO_HESSEN.value: Abloesung(
        konto=Anmeldung.SERVICEKONTO_HESSEN, nachfolger=Anmeldung.NUTZERKONTO_BUND, termin="4. Quartal 2022"
    ),
}


def online_dienst_erfasst(prefix: str = "") -> Q:
    """Leistungen whose online service is recorded: its address or its platform is given."""
    return ~Q(**{f"{prefix}online_dienst_url": ""}) | ~Q(**{f"{prefix}online_plattform": ""})


def online_luecke(prefix: str = "") -> Q:
    """Leistungen online according to their status whose online service is missing or "offline" (Reifegrad 0)."""
    return Q(**{f"{prefix}status__bedeutung": StatusBedeutung.ERLEDIGT}) & (
        ~online_dienst_erfasst(prefix) | Q(**{f"{prefix}reifegrad__stufe": 0})
    )


def konto_abzuloesen(prefix: str = "") -> Q:
    """Leistungen whose online service still uses an account that is being replaced."""
    return Q(**{f"{prefix}anmeldung__in": list(ABLOESUNGEN)})


def online_luecken(leistung: Leistung) -> list[str]:
    """What is missing about ``leistung``'s online service although its status says it is online (no query when
    status and Reifegrad are loaded); empty when nothing is missing or the status does not mean "erledigt"."""
    if leistung.status is None or leistung.status.bedeutung != StatusBedeutung.ERLEDIGT:
        return []
    luecken = []
    if not (leistung.online_dienst_url or leistung.online_plattform):
        luecken.append(
            f"Der Status „{leistung.status.bezeichnung}“ sagt „online verfügbar“, aber der Online-Dienst ist noch "
            "nicht erfasst: bitte Adresse, Plattform und Anmeldung eintragen."
        )
    if leistung.reifegrad is not None and leistung.reifegrad.stufe == 0:
        luecken.append(
            f"Der Reifegrad „{leistung.reifegrad}“ passt nicht zum Status „{leistung.status.bezeichnung}“: "
            "bitte den Reifegrad des Online-Dienstes eintragen."
        )
    return luecken


@dataclass(frozen=True)
class PlattformKontoZeile:
    plattform: str  # the stored value, "" = not recorded
    bezeichnung: str
    anzahlen: list[int]  # per account, in the order of PlattformKonto.konten
    gesamt: int


@dataclass(frozen=True)
class PlattformKonto:
    """Online services counted by platform (rows) and user account (columns)."""

    konten: list[tuple[str, str]]  # (stored value, label); "" = not recorded
    zeilen: list[PlattformKontoZeile]
    je_konto: list[int]
    gesamt: int
    abzuloesen: int  # of them with an account that is being replaced


def online_dienste_nach_plattform(auswahl: QuerySet[Leistung]) -> PlattformKonto:
    """Count the Leistungen of ``auswahl`` by platform and user account; one query, whatever the number."""
    paare = {
        (row["online_plattform"], row["anmeldung"]): row["anzahl"]
        for row in auswahl.order_by().values("online_plattform", "anmeldung").annotate(anzahl=Count("pk"))
    }
    konten = [*Anmeldung.choices, (NICHT_ERFASST, "nicht erfasst")]
    plattformen = [*OnlinePlattform.choices, (NICHT_ERFASST, "nicht erfasst")]
    zeilen = []
    for plattform, bezeichnung in plattformen:
        anzahlen = [paare.get((plattform, konto), 0) for konto, _ in konten]
        if any(anzahlen) or plattform != NICHT_ERFASST:
            zeilen.append(PlattformKontoZeile(plattform, str(bezeichnung), anzahlen, sum(anzahlen)))
    je_konto = [sum(z.anzahlen[i] for z in zeilen) for i in range(len(konten))]
    return PlattformKonto(
        konten=[(wert, str(label)) for wert, label in konten],
        zeilen=zeilen,
        je_konto=je_konto,
        gesamt=sum(je_konto),
        abzuloesen=sum(anzahl for (_, konto), anzahl in paare.items() if konto in ABLOESUNGEN),
    )
