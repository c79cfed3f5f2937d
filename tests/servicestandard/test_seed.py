"""The seeded standard: the deck's six groups and 19 principles, word for word, and who may do what."""

import pytest
from django.contrib.auth.models import Group

from servicestandard.berechtigungen import PRUEFEN, PRUEFEN_EIGENES_AMT
from servicestandard.models import Fassung, Gruppe, Prinzip
from servicestandard.selectors import aktuelle_fassung

pytestmark = pytest.mark.django_db

# Principle 18 as the deck states it (Foliensatz, "Servicestandard für die OZG-Umsetzung").
PRINZIP_18 = (
    "Die Wirksamkeit der digitalen Angebote wird anonym anhand von Nutzungsintensität und Nutzerzufriedenheit "
    "erhoben. Um die Transparenz zu erhöhen, werden die Ergebnisse veröffentlicht. Diese werden auch in "
    "maschinenlesbarer Fassung bereitgestellt."
)


def test_the_deck_s_six_groups_hold_the_19_principles_in_order():
    fassung = aktuelle_fassung()
    gruppen = {
        g.name: [p.nummer for p in g.prinzipien.order_by("nummer")]
        for g in Gruppe.objects.filter(fassung=fassung).order_by("reihenfolge")
    }

    assert gruppen == {
        "Nutzerzentrierung": [1, 2, 3, 4, 5, 6],
        "Vorgehen": [7, 8, 9],
        "Zusammenarbeit": [10, 11],
        "Offenheit": [12, 13, 14],
        "Technischer Betrieb": [15, 16, 17],
        "Wirkungscontrolling": [18, 19],
    }
    assert list(gruppen) == [g.name for g in Gruppe.objects.filter(fassung=fassung).order_by("reihenfolge")]


def test_each_principle_has_a_short_title_and_the_deck_s_full_text():
    prinzipien = {p.nummer: p for p in Prinzip.objects.all()}

    assert prinzipien[18].text == PRINZIP_18
    assert prinzipien[12].text == (
        "Offene Standards müssen bei der Realisierung und dem Betrieb der digitalen Angebote genutzt werden."
    )
    assert prinzipien[4].kurztitel == "Once-Only"
    assert all(p.kurztitel and len(p.text) > 90 for p in prinzipien.values())
    assert Fassung.objects.count() == 1


def test_the_redaktion_assesses_every_service_an_amtsleitung_its_own_and_the_leitung_reads(
    redaktion, amtsleitung33, leitung
):
    assert redaktion.has_perm(PRUEFEN) and not redaktion.has_perm(PRUEFEN_EIGENES_AMT)
    assert amtsleitung33.has_perm(PRUEFEN_EIGENES_AMT) and not amtsleitung33.has_perm(PRUEFEN)
    assert not leitung.has_perm(PRUEFEN) and not leitung.has_perm(PRUEFEN_EIGENES_AMT)
    for user in (redaktion, amtsleitung33, leitung):
        assert user.has_perm("servicestandard.view_ergebnis")
    # only the Redaktion edits the standard itself
    assert Group.objects.get(name="Redaktion Amt 15").permissions.filter(codename="change_prinzip").exists()
    assert not amtsleitung33.has_perm("servicestandard.change_prinzip")
