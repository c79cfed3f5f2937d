"""Comparison of two Erhebungen, or of an Erhebung with today: counts, differences, and who moved."""

import datetime as dt

import pytest

from catalog.models import Leistung
from catalog.selectors import (
    Bewegungsart,
    bewegungen,
    erhebungen_uebersicht,
    letzte_erhebung,
    vergleich,
    vorherige_erhebung,
)
from catalog.services import erhebung_anlegen, leistung_aendern, leistung_status_setzen
from toolkit.formatting import format_difference

pytestmark = pytest.mark.django_db

D = dt.date


def setze(leistung, status, tag):
    return leistung_status_setzen(leistung=leistung, status=status, gueltig_ab=tag, grund="Test")


@pytest.fixture
def zwei_erhebungen(make_leistung, statuses, amt51):
    """Between the two: one done, one out of scope (leaves), one new Leistung (enters), one changes its Amt."""
    ls = {name: make_leistung(bezeichnung=name) for name in ("bleibt", "fertig", "raus", "umzug")}
    for name in ("bleibt", "raus", "umzug"):
        setze(ls[name], statuses["Wartend"], D(2021, 11, 1))
    setze(ls["fertig"], statuses["Umsetzung"], D(2021, 11, 1))
    alt = erhebung_anlegen(name="Erhebungsstand Dez. 2021", stichtag=D(2021, 12, 1))

    setze(ls["fertig"], statuses["Abgeschlossen"], D(2022, 1, 10))
    setze(ls["raus"], statuses["Nicht relevant"], D(2022, 2, 1))
    ls["neu"] = make_leistung(bezeichnung="neu")
    setze(ls["neu"], statuses["Digitalisierungsfabrik"], D(2022, 3, 1))
    umzug = Leistung.objects.get(pk=ls["umzug"].pk)
    leistung_aendern(leistung=umzug, version=umzug.version, felder={"amt": amt51})
    neu = erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=D(2022, 5, 15))
    return alt, neu, ls


def test_comparison_of_two_erhebungen_per_status_with_differences(zwei_erhebungen):
    alt, neu, _ = zwei_erhebungen
    v = vergleich(alt=alt, neu=neu)

    zahlen = {s.bezeichnung: (s.alt, s.neu, s.differenz, s.text) for s in v.status}
    assert zahlen == {
        "Abgeschlossen": (0, 1, 1, "+1"),
        "Umsetzung": (1, 0, -1, "\u22121"),
        "Digitalisierungsfabrik": (0, 1, 1, "+1"),
        "Wartend": (3, 2, -1, "\u22121"),
    }
    assert (v.gesamt.alt, v.gesamt.neu) == (4, 4)
    assert (v.online.alt, v.online.neu, v.online.text) == (0, 1, "+1")
    assert v.alt.bezeichnung == "Erhebungsstand Dez. 2021" and v.alt.erhebung_id == alt.pk
    assert v.neu.stichtag == D(2022, 5, 15)


def bewegt(**seiten) -> dict[str, list[tuple]]:
    return {art.value: [(b.bezeichnung, b.von, b.nach) for b in liste] for art, liste in bewegungen(**seiten).items()}


def test_comparison_lists_the_changed_the_entered_and_the_left(zwei_erhebungen, django_assert_num_queries):
    alt, neu, ls = zwei_erhebungen
    with django_assert_num_queries(4):  # statuses, Ämter, the totals of each side
        listen = bewegungen(alt=alt, neu=neu)
    assert {art: len(liste) for art, liste in listen.items()} == dict.fromkeys(Bewegungsart, 1)

    assert bewegt(alt=alt, neu=neu) == {
        "geaendert": [("fertig", "Umsetzung", "Abgeschlossen")],
        "hinzugekommen": [("neu", None, "Digitalisierungsfabrik")],
        # left the base: frozen Wartend, and by the history out of scope on the newer Stichtag
        "weggefallen": [("raus", "Wartend", "Nicht relevant")],
    }
    with django_assert_num_queries(1):  # a page: one query
        geaendert = listen[Bewegungsart.GEAENDERT][0:50]
    assert geaendert[0].schluessel == ls["fertig"].leika_schluessel
    assert geaendert[0].schluessel_formatiert.count(".") == 4
    assert geaendert[0].amt_nummer == 33


def test_comparison_per_amt_uses_the_amt_frozen_in_each_erhebung(zwei_erhebungen, amt51):
    alt, neu, _ = zwei_erhebungen
    v = vergleich(alt=alt, neu=neu)
    aemter = {a.nummer: (a.gesamt.alt, a.gesamt.neu, a.online.neu) for a in v.aemter}
    assert aemter == {33: (4, 3, 1), 51: (0, 1, 0)}

    nur51 = vergleich(alt=alt, neu=neu, amt=amt51)
    assert (nur51.gesamt.alt, nur51.gesamt.neu) == (0, 1)
    # for the Amt it moved to, the Leistung entered its base (and left Amt 33's)
    assert bewegt(alt=alt, neu=neu, amt=amt51) == {
        "geaendert": [],
        "hinzugekommen": [("umzug", "Wartend", "Wartend")],
        "weggefallen": [],
    }
    assert [a.nummer for a in nur51.aemter] == [51]
    assert "federführend Amt 51" in nur51.beschreibung


def test_comparison_with_today_reads_the_current_history(zwei_erhebungen, statuses, today):
    _, neu, ls = zwei_erhebungen
    setze(ls["bleibt"], statuses["Umsetzung"], today)

    v = vergleich(alt=neu)

    assert v.neu.bezeichnung == f"heute ({today:%d.%m.%Y})" and v.neu.erhebung_id is None
    assert bewegt(alt=neu) == {
        "geaendert": [("bleibt", "Wartend", "Umsetzung")],
        "hinzugekommen": [],
        "weggefallen": [],
    }
    assert (v.gesamt.alt, v.gesamt.neu) == (4, 4)


def test_the_deck_writes_changes_with_sign():
    assert [format_difference(n) for n in (2, 1, -7, -8, 0)] == ["+2", "+1", "\u22127", "\u22128", "±0"]


def test_every_erhebung_with_its_difference_to_the_previous_one(zwei_erhebungen):
    alt, neu, _ = zwei_erhebungen
    zeilen = erhebungen_uebersicht()

    assert [z.name for z in zeilen] == ["Erhebungsstand Dez. 2021", "Erhebungsstand Mai 2022"]
    erste, zweite = zeilen
    assert erste.vorherige_id is None and all(s.differenz is None for s in erste.status)
    assert zweite.vorherige_name == "Erhebungsstand Dez. 2021"
    assert {s.bezeichnung: s.differenz for s in zweite.status} == {
        "Abgeschlossen": 1,
        "Umsetzung": -1,
        "Digitalisierungsfabrik": 1,
        "Wartend": -1,
    }
    assert zweite.stand.basis.anzahl == 4
    assert letzte_erhebung() == neu
    assert letzte_erhebung(bis=D(2022, 5, 14)) == alt
    assert letzte_erhebung(bis=D(2021, 11, 30)) is None
    assert vorherige_erhebung(neu) == alt and vorherige_erhebung(alt) is None
