"""The demo data, loaded once for this module (and rolled back afterwards): the OZG catalogue 2019, named as such,
with each Leistung carried out by the body its subject belongs to (an Amt of the city, or Land, Bund …); the deck's
changes between the two Erhebungen (Abgeschlossen +2, Umsetzung +1, Digitalisierungsfabrik −7, Wartend −8) and its
OZG-Monitor figures of KW 19/2022; Fallzahlen that say what they are; about 300 rated services; every page renders.

One module, so that the whole suite builds the demo only once."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from catalog.demo.erhebungen import build_erhebungen
from catalog.demo.users import DEMO_PASSWORD
from catalog.models import (
    Amt,
    Erhebung,
    Leistung,
    Leistungsbuendel,
    OzgMonitorWert,
    StatusAenderung,
    StatusBedeutung,
    Vollzugsebene,
)
from catalog.selectors import (
    bewegungen,
    erhebung_stand,
    erhebungen_uebersicht,
    fallzahl_summe,
    monitor_vergleich,
    status_stand,
    trichter,
    vergleich,
    wiesbaden_heute,
)
from scorecard.demo import ANZAHL, UNBEWERTET, UNVOLLSTAENDIG
from scorecard.models import Bewertung
from scorecard.selectors import rangliste
from tests.dashboard.conftest import text_von


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo, loaded once for this module; yields what the loader printed."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=out)
        # The demo's foreign keys checked once, here, as a commit would: PostgreSQL defers them to the end of the
        # transaction, and each test's teardown (Django's TestCase) would otherwise check all of them again.
        connection.check_constraints()
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def erhebungen(demo, db):
    return list(Erhebung.objects.order_by("stichtag"))


@pytest.fixture
def leitung_demo(demo, db, client):
    client.force_login(User.objects.get(username="leitung"))
    return client


def status_counts_as_of(day):
    """Independent of the selectors: each Wiesbaden Leistung's latest change up to ``day``, in Python."""
    latest = {}
    rows = StatusAenderung.objects.filter(leistung__von_wiesbaden_umzusetzen=True, gueltig_ab__lte=day)
    for row in rows.order_by("gueltig_ab", "erfasst_am", "id").select_related("neuer_status"):
        latest[row.leistung_id] = row.neuer_status.bezeichnung
    return Counter(latest.values())


