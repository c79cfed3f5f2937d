"""Servicestandard fixtures: the seeded standard by principle number, online services, and a helper that assesses
a Leistung by result words."""

import pytest

from catalog.models import Leistungsbuendel, Themenfeld
from catalog.services import leistung_status_setzen
from servicestandard.models import Prinzip
from servicestandard.selectors import aktuelle_fassung
from servicestandard.services import Eintrag, leistungen_pruefen

E, T, N, A = "erfuellt", "teilweise", "nicht_erfuellt", "nicht_anwendbar"


class Standard:
    """The seeded Fassung and its 19 principles by number, with helpers to build and write results."""

    def __init__(self):
        self.fassung = aktuelle_fassung()
        self.prinzipien = {p.nummer: p for p in Prinzip.objects.filter(gruppe__fassung=self.fassung)}

    def eintraege(self, ergebnisse: dict[int, str | None], notizen: dict[int, str] | None = None) -> dict:
        notizen = notizen or {}
        return {self.prinzipien[n]: Eintrag(ergebnis=e, notiz=notizen.get(n, "")) for n, e in ergebnisse.items()}

    def alle(self, ergebnis: str) -> dict[int, str]:
        return dict.fromkeys(self.prinzipien, ergebnis)

    def pruefe(self, leistung, ergebnisse: dict[int, str | None], **kwargs):
        """Assess without a person (as the import does)."""
        return leistungen_pruefen(pruefungen={leistung: self.eintraege(ergebnisse)}, **kwargs)


@pytest.fixture
def standard(db):
    return Standard()


@pytest.fixture
def online(make_leistung, statuses, a_date):
    """Factory: a Leistung with an online service (status Abgeschlossen, on civento unless told otherwise)."""

    def make(**fields):
        fields.setdefault("online_plattform", "civento")
        leistung = make_leistung(**fields)
        leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=a_date)
        return leistung

    return make


@pytest.fixture
def dienst(online):
    """One online service of Amt 33."""
    return online(bezeichnung="Meldebescheinigung online")


@pytest.fixture
def zwei(standard, online, amt51):
    """A: Amt 33 on civento, four results (erfüllt, teilweise, nicht erfüllt, nicht anwendbar);
    B: Amt 51, an EfA service of an OZG-Booster Bündel, everything erfüllt except open source (nicht anwendbar)."""
    booster = Leistungsbuendel.objects.create(
        ozg_id="10005", name="Kindergeld", themenfeld=Themenfeld.objects.get(name="Familie & Kind"), ozg_booster=True
    )
    a = online(bezeichnung="A")
    b = online(bezeichnung="B", amt=amt51, online_plattform="efa", buendel=booster)
    standard.pruefe(a, {1: E, 2: T, 3: N, 4: A})
    standard.pruefe(b, {**standard.alle(E), 13: A})
    return a, b
