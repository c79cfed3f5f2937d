"""Status counts as of a date: the as-of rule, the bases, shares, and the breakdowns by Amt and Themenfeld."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import Leistungsbuendel, StatusAenderung, Themenfeld, Vollzugsebene
from catalog.selectors import (
    Basis,
    leistungen_mit_status_am,
    status_stand,
    status_stand_nach_amt,
    status_stand_nach_themenfeld,
)
from catalog.services import leistung_status_setzen

pytestmark = pytest.mark.django_db

D = dt.date


def setze(leistung, status, tag, grund="Test"):
    return leistung_status_setzen(leistung=leistung, status=status, gueltig_ab=tag, grund=grund)


def status_von(leistung, tag):
    return leistungen_mit_status_am(tag, basis=Basis.KATALOG).get(pk=leistung.pk).status_am


def test_the_status_on_a_date_is_the_latest_change_effective_by_then_even_when_recorded_later(leistung, statuses):
    setze(leistung, statuses["Wartend"], D(2022, 1, 10))
    setze(leistung, statuses["Abgeschlossen"], D(2022, 3, 1))
    # recorded after the March change, but effective before it
    setze(leistung, statuses["Umsetzung"], D(2022, 2, 1), grund="nachgetragen")

    assert status_von(leistung, D(2022, 1, 9)) is None
    assert status_von(leistung, D(2022, 1, 10)) == statuses["Wartend"].pk
    assert status_von(leistung, D(2022, 1, 31)) == statuses["Wartend"].pk
    assert status_von(leistung, D(2022, 2, 1)) == statuses["Umsetzung"].pk
    assert status_von(leistung, D(2022, 2, 28)) == statuses["Umsetzung"].pk
    assert status_von(leistung, D(2022, 3, 1)) == statuses["Abgeschlossen"].pk
    assert status_stand(stichtag=D(2022, 2, 15)).nach_status()["Umsetzung"] == 1
    assert status_stand(stichtag=D(2022, 3, 15)).nach_status()["Umsetzung"] == 0


def test_same_day_changes_count_the_one_recorded_last_then_the_higher_id(leistung, statuses):
    setze(leistung, statuses["Wartend"], D(2022, 4, 4))
    setze(leistung, statuses["Umsetzung"], D(2022, 4, 4))
    assert status_von(leistung, D(2022, 4, 4)) == statuses["Umsetzung"].pk

    # the same recording time: the later row (higher id) wins
    rows = list(StatusAenderung.objects.filter(leistung=leistung).order_by("id"))
    StatusAenderung.objects.filter(pk__in=[r.pk for r in rows]).update(erfasst_am=rows[0].erfasst_am)
    assert status_von(leistung, D(2022, 4, 4)) == statuses["Umsetzung"].pk
    # an earlier recording time beats the id
    StatusAenderung.objects.filter(pk=rows[1].pk).update(erfasst_am=rows[0].erfasst_am - dt.timedelta(hours=1))
    assert status_von(leistung, D(2022, 4, 4)) == statuses["Wartend"].pk


def test_the_default_base_counts_wiesbadens_leistungen_without_the_out_of_scope_ones(make_leistung, statuses):
    tag = D(2022, 5, 15)
    online = make_leistung()
    offen = make_leistung()
    raus = make_leistung()
    fremd = make_leistung(von_wiesbaden_umzusetzen=False)
    ohne = make_leistung()  # no status yet: still to be done
    setze(online, statuses["Abgeschlossen"], D(2022, 1, 3))
    setze(offen, statuses["Wartend"], D(2022, 1, 3))
    setze(raus, statuses["Nicht relevant"], D(2022, 1, 3))
    setze(fremd, statuses["Abgeschlossen"], D(2022, 1, 3))

    stand = status_stand(stichtag=tag)

    assert stand.basis.anzahl == 3
    assert stand.nach_status() == {"Abgeschlossen": 1, "Umsetzung": 0, "Digitalisierungsfabrik": 0, "Wartend": 1}
    assert stand.ohne_status == 1
    assert (stand.online, stand.noch_umzusetzen, stand.ausser_betracht) == (1, 2, 0)
    assert stand.online_anteil == pytest.approx(1 / 3)
    assert stand.noch_umzusetzen_anteil == pytest.approx(2 / 3)
    assert [z.anteil for z in stand.status] == pytest.approx([1 / 3, 0, 0, 1 / 3])
    assert stand.basis.text == (
        "3 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne Status „Nicht relevant“), Stand 15.05.2022"
    )
    assert ohne.status is None


def test_a_leistung_leaves_the_default_base_from_the_day_it_is_out_of_scope(leistung, statuses):
    setze(leistung, statuses["Wartend"], D(2022, 1, 3))
    setze(leistung, statuses["Nicht relevant"], D(2022, 2, 1))
    assert status_stand(stichtag=D(2022, 1, 31)).basis.anzahl == 1
    assert status_stand(stichtag=D(2022, 2, 1)).basis.anzahl == 0
    assert status_stand(stichtag=D(2022, 2, 1), basis=Basis.KOMMUNE).nach_status()["Nicht relevant"] == 1


def test_the_kommune_and_catalogue_bases_count_every_status(make_leistung, statuses):
    tag = D(2022, 5, 15)
    wiesbaden = make_leistung()
    kommune = make_leistung(von_wiesbaden_umzusetzen=False)
    land = make_leistung(von_wiesbaden_umzusetzen=False, vollzugsebene=Vollzugsebene.LAND, amt=None)
    setze(wiesbaden, statuses["Abgeschlossen"], D(2022, 1, 3))
    setze(kommune, statuses["Nicht relevant"], D(2022, 1, 3))

    kommunen = status_stand(stichtag=tag, basis=Basis.KOMMUNE)
    katalog = status_stand(stichtag=tag, basis=Basis.KATALOG)

    assert kommunen.basis.anzahl == 2
    assert kommunen.nach_status()["Nicht relevant"] == 1
    assert (kommunen.online, kommunen.ausser_betracht, kommunen.noch_umzusetzen) == (1, 1, 0)
    assert kommunen.basis.text == (
        "2 LeiKa-Leistungen, deren Vollzug den Kommunen zugeordnet ist (alle Status), Stand 15.05.2022"
    )
    assert katalog.basis.anzahl == 3
    assert katalog.ohne_status == 1 and katalog.noch_umzusetzen == 1
    assert katalog.basis.text == "3 LeiKa-Leistungen des gesamten Katalogs (alle Status), Stand 15.05.2022"
    assert land.status is None


def test_figures_for_one_amt_or_one_themenfeld(make_leistung, statuses, amt51):
    familie = Leistungsbuendel.objects.create(
        ozg_id="10005", name="Kindergeld", themenfeld=Themenfeld.objects.get(name="Familie & Kind")
    )
    a = make_leistung()  # Amt 33, Themenfeld Ein- & Auswanderung
    b = make_leistung(amt=amt51, buendel=familie)
    c = make_leistung(amt=amt51)
    for leistung in (a, b, c):
        setze(leistung, statuses["Umsetzung"], D(2022, 1, 3))
    setze(b, statuses["Abgeschlossen"], D(2022, 2, 7))

    stand = status_stand(stichtag=D(2022, 5, 15), amt=amt51)
    assert stand.basis.anzahl == 2 and stand.online == 1
    assert "federführend Amt 51 – Amt für Jugend und Familie" in stand.basis.beschreibung

    stand = status_stand(stichtag=D(2022, 5, 15), themenfeld=Themenfeld.objects.get(name="Familie & Kind"))
    assert stand.basis.anzahl == 1 and stand.nach_status()["Abgeschlossen"] == 1
    assert stand.basis.beschreibung.endswith("Themenfeld „Familie & Kind“")


def test_counts_by_amt_list_every_amt_and_every_status_also_with_zero(make_leistung, statuses, amt15, amt51):
    for status in ("Abgeschlossen", "Wartend", "Wartend"):
        setze(make_leistung(), statuses[status], D(2022, 1, 3))  # all in Amt 33
    ohne_amt = make_leistung(amt=None)
    setze(ohne_amt, statuses["Umsetzung"], D(2022, 1, 3))

    gruppen = status_stand_nach_amt(stichtag=D(2022, 5, 15))

    assert [g.bezeichnung for g in gruppen] == [
        "Amt 15 – Amt für Innovation, Organisation und Digitalisierung",
        "Amt 33 – Bürgeramt",
        "Amt 51 – Amt für Jugend und Familie",
        "ohne Amt",
    ]
    amt15_, amt33_, amt51_, ohne = gruppen
    nullen = {"Abgeschlossen": 0, "Umsetzung": 0, "Digitalisierungsfabrik": 0, "Wartend": 0}
    assert amt15_.stand.nach_status() == nullen and amt15_.stand.basis.anzahl == 0
    assert amt51_.stand.nach_status() == nullen and amt51_.stand.online_anteil == 0
    assert amt33_.stand.nach_status() == {**nullen, "Abgeschlossen": 1, "Wartend": 2}
    assert amt33_.nummer == 33 and amt33_.name == "Bürgeramt"
    assert amt33_.stand.online_anteil == pytest.approx(1 / 3)
    assert ohne.id is None and ohne.stand.nach_status()["Umsetzung"] == 1


def test_counts_by_amt_leave_out_ohne_amt_when_every_leistung_has_one(make_leistung, statuses):
    setze(make_leistung(), statuses["Wartend"], D(2022, 1, 3))
    gruppen = status_stand_nach_amt(stichtag=D(2022, 5, 15))
    assert [g.nummer for g in gruppen] == [33]


def test_counts_by_themenfeld_list_all_fourteen(make_leistung, statuses):
    setze(make_leistung(), statuses["Wartend"], D(2022, 1, 3))
    gruppen = status_stand_nach_themenfeld(stichtag=timezone.localdate())
    assert len(gruppen) == 14
    werte = {g.bezeichnung: g.stand.basis.anzahl for g in gruppen}
    assert werte["Ein- & Auswanderung"] == 1
    assert sum(werte.values()) == 1


def test_shares_are_written_rounded_half_up_as_on_the_pages():
    from toolkit.formatting import format_percent, round_half_up

    assert format_percent(0.1225, 1) == "12,3\u202f%"  # an f-string would give 12,2 (half to even, binary noise)
    assert format_percent(1 / 8, 1) == "12,5\u202f%" and format_percent(0, 1) == "0,0\u202f%"
    assert format_percent(1, 1) == "100,0\u202f%"
    assert (round_half_up(12.5), round_half_up(0.145 * 100), round_half_up(-12.5)) == (13, 15, -13)
