"""The ranking and the breakdown, read through the selectors (no HTTP)."""

from decimal import Decimal

from catalog.services import leistung_status_setzen
from scorecard.models import Bereich, Kriterium, Option
from scorecard.selectors import bewertung_aufschluesselung, offene_leistungen, rangliste, rangliste_spitze

from .conftest import (
    BEISPIEL,
    BESTE,
    ERLEICHTERUNG,
    NACHNUTZUNG,
    NUR_KOMPLEXITAET,
    NUR_RELEVANZ,
    SCHLECHTESTE,
    WICHTIGKEIT,
)


def _keys(daten):
    return [z.leika_schluessel for z in daten.zeilen]


def test_the_worked_example_is_ranked_with_71_7(scorecard, leistung):
    scorecard.bewerte(leistung, BEISPIEL)

    (zeile,) = rangliste().zeilen

    assert zeile.rang == 1
    assert zeile.ergebnis.anzeige == "71,7"
    werte = {b.name: zeile.bereichswert(b.id).wert for b in rangliste().bereiche}
    assert [round(float(w), 3) for w in werte.values()] == [0.833, 1.0, 0.333]


def test_the_breakdown_shows_each_criterion_option_points_area_scores_weights_and_total(scorecard, leistung):
    scorecard.bewerte(leistung, BEISPIEL)

    aufschluesselung = bewertung_aufschluesselung(leistung)

    relevanz, fachbereich, komplexitaet = aufschluesselung.bereiche
    assert (relevanz.name, relevanz.gewicht_text, relevanz.punkte_text, relevanz.wert_text) == (
        "Relevanz für Bürger",
        "50\u202f%",
        "15 von 18 Punkte",
        "83,3\u202f%",
    )
    assert relevanz.beitrag_text == "41,7"
    assert [(k.name, k.option, k.punkte_text) for k in relevanz.kriterien] == [
        ("Grad der Erleichterung", "hoch", "6 von 6 Punkte"),
        ("Gesellschaftspolitische Wichtigkeit", "hoch", "6 von 6 Punkte"),
        ("Medienkompetenz der Zielgruppe", "mittel", "3 von 6 Punkte"),
    ]
    assert (fachbereich.wert_text, komplexitaet.wert_text, komplexitaet.beitrag_text) == (
        "100,0\u202f%",
        "33,3\u202f%",
        "10,0",
    )
    assert aufschluesselung.gesamt_text == "71,7"
    assert aufschluesselung.hat_vorschlaege


def test_an_incomplete_rating_has_no_total_and_comes_after_every_complete_one(scorecard, make_leistung):
    unvollstaendig = make_leistung(antraege_pro_jahr=10**6)
    schlecht = make_leistung()
    scorecard.bewerte(unvollstaendig, {k: v for k, v in BESTE.items() if k not in (WICHTIGKEIT, NACHNUTZUNG)})
    scorecard.bewerte(schlecht, SCHLECHTESTE)

    daten = rangliste()

    assert _keys(daten) == [schlecht.leika_schluessel, unvollstaendig.leika_schluessel]
    letzte = daten.zeilen[-1]
    assert letzte.rang is None
    assert letzte.ergebnis.anzeige == "unvollständig (6 von 8 Kriterien)"
    assert bewertung_aufschluesselung(unvollstaendig).gesamt_text == "unvollständig (6 von 8 Kriterien)"


def test_ties_are_broken_by_relevance_then_fallzahl_then_key(scorecard, make_leistung):
    # Both total 50: one from Relevanz alone, one from 25 + 20 + 5. Relevanz decides, not Fallzahl nor key.
    gemischt = make_leistung(antraege_pro_jahr=9_999)
    relevanz = make_leistung(antraege_pro_jahr=1)
    scorecard.bewerte(relevanz, NUR_RELEVANZ)
    scorecard.bewerte(
        gemischt,
        {
            **SCHLECHTESTE,
            ERLEICHTERUNG: "hoch",
            WICHTIGKEIT: "mittel",
            "Medienbruchfreie Bearbeitung realisierbar?": "mit vorhandenen Tools",
            "Grad der Entlastung des Fachbereichs": "hoch",
            "Technischer Aufwand": "mittel",
        },
    )
    # Same total and Relevanz: the higher Fallzahl first, then the lower key; no Fallzahl counts lowest.
    ohne_fallzahl = make_leistung(antraege_pro_jahr=None)
    klein = make_leistung(antraege_pro_jahr=100)
    gross_b = make_leistung(antraege_pro_jahr=5000)
    gross_a = make_leistung(antraege_pro_jahr=5000, leika_schluessel="99000000000000")
    for leistung in (ohne_fallzahl, klein, gross_b, gross_a):
        scorecard.bewerte(leistung, BEISPIEL)

    daten = rangliste()

    assert [z.ergebnis.anzeige for z in daten.zeilen] == ["71,7"] * 4 + ["50,0"] * 2
    assert _keys(daten) == [
        gross_a.leika_schluessel,
        gross_b.leika_schluessel,
        klein.leika_schluessel,
        ohne_fallzahl.leika_schluessel,
        relevanz.leika_schluessel,
        gemischt.leika_schluessel,
    ]
    assert [z.rang for z in daten.zeilen] == [1, 2, 3, 4, 5, 6]