def test_the_demo_reproduces_the_decks_figures_and_loads_idempotently(demo, db):

    kommune = Leistung.objects.filter(vollzugsebene=Vollzugsebene.KOMMUNE)
    wiesbaden = Leistung.objects.filter(von_wiesbaden_umzusetzen=True)
    assert (kommune.count(), kommune.values("buendel").distinct().count()) == (466, 197)
    assert (wiesbaden.count(), wiesbaden.values("buendel").distinct().count()) == (450, 187)
    assert Leistung.objects.count() == 1812  # every Leistungsobjekt (key ending 000 000) of the 2019 data
    assert not Leistung.objects.exclude(leika_schluessel__endswith="000000").exists()
    assert Leistungsbuendel.objects.count() == 557

    dez, mai = status_counts_as_of(dt.date(2021, 12, 1)), status_counts_as_of(dt.date(2022, 5, 15))
    deltas = {label: mai[label] - dez[label] for label in dez | mai}
    assert deltas == {
        "Abgeschlossen": 2,
        "Umsetzung": 1,
        "Digitalisierungsfabrik": -7,
        "Wartend": -8,
        "Nicht relevant": 12,
    }
    # weekly movement so that a trend exists: changes in most weeks since 2021
    weeks = {row.isocalendar()[:2] for row in StatusAenderung.objects.values_list("gueltig_ab", flat=True)}
    assert len(weeks) > 150

    # every Wiesbaden Leistung has a current status equal to its latest history row
    assert not wiesbaden.filter(status__isnull=True).exists()
    assert status_counts_as_of(dt.date.today()) == Counter(wiesbaden.values_list("status__bezeichnung", flat=True))

    aemter = set(Amt.objects.values_list("nummer", flat=True))
    assert {15, 33, 51} <= aemter and 12 <= len(aemter) <= 18
    assert 30 <= Leistungsbuendel.objects.filter(ozg_booster=True).exclude(umsetzendes_land="").count() <= 40
    assert Leistung.objects.filter(reifegrad__isnull=False).count() > 350

    for username in ("redaktion", "amtsleitung33", "amtsleitung51", "leitung"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert f"Passwort für alle: {DEMO_PASSWORD}" in demo

    before = (Leistung.objects.count(), StatusAenderung.objects.count())
    call_command("load_demo_data", stdout=StringIO())
    assert (Leistung.objects.count(), StatusAenderung.objects.count()) == before


def test_the_demo_makes_the_decks_two_erhebungen_taken_a_few_days_after_their_stichtag(erhebungen):
    assert [(e.name, e.stichtag, f"{timezone.localtime(e.erstellt_am):%d.%m.%Y %H:%M}") for e in erhebungen] == [
        ("Erhebungsstand Dez. 2021", dt.date(2021, 12, 1), "03.12.2021 10:15"),
        ("Erhebungsstand Mai 2022", dt.date(2022, 5, 15), "17.05.2022 09:40"),
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
    listen = {art.value: liste[0:100] for art, liste in bewegungen(alt=dez, neu=mai).items()}
    # the twelve missing ones left the base: all to "Nicht relevant"
    assert len(listen["weggefallen"]) == 12
    assert {b.nach for b in listen["weggefallen"]} == {"Nicht relevant"}
    assert sorted(b.von for b in listen["weggefallen"]).count("Digitalisierungsfabrik") == 7
    assert listen["hinzugekommen"] == []
    assert (
        sorted((b.von, b.nach) for b in listen["geaendert"])
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


def test_the_demo_funnel_names_the_catalogue_it_counts(demo, db):
    assert [(s.bezeichnung, s.leistungsbuendel, s.leistungen) for s in trichter()] == [
        ("OZG-Katalog 2019 (bundesweit, Demodaten)", 557, 1812),
        ("den Kommunen zugeordnet", 197, 466),
        ("von Wiesbaden umzusetzen", 187, 450),
    ]
    assert "Stand 31.12.2019, Quelle: OZG-Datenbank NRW" in trichter()[0].beschreibung


# What a head of each Amt finds in the list, and what is nobody's in Wiesbaden.
ZUSTAENDIG = {
    "Personalausweis": 33,
    "Reisepass": 33,
    "Wohnsitz": 33,
    "Aufenthaltserlaubnis": 33,
    "Geburtsurkunde": 34,
    "Eheschließung": 34,
    "Sterbeurkunde": 34,
    "Kraftfahrzeug": 32,
    "Führerschein": 32,
    "Gewerbe": 32,
    "Waffenbesitzkarte": 32,
    "Hundesteuer": 20,
    "Gewerbesteuer": 20,
    "Briefwahl": 10,
    "Sperrmüll": 36,
    "Baumfällgenehmigung": 36,
    "Notfallrettung": 37,
    "Schülerbeförderung": 40,
    "Bibliotheksausweis": 41,
    "Wohngeld": 50,
    "Arbeitslosengeld II": 50,
    "Kindertagesstätte": 51,
    "Unterhaltsvorschuss": 51,
    "Impfung": 53,
    "Flächennutzungsplan": 61,
    "Baugenehmigung": 63,
    "Sondernutzung von Straßen": 66,
    "Bestattung": 67,
    "Standplatzgenehmigung": 80,
}
NICHT_WIESBADEN = {
    "Erlaubnis zum Führen eines Luftfahrzeuges": Vollzugsebene.LAND,
    "Betrieb von unbemannten Luftfahrtsystemen und Flugmodellen": Vollzugsebene.LAND,
    "Luftfahrzeugregister": Vollzugsebene.BUND,
    "Kindergeld": Vollzugsebene.BUND,
    "Elterngeld": Vollzugsebene.LAND,
    "Arbeitslosengeld": Vollzugsebene.BUND,
    "Apothekennotdienst": Vollzugsebene.LAND,
    "Krisenvorsorgeliste": Vollzugsebene.BUND,
    "Blindengeld": Vollzugsebene.KOMMUNE,  # Landeswohlfahrtsverband Hessen, not the city
}


def test_each_amt_carries_out_what_its_subject_is_and_the_city_nothing_it_does_not_do(demo, db):
    leistungen = {le.bezeichnung: le for le in Leistung.objects.select_related("amt")}

    assert {name: leistungen[name].amt.nummer for name in ZUSTAENDIG} == ZUSTAENDIG
    assert all(leistungen[name].von_wiesbaden_umzusetzen for name in ZUSTAENDIG)
    assert {name: leistungen[name].vollzugsebene for name in NICHT_WIESBADEN} == NICHT_WIESBADEN
    assert not any(leistungen[name].von_wiesbaden_umzusetzen or leistungen[name].amt for name in NICHT_WIESBADEN)
    wiesbaden = Leistung.objects.filter(von_wiesbaden_umzusetzen=True)
    assert not wiesbaden.filter(amt__isnull=True).exists()
    assert not wiesbaden.filter(leika_typ__in=["1", "1, 2"]).exists()  # the Bund regulates and carries these out
    assert not wiesbaden.filter(bezeichnung__icontains="luftfahr").exists()
    assert not Leistung.objects.filter(amt__isnull=False, von_wiesbaden_umzusetzen=False).exists()


def test_fallzahlen_say_what_they_are(demo, db):
    """Nationwide figures are kept apart (never summed as Wiesbaden's); Wiesbaden's applications a year are its own
    or an estimate by population share, in a size a city of 278,000 can have."""
    assert Leistung.objects.filter(antraege_bundesweit__gt=1_000_000).count() == 10
    assert not Leistung.objects.filter(antraege_pro_jahr__gt=100_000).exists()
    basis = Leistung.objects.filter(wiesbaden_heute())
    summe = fallzahl_summe(basis)
    assert 100_000 < summe.antraege < 300_000  # not the 6.38 million of the nationwide figures
    geschaetzt = [
        round(le.antraege_bundesweit * 278_000 / 84_000_000)
        for le in basis.filter(antraege_pro_jahr__isnull=True, antraege_bundesweit__isnull=False)
    ]
    assert len(geschaetzt) >= 2 and (summe.leistungen_geschaetzt, summe.antraege_geschaetzt) == (
        len(geschaetzt),
        sum(geschaetzt),
    )
    assert summe.antraege == sum(
        basis.exclude(antraege_pro_jahr=None).values_list("antraege_pro_jahr", flat=True)
    ) + sum(geschaetzt)


def test_the_demo_records_the_decks_ozg_monitor_figures_of_kw_19_2022(demo, db):
    werte = {(w.jahr, w.kw, w.ebene): (w.online, w.gesamt) for w in OzgMonitorWert.objects.all()}
    woche = monitor_vergleich(bis=dt.date(2022, 5, 15)).letzte

    assert werte == {(2022, 19, "land"): (210, 426), (2022, 19, "kommunen"): (139, 314)}
    assert (woche.bezeichnung, woche.hessen.online, woche.hessen.gesamt, woche.hessen.noch_umzusetzen) == (
        "KW 19/2022",
        349,
        740,
        391,
    )
    assert round(woche.hessen.anteil * 100) == 47
    assert (woche.wiesbaden.online, woche.wiesbaden.gesamt) == (
        status_stand(stichtag=dt.date(2022, 5, 15)).online,
        status_stand(stichtag=dt.date(2022, 5, 15)).anzahl,
    )


def test_making_the_demo_erhebungen_and_rounds_again_changes_nothing(erhebungen):
    import random

    from erhebungsrunde.demo import runden_anlegen
    from erhebungsrunde.models import Erhebungsrunde, RundenEintrag

    vorher = (RundenEintrag.objects.exclude(antwort="").count(), Erhebungsrunde.objects.count())
    assert build_erhebungen() == erhebungen[:1]  # Dez. 2021; "Mai 2022" closes the demo's round
    assert [r.name for r in runden_anlegen(rng=random.Random(1))][0] == "Erhebungsstand Mai 2022"
    assert Erhebung.objects.count() == 2
    assert (RundenEintrag.objects.exclude(antwort="").count(), Erhebungsrunde.objects.count()) == vorher


def test_the_may_2022_erhebung_closes_a_round_with_a_realistic_response_pattern(erhebungen):
    from erhebungsrunde.models import Erhebungsrunde
    from erhebungsrunde.selectors import erhebungsrunde_fortschritt

    mai = Erhebungsrunde.objects.get(name="Erhebungsstand Mai 2022")
    assert (mai.offen, mai.erhebung, mai.frist, mai.stichtag) == (
        False,
        erhebungen[1],
        dt.date(2022, 5, 13),
        dt.date(2022, 5, 15),
    )
    fortschritt = erhebungsrunde_fortschritt(mai)
    lage = {a.nummer: (a.offen, a.nach_frist, a.verspaetet) for a in fortschritt.aemter}
    assert {n for n, (_, _, spaet) in lage.items() if spaet} == {32, 50, 63}  # one late, two left some unanswered
    assert lage[32][0] == 0 and lage[32][1] > 0
    assert (lage[50][0], lage[63][0]) == (3, 2)
    assert len(lage) >= 12 and sum(1 for offen, nach, _ in lage.values() if not offen and not nach) >= 10
    wer = {a.nummer: [p.name for p in a.antwortende] for a in fortschritt.aemter}
    assert (wer[33], wer[51], wer[32]) == (
        ["Anton Amtsleitung (Amt 33)"],
        ["Berta Amtsleitung (Amt 51)"],
        ["Rita Redaktion"],
    )


def test_the_demo_has_an_open_round_with_work_for_both_amtsleitungen(demo, db):
    from erhebungsrunde.models import Erhebungsrunde
    from erhebungsrunde.selectors import erhebungsrunde_fortschritt

    offen = Erhebungsrunde.objects.get(offen=True)
    heute = timezone.localdate()
    assert (offen.stichtag, offen.frist) == (heute, heute + dt.timedelta(days=10))
    je_amt = {a.nummer: a for a in erhebungsrunde_fortschritt(offen).aemter}
    assert je_amt[33].offen == je_amt[33].gefragt > 0 and je_amt[51].offen == je_amt[51].gefragt > 0
    assert je_amt[10].offen == 0 and 0 < je_amt[36].beantwortet < je_amt[36].gefragt
    assert {u.email for u in User.objects.all()} == {
        f"{name}@wiesbaden.example" for name in ("redaktion", "amtsleitung33", "amtsleitung51", "leitung")
    }


def test_the_demo_rates_300_services_and_the_ranking_shows_complete_and_incomplete_ones(demo, db):

    rated = Bewertung.objects.values("leistung").distinct()
    assert rated.count() == ANZAHL
    assert not Bewertung.objects.exclude(leistung__von_wiesbaden_umzusetzen=True).exists()
    assert not Bewertung.objects.filter(leistung__status__bedeutung=StatusBedeutung.AUSSER_BETRACHT).exists()
    assert f"Scorecard: {ANZAHL} Leistungen bewertet, davon {UNVOLLSTAENDIG} unvollständig." in demo

    daten = rangliste()
    incomplete = [z for z in daten.zeilen if not z.ergebnis.vollstaendig]
    unrated = [z for z in incomplete if z.ergebnis.beantwortet == 0]
    assert len(unrated) == UNBEWERTET
    assert len(incomplete) == UNBEWERTET + UNVOLLSTAENDIG
    assert daten.anzahl_vollstaendig_basis == daten.anzahl_basis - UNBEWERTET - UNVOLLSTAENDIG > 100
    assert daten.zeilen[0].rang == 1 and daten.zeilen[-1].rang is None


def test_the_demo_plans_by_capacities_from_2022_on_and_forecasts_a_week_of_100_percent(demo, db):
    from planung.plan import Einplanung
    from planung.selectors import prognose, umsetzungsplan

    assert "Umsetzungsplanung: Kapazitäten für" in demo and "(Q1/2022 bis " in demo and "4 Vorgaben." in demo
    plan = umsetzungsplan()
    assert {z.einplanung for z in plan.zeilen} == set(Einplanung)
    assert any(a.letztes_quartal for a in plan.aemter) and any(a.ohne_quartal for a in plan.aemter)
    assert any(s.online < s.geplant for s in plan.soll_ist) and plan.frist_verfehlt
    p = prognose()
    assert p.tempo > 0 and p.ziel is not None and p.ziel_frueh < p.ziel


def test_every_page_renders_for_management_with_the_demo(leitung_demo):
    mai = Erhebung.objects.get(name="Erhebungsstand Mai 2022")
    leistung = Leistung.objects.filter(von_wiesbaden_umzusetzen=True).order_by("-antraege_pro_jahr").first()
    for url in [
        reverse("dashboard:uebersicht"),
        reverse("dashboard:aemter"),
        reverse("dashboard:amt", args=[33]),
        reverse("dashboard:leistungen"),
        reverse("dashboard:leistung", args=[leistung.leika_schluessel]),
        reverse("dashboard:efa"),
        reverse("dashboard:online_dienste"),
        reverse("dashboard:fallzahlen"),
        reverse("dashboard:erhebungen"),
        reverse("dashboard:erhebung", args=[mai.pk]),
    ]:
        assert leitung_demo.get(url).status_code == 200, url


def test_the_demo_has_online_services_on_every_platform_and_gaps_in_the_demo_users_aemter(demo, db):
    from catalog.selectors import online_dienst_erfasst, online_dienste_nach_plattform, online_luecke

    zahlen = online_dienste_nach_plattform(Leistung.objects.filter(online_dienst_erfasst()))
    je_plattform = {z.plattform: z.gesamt for z in zahlen.zeilen}
    assert all(je_plattform[p] >= 5 for p in ("civento", "efa", "eigen", "andere")), je_plattform
    assert all(n >= 10 for n in zahlen.je_konto[:3]), zahlen.je_konto  # Servicekonto, Nutzerkonto Bund, keine
    assert zahlen.abzuloesen >= 20
    offen_mit_plattform = Leistung.objects.filter(status__bedeutung=StatusBedeutung.IN_ARBEIT).exclude(
        online_plattform=""
    )
    assert offen_mit_plattform.count() >= 10
    luecken = Leistung.objects.filter(online_luecke())
    assert sorted(luecken.values_list("amt__nummer", flat=True)) == [33, 51]


def test_the_overview_on_the_may_2022_erhebung_shows_the_decks_figures(leitung_demo):
    response = leitung_demo.get(reverse("dashboard:uebersicht"), {"stichtag": "2022-05-15"})

    status = response.context["charts"][0]
    assert {zeile[0]: zeile[3] for zeile in status.table.rows} == {
        "Abgeschlossen": "+2",
        "Umsetzung": "+1",
        "Digitalisierungsfabrik": "\u22127",
        "Wartend": "\u22128",
    }
    assert "Änderung seit Erhebungsstand Dez. 2021 (01.12.2021)" in status.subtitle
    trichter = next(d for d in response.context["charts"] if d.slug == "trichter").table.rows
    assert trichter == [
        ["OZG-Katalog 2019 (bundesweit, Demodaten)", "557", "1.812"],
        ["den Kommunen zugeordnet", "197", "466"],
        ["von Wiesbaden umzusetzen", "187", "450"],
    ]
    assert "Stand 15.05.2022 (KW 19/2022)" in text_von(response)


def test_the_may_2022_erhebung_page_shows_the_decks_changes(leitung_demo):
    mai = Erhebung.objects.get(name="Erhebungsstand Mai 2022")

    text = text_von(leitung_demo.get(reverse("dashboard:erhebung", args=[mai.pk])))

    assert (
        "gegenüber Erhebungsstand Dez. 2021 (01.12.2021): Abgeschlossen +2, Umsetzung +1, "
        "Digitalisierungsfabrik \u22127, Wartend \u22128" in text
    )


def test_the_demo_assesses_a_few_dozen_online_services_against_the_servicestandard(demo, leitung_demo):
    from servicestandard.demo import ANZAHL as GEPRUEFT
    from servicestandard.demo import UNVOLLSTAENDIG as OFFEN
    from servicestandard.selectors import pruefbare_leistungen, servicestandard_stand

    stand = servicestandard_stand()
    assert len(stand.leistungen) == GEPRUEFT and GEPRUEFT - stand.vollstaendig == OFFEN
    assert f"Servicestandard: {GEPRUEFT} Online-Dienste geprüft, davon {OFFEN} unvollständig." in demo
    assert {z.id for z in stand.leistungen} <= set(pruefbare_leistungen().values_list("pk", flat=True))
    assert {33, 51} <= {a.nummer for a in stand.aemter}
    # every kind of result occurs, and the figures the JSON gives are the selector's
    assert min(stand.gesamt.erfuellt, stand.gesamt.teilweise, stand.gesamt.nicht_erfuellt) > 50
    assert stand.gesamt.nicht_anwendbar > 0
    daten = leitung_demo.get(reverse("servicestandard:daten_json")).json()
    assert daten["gesamt"] == stand.gesamt.als_dict()


def test_the_foliensatz_for_15_05_2022_shows_the_decks_four_changes_in_an_editable_chart(leitung_demo):
    """Done when of issue #14: compared with "Erhebungsstand Dez. 2021", +2/+1/−7/−8 as chart data."""
    import io

    from pptx import Presentation

    dez = Erhebung.objects.get(name="Erhebungsstand Dez. 2021")
    response = leitung_demo.get(reverse("dashboard:foliensatz"), {"stichtag": "15.05.2022", "vergleich": dez.pk})

    assert response.status_code == 200
    charts = {
        shape.name: shape.chart
        for folie in Presentation(io.BytesIO(response.content)).slides
        for shape in folie.shapes
        if shape.has_chart
    }
    aenderung = charts["Änderung seit der Erhebung"].plots[0]
    assert dict(zip(aenderung.categories, aenderung.series[0].values, strict=True)) == {
        "Abgeschlossen": 2,
        "Umsetzung": 1,
        "Digitalisierungsfabrik": -7,
        "Wartend": -8,
    }
    trichter_ = charts["Trichter"].plots[0]
    assert list(trichter_.categories)[0] == "OZG-Katalog 2019 (bundesweit, Demodaten)"
    monitor = charts["OZG-Monitor und Wiesbaden"].plots[0]
    assert list(monitor.categories) == ["KW 19/2022"]
