"""EfA progress and Fallzahl sums as plain answers, without HTTP (the pages are tested in tests/dashboard)."""

import datetime as dt

import pytest

from catalog.models import Leistung, Leistungsbuendel, Themenfeld
from catalog.selectors import efa_buendel, fallzahl_summe, groesste_fallzahlen_am, groesste_offene, wiesbaden_heute
from catalog.services import leistung_set_status

D = dt.date


@pytest.fixture
def fallzahlen(make_leistung, statuses):
    """Online 1,000 a year; open 300 and 50; out of scope 9,999; not Wiesbaden's 7,777; without Fallzahl."""
    werte = {}
    for name, antraege, status, wiesbaden in [
        ("online", 1000, "Abgeschlossen", True),
        ("offen", 300, "Umsetzung", True),
        ("klein", 50, "Wartend", True),
        ("ausser", 9999, "Nicht relevant", True),
        ("fremd", 7777, "Umsetzung", False),
        ("ohne", None, "Umsetzung", True),
    ]:
        leistung = make_leistung(bezeichnung=name, antraege_pro_jahr=antraege, von_wiesbaden_umzusetzen=wiesbaden)
        leistung_set_status(leistung=leistung, status=statuses[status], gueltig_ab=D(2022, 3, 1))
        werte[name] = leistung
    return werte


def test_fallzahl_sums_count_wiesbadens_base_today(fallzahlen):
    summe = fallzahl_summe(Leistung.objects.filter(wiesbaden_heute()))

    assert (summe.leistungen, summe.leistungen_mit_fallzahl, summe.leistungen_online) == (4, 3, 1)
    assert (summe.antraege, summe.antraege_online, summe.antraege_offen) == (1350, 1000, 350)
    assert summe.anteil_online == pytest.approx(1000 / 1350)


def test_the_largest_open_ones_exclude_online_and_out_of_scope(fallzahlen):
    offene = groesste_offene(Leistung.objects.filter(wiesbaden_heute()), anzahl=10)

    assert [leistung.bezeichnung for leistung in offene] == ["offen", "klein"]


def test_the_largest_fallzahlen_on_a_date_show_the_status_then(fallzahlen, statuses):
    leistung_set_status(leistung=fallzahlen["offen"], status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 6, 1))

    before = groesste_fallzahlen_am(D(2022, 5, 15), anzahl=2)
    after = groesste_fallzahlen_am(D(2022, 6, 1), anzahl=2)

    assert [(z.bezeichnung, z.antraege_pro_jahr, z.status, z.online) for z in before] == [
        ("online", 1000, "Abgeschlossen", True),
        ("offen", 300, "Umsetzung", False),
    ]
    assert [(z.bezeichnung, z.status, z.online) for z in after][1] == ("offen", "Abgeschlossen", True)


def test_efa_progress_per_buendel_and_overdue(make_leistung, statuses):
    kindergeld = Leistungsbuendel.objects.create(
        ozg_id="10005",
        name="Kindergeld",
        themenfeld=Themenfeld.objects.get(name="Familie & Kind"),
        efa=True,
        rollout_frist=D(2022, 12, 31),
    )
    for status in ("Abgeschlossen", "Wartend", "Nicht relevant"):
        leistung_set_status(
            leistung=make_leistung(buendel=kindergeld), status=statuses[status], gueltig_ab=D(2022, 3, 1)
        )

    vorher = efa_buendel(heute=D(2022, 12, 31)).get()
    danach = efa_buendel(heute=D(2023, 1, 1)).get()

    assert (vorher.umzusetzen, vorher.erledigt, vorher.anteil_erledigt, vorher.ueberfaellig) == (2, 1, 0.5, False)
    assert danach.ueberfaellig is True
