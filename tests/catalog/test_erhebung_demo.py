"""The demo's two Erhebungen show the deck's changes, and the funnel the deck's levels (built once per module)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from catalog.demo.erhebungen import build_erhebungen
from catalog.models import Erhebung
from catalog.selectors import erhebung_stand, erhebungen_uebersicht, status_stand, trichter, vergleich


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo, loaded once for this module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def erhebungen(demo, db):
    return list(Erhebung.objects.order_by("stichtag"))


def test_the_demo_makes_the_decks_two_erhebungen(erhebungen):
    assert [(e.name, e.stichtag) for e in erhebungen] == [
        ("Erhebungsstand Dez. 2021", dt.date(2021, 12, 1)),
        ("Erhebungsstand Mai 2022", dt.date(2022, 5, 15)),
    ]


def test_the_two_demo_erhebungen_show_the_decks_four_changes(erhebungen):
    dez, mai = erhebungen
    v = vergleich(alt=dez, neu=mai)

    assert {s.bezeichnung: s.text for s in v.status} == {
        "Abgeschlossen": "+2",
        "Umsetzung": "+1",
        "Digitalisierungsfabrik": "\u22127",
        "Wartend": "\u22128",
    }
    # the twelve missing ones left the base: all to "Nicht relevant"
    assert len(v.weggefallen) == 12
    assert {b.nach for b in v.weggefallen} == {"Nicht relevant"}
    assert sorted(b.von for b in v.weggefallen).count("Digitalisierungsfabrik") == 7
    assert v.hinzugekommen == []
    assert (
        sorted((b.von, b.nach) for b in v.geaendert)
        == [("Umsetzung", "Abgeschlossen")] * 2 + [("Wartend", "Umsetzung")] * 3
    )

    zeilen = erhebungen_uebersicht()
    assert {s.bezeichnung: s.differenz for s in zeilen[1].status} == {
        "Abgeschlossen": 2,
        "Umsetzung": 1,
        "Digitalisierungsfabrik": -7,
        "Wartend": -8,
    }


def test_the_frozen_figures_equal_the_history_on_each_stichtag(erhebungen):
    for erhebung in erhebungen:
        assert erhebung_stand(erhebung=erhebung).nach_status() == status_stand(stichtag=erhebung.stichtag).nach_status()


def test_the_demo_funnel(demo, db):
    assert [(s.leistungsbuendel, s.leistungen) for s in trichter()] == [(557, 4813), (210, 607), (176, 512)]


def test_making_the_demo_erhebungen_again_changes_nothing(erhebungen):
    assert build_erhebungen() == erhebungen
    assert Erhebung.objects.count() == 2