def test_a_changed_weight_reranks_at_once(scorecard, make_leistung):
    buergernah = make_leistung()
    einfach = make_leistung()
    scorecard.bewerte(buergernah, NUR_RELEVANZ)
    scorecard.bewerte(einfach, NUR_KOMPLEXITAET)
    assert _keys(rangliste()) == [buergernah.leika_schluessel, einfach.leika_schluessel]

    gewichte = {"Relevanz für Bürger": 20, "Wichtigkeit für den Fachbereich": 20, "Umsetzungskomplexität": 60}
    for bereich in Bereich.objects.all():
        bereich.gewicht = Decimal(gewichte[bereich.name])
        bereich.save()

    daten = rangliste()
    assert _keys(daten) == [einfach.leika_schluessel, buergernah.leika_schluessel]
    assert [z.ergebnis.anzeige for z in daten.zeilen] == ["60,0", "20,0"]


def test_a_new_criterion_makes_every_rating_incomplete_until_it_is_answered(scorecard, leistung):
    scorecard.bewerte(leistung, BEISPIEL)
    neu = Kriterium.objects.create(bereich=Bereich.objects.get(name="Umsetzungskomplexität"), name="Neu")
    Option.objects.create(kriterium=neu, bezeichnung="ja", punkte=1)
    Option.objects.create(kriterium=neu, bezeichnung="nein", punkte=0)

    assert rangliste().zeilen[0].ergebnis.anzeige == "unvollständig (8 von 9 Kriterien)"


def test_the_base_is_wiesbadens_open_services(scorecard, make_leistung, statuses, a_date):
    offen = make_leistung()
    ohne_status = make_leistung()
    erledigt = make_leistung()
    ausser_betracht = make_leistung()
    fremd = make_leistung(von_wiesbaden_umzusetzen=False)
    leistung_status_setzen(leistung=offen, status=statuses["Wartend"], gueltig_ab=a_date)
    leistung_status_setzen(leistung=erledigt, status=statuses["Abgeschlossen"], gueltig_ab=a_date)
    leistung_status_setzen(leistung=ausser_betracht, status=statuses["Nicht relevant"], gueltig_ab=a_date)
    for leistung in (offen, ohne_status, erledigt, ausser_betracht, fremd):
        scorecard.bewerte(leistung, BEISPIEL)

    daten = rangliste()

    assert set(_keys(daten)) == {offen.leika_schluessel, ohne_status.leika_schluessel}
    assert daten.anzahl_basis == offene_leistungen().count() == 2
    assert {z.status for z in daten.zeilen} == {"Wartend", "ohne Status"}


def test_a_selection_narrows_the_rows_but_keeps_the_citywide_ranks(scorecard, make_leistung, amt51):
    erster = make_leistung()
    zweiter = make_leistung(amt=amt51)
    scorecard.bewerte(erster, BESTE)
    scorecard.bewerte(zweiter, BEISPIEL)

    daten = rangliste(auswahl=offene_leistungen().filter(amt=amt51))

    assert [(z.leika_schluessel, z.rang) for z in daten.zeilen] == [(zweiter.leika_schluessel, 2)]
    assert daten.anzahl_basis == 2


def test_weights_not_adding_up_to_100_are_pointed_out(scorecard, leistung):
    Bereich.objects.filter(name="Umsetzungskomplexität").update(gewicht=Decimal("20"))

    assert rangliste().hinweise == [
        "Die Gewichte der Bereiche ergeben zusammen 90\u202f% statt 100 %; die Gesamtwerte sind so nicht vergleichbar. "
        "Bitte die Gewichte in der Verwaltung korrigieren."
    ]


def test_the_ranking_takes_a_fixed_number_of_queries(scorecard, make_leistung, django_assert_num_queries):
    for _ in range(3):
        scorecard.bewerte(make_leistung(), BEISPIEL)
    with django_assert_num_queries(4):
        rangliste()
    with django_assert_num_queries(5):
        rangliste(auswahl=offene_leistungen())


def test_the_top_of_the_ranking_is_the_ranking_s_first_complete_rows(scorecard, make_leistung):
    bewertet = [make_leistung(antraege_pro_jahr=n) for n in (5, 50, 500, 5000)]
    unbewertet = make_leistung(antraege_pro_jahr=10**6)  # first among equals if it counted
    unvollstaendig = make_leistung()
    scorecard.bewerte(bewertet[0], BESTE)
    scorecard.bewerte(bewertet[1], SCHLECHTESTE)
    scorecard.bewerte(bewertet[2], BEISPIEL)
    scorecard.bewerte(bewertet[3], BEISPIEL)  # a tie with [2]: the larger Fallzahl first
    scorecard.bewerte(unvollstaendig, {k: v for k, v in BESTE.items() if k not in (WICHTIGKEIT, NACHNUTZUNG)})

    gesamt = [z for z in rangliste().zeilen if z.rang is not None]
    for anzahl in (1, 3, 10):
        spitze = rangliste_spitze(anzahl)
        assert [(z.rang, z.leistung_id, z.ergebnis.anzeige) for z in spitze] == [
            (z.rang, z.leistung_id, z.ergebnis.anzeige) for z in gesamt[:anzahl]
        ]
    assert [z.leistung_id for z in rangliste_spitze(10)] == [
        bewertet[0].pk,
        bewertet[3].pk,
        bewertet[2].pk,
        bewertet[1].pk,
    ]
    assert {unbewertet.pk, unvollstaendig.pk}.isdisjoint(z.leistung_id for z in rangliste_spitze(10))
