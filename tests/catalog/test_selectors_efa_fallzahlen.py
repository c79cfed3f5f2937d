"""EfA progress and Fallzahl sums as plain answers, without HTTP (the pages are tested in tests/dashboard)."""

import datetime as dt

import pytest

from catalog.models import Leistung, Leistungsbuendel, Themenfeld
from catalog.selectors import (
    efa_buendel,
    efa_fortschritt_am,
    fallzahl_herleitung,
    fallzahl_schaetzung,
    fallzahl_summe,
    groesste_fallzahlen_am,
    groesste_offene,
    mit_fallzahl,
    wiesbaden_heute,
)
from catalog.services import leistung_status_setzen

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
        leistung_status_setzen(leistung=leistung, status=statuses[status], gueltig_ab=D(2022, 3, 1))
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
    leistung_status_setzen(leistung=fallzahlen["offen"], status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 6, 1))

    before = groesste_fallzahlen_am(D(2022, 5, 15), anzahl=2)
    after = groesste_fallzahlen_am(D(2022, 6, 1), anzahl=2)

    assert [(z.bezeichnung, z.fallzahl, z.geschaetzt, z.status, z.online) for z in before] == [
        ("online", 1000, False, "Abgeschlossen", True),
        ("offen", 300, False, "Umsetzung", False),
    ]
    assert [(z.bezeichnung, z.status, z.online) for z in after][1] == ("offen", "Abgeschlossen", True)


def test_top_fallzahlen_on_a_date_also_when_most_of_the_largest_were_out_of_scope_then(make_leistung, statuses, today):
    """Twelve large ones were "Nicht relevant" on the date (more than the candidates read first), later not."""
    for n in range(12):
        leistung = make_leistung(bezeichnung=f"gross {n}", antraege_pro_jahr=10_000 + n)
        leistung_status_setzen(leistung=leistung, status=statuses["Nicht relevant"], gueltig_ab=D(2022, 1, 3))
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2022, 6, 1))
    for name, antraege in (("mittel", 500), ("klein", 50)):
        leistung = make_leistung(bezeichnung=name, antraege_pro_jahr=antraege)
        leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=D(2022, 1, 3))

    assert [z.bezeichnung for z in groesste_fallzahlen_am(D(2022, 5, 15), anzahl=2)] == ["mittel", "klein"]
    assert [z.bezeichnung for z in groesste_fallzahlen_am(D(2022, 6, 1), anzahl=2)] == ["gross 11", "gross 10"]
    assert [z.status for z in groesste_fallzahlen_am(today, anzahl=3)] == ["Wartend"] * 3


def test_efa_progress_per_buendel_and_overdue(make_leistung, statuses):
    kindergeld = Leistungsbuendel.objects.create(
        ozg_id="10005",
        name="Kindergeld",
        themenfeld=Themenfeld.objects.get(name="Familie & Kind"),
        efa=True,
        rollout_frist=D(2022, 12, 31),
    )
    for status in ("Abgeschlossen", "Wartend", "Nicht relevant"):
        leistung_status_setzen(
            leistung=make_leistung(buendel=kindergeld), status=statuses[status], gueltig_ab=D(2022, 3, 1)
        )

    vorher = efa_buendel(heute=D(2022, 12, 31)).get()
    danach = efa_buendel(heute=D(2023, 1, 1)).get()

    assert (vorher.umzusetzen, vorher.erledigt, vorher.anteil_erledigt, vorher.ueberfaellig) == (2, 1, 0.5, False)
    assert danach.ueberfaellig is True


def test_a_nationwide_figure_becomes_an_estimate_for_wiesbaden_by_population_share(make_leistung, statuses):
    """2,400,000 applications nationwide × 278,000 / 84,000,000 inhabitants = 7,942.86 → 7,943 in Wiesbaden; an
    own figure of the Ämter wins over the estimate; the nationwide figure is never shown as Wiesbaden's."""
    geschaetzt = make_leistung(bezeichnung="Meldebestätigung", antraege_bundesweit=2_400_000)
    eigen = make_leistung(bezeichnung="Personalausweis", antraege_pro_jahr=24_000, antraege_bundesweit=8_000_000)
    ohne = make_leistung(bezeichnung="ohne Zahl")
    for leistung in (geschaetzt, eigen, ohne):
        leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=D(2022, 3, 1))

    werte = {le.bezeichnung: (le.fallzahl, le.fallzahl_geschaetzt) for le in mit_fallzahl(Leistung.objects.all())}
    top = groesste_fallzahlen_am(D(2022, 5, 15))

    assert werte == {"Meldebestätigung": (7943, True), "Personalausweis": (24_000, False), "ohne Zahl": (None, False)}
    assert fallzahl_schaetzung(2_400_000) == 7943 and fallzahl_schaetzung(2_100_000) == 6950
    assert fallzahl_herleitung(2_400_000) == (
        "geschätzt nach Bevölkerungsanteil: 2.400.000 Anträge bundesweit × 278.000 Einwohner Wiesbadens / "
        "84.000.000 Einwohner Deutschlands"
    )
    assert [(t.bezeichnung, t.fallzahl, t.geschaetzt, t.bundesweit) for t in top] == [
        ("Personalausweis", 24_000, False, 8_000_000),
        ("Meldebestätigung", 7943, True, 2_400_000),
    ]
    assert top[1].herleitung.startswith("geschätzt nach Bevölkerungsanteil: 2.400.000")
    assert top[0].herleitung == "von den Ämtern erfasst"
    summe = fallzahl_summe(Leistung.objects.filter(wiesbaden_heute()))
    assert (summe.antraege, summe.antraege_geschaetzt, summe.leistungen_geschaetzt) == (31_943, 7943, 1)


def test_efa_progress_on_a_date_reads_the_statuses_then_and_today_agrees_with_the_efa_page(make_leistung, statuses):
    buendel = Leistungsbuendel.objects.create(
        ozg_id="10005",
        name="Kindergeld",
        themenfeld=Themenfeld.objects.get(name="Familie & Kind"),
        efa=True,
        ozg_booster=True,
        rollout_frist=D(2022, 12, 31),
    )
    erste, zweite = make_leistung(buendel=buendel), make_leistung(buendel=buendel)
    for leistung in (erste, zweite):
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2022, 1, 3))
    leistung_status_setzen(leistung=erste, status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 6, 1))
    leistung_status_setzen(leistung=zweite, status=statuses["Nicht relevant"], gueltig_ab=D(2023, 2, 1))

    def zahlen(tag):
        (b,) = efa_fortschritt_am(tag)
        return (b.ozg_id, b.ozg_booster, b.umzusetzen, b.erledigt, b.ueberfaellig)

    assert zahlen(D(2022, 5, 15)) == ("10005", True, 2, 0, False)
    assert zahlen(D(2023, 1, 15)) == ("10005", True, 2, 1, True)
    heute = efa_buendel(heute=D.today()).get()
    assert (
        zahlen(D.today())
        == ("10005", True, heute.umzusetzen, heute.erledigt, heute.ueberfaellig)
        == (
            "10005",
            True,
            1,
            1,
            False,
        )
    )
