"""/planung/: the plan as a list (filters, table, export) with completion per Amt and city, the quarters' use,
plan versus actual, missed Rollout-Fristen, the timeline chart; a fixed number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Leistungsbuendel, Themenfeld
from catalog.services import leistung_aendern, leistung_status_setzen
from planung.plan import Art
from planung.services import Teil, kapazitaet_speichern, planvorgabe_setzen
from tests.dashboard.conftest import text_von

from .conftest import NUR_RELEVANZ

pytestmark = pytest.mark.django_db
URL = reverse("planung:plan")


def heute():
    return timezone.localdate()


@pytest.fixture
def angemeldet(client, leitung):
    client.force_login(leitung)
    return client


@pytest.fixture
def plan_daten(rangfolge, laufend, amt33, redaktion):
    """A (Amt 33, OZG-Booster, Rollout-Frist at the end of the running quarter), B (Amt 51), C, D, E (Amt 33).

    Capacity: running quarter 2 with at most 1 of Amt 33, next quarter 2. D is pinned on the running quarter and
    takes Amt 33's place there, E is held back. So: B and D now, A and C next quarter (A misses its Frist)."""
    a, b, c, d, e = rangfolge
    booster = Leistungsbuendel.objects.create(
        ozg_id="10100",
        name="Booster-Bündel",
        themenfeld=Themenfeld.objects.get(name="Familie & Kind"),
        ozg_booster=True,
        rollout_frist=laufend.ende,
    )
    a.refresh_from_db()
    leistung_aendern(leistung=a, version=a.version, felder={"buendel": booster})
    kapazitaet_speichern(quartal=laufend, anzahl=2, teile=[Teil(anzahl=1, amt=amt33)])
    kapazitaet_speichern(quartal=laufend.plus(1), anzahl=2)
    planvorgabe_setzen(leistung=d, art=Art.FESTGELEGT, quartal=laufend, grund="Pilot mit dem Land", user=redaktion)
    planvorgabe_setzen(leistung=e, art=Art.ZURUECKGESTELLT, grund="Rechtsgrundlage ändert sich", user=redaktion)
    return rangfolge


def zeilen(response) -> list[list[str]]:
    """The plan table's rows as the reader sees them (cell texts)."""
    table = response.context["table"]
    return [[text_von_html(str(cell)) for _, cell in row.items()] for row in table.paginated_rows]


def text_von_html(html: str) -> str:
    import re
    from html import unescape

    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def test_the_table_shows_each_open_service_with_its_quarter_how_it_got_there_and_the_vorgabe(
    angemeldet, plan_daten, laufend
):
    response = angemeldet.get(URL)

    assert response.status_code == 200
    jetzt, naechstes = str(laufend), str(laufend.plus(1))
    frist = laufend.ende.strftime("%d.%m.%Y")
    assert zeilen(response) == [
        [
            "1",
            "99.000.000.000.001",
            f"Leistung A verfehlt: Rollout-Frist {frist}, geplant erst {naechstes}",
            "33",
            "Wartend",
            f"{naechstes} nach Kapazität",
        ],
        ["2", "99.000.000.000.002", "Leistung B", "51", "Wartend", f"{jetzt} nach Kapazität"],
        ["3", "99.000.000.000.003", "Leistung C", "33", "Wartend", f"{naechstes} nach Kapazität"],
        [
            "4",
            "99.000.000.000.004",
            f"Leistung D festgelegt auf {jetzt}: Pilot mit dem Land (redaktion, {heute():%d.%m.%Y})",
            "33",
            "Digitalisierungsfabrik",
            f"{jetzt} festgelegt",
        ],
        [
            "5",
            "99.000.000.000.005",
            f"Leistung E zurückgestellt: Rechtsgrundlage ändert sich (redaktion, {heute():%d.%m.%Y})",
            "33",
            "Wartend",
            "zurückgestellt",
        ],
    ]
    assert f'href="{reverse("dashboard:leistung", args=["99000000000001"])}"' in response.content.decode()


def test_beside_the_list_completion_per_amt_quarters_plan_versus_actual_and_missed_deadlines(
    angemeldet, plan_daten, laufend, statuses, make_leistung
):
    vorher = laufend.plus(-1)
    kapazitaet_speichern(quartal=vorher, anzahl=3)
    fertig = make_leistung(bezeichnung="Schon online")
    leistung_status_setzen(leistung=fertig, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    leistung_status_setzen(leistung=fertig, status=statuses["Abgeschlossen"], gueltig_ab=vorher.beginn)

    text = text_von(angemeldet.get(URL))

    jetzt, naechstes = str(laufend), str(laufend.plus(1))
    # the city: the last quarter with a planned service; held-back ones named
    assert f"{naechstes} alle offenen Leistungen der Stadt fertig (ohne 1 zurückgestellte)" in text
    assert "Amt 33 – Bürgeramt 4 3 0 1 " + naechstes in text
    assert "Amt 51 – Amt für Jugend und Familie 1 1 0 0 " + jetzt in text
    assert "Stadt Wiesbaden 5 4 0 1 " + naechstes in text
    # the quarters: capacity, pinned, planned, free, overbooked, the limits named
    assert f"{jetzt} (laufend) 2 0 1 1 0 0 Amt 33 – Bürgeramt: 1 von 1 (voll)" in text
    assert f"{naechstes} 2 0 0 2 0 0 –" in text
    # plan versus actual of the quarter before: 3 planned, 1 went online
    assert f"{vorher} 3 1 0 +1" in text and f"vergangene Quartale seit {vorher} zusammen 3 1 0 +1" in text
    # the missed Rollout-Frist, with its reason
    assert "1 OZG-Booster-Leistungen, deren Rollout-Frist der Plan verfehlt" in text
    assert (
        "Der Plan verfehlt die Rollout-Frist von 1 offenen OZG-Booster-Leistungen: erwartetes Quartal endet nach "
        "der Rollout-Frist 1." in text
    )


def test_an_overbooked_quarter_and_a_service_without_a_quarter_are_named(angemeldet, rangfolge, laufend):
    a, b, *_ = rangfolge
    kapazitaet_speichern(quartal=laufend, anzahl=1)
    for leistung in (a, b):
        planvorgabe_setzen(leistung=leistung, art=Art.FESTGELEGT, quartal=laufend, grund="Zusage")

    text = text_von(angemeldet.get(URL))

    assert f"{laufend} (laufend) 1 0 2 0 0 1" in text  # two pinned on one place: overbooked by 1
    assert "nicht absehbar alle offenen Leistungen der Stadt fertig: 3 von 5 ohne Quartal" in text
    assert "Stadt Wiesbaden 5 2 3 0 nicht absehbar" in text


def test_the_timeline_chart_counts_per_amt_and_quarter_and_says_base_rule_and_date(angemeldet, plan_daten, laufend):
    chart = angemeldet.get(URL).context["charts"][0]

    jetzt, naechstes = str(laufend), str(laufend.plus(1))
    assert chart.slug == "zeitplan"
    assert chart.table.header == ["Amt", jetzt, naechstes, "zurückgestellt", "fertig"]
    assert chart.table.rows == [
        ["Amt 33 – Bürgeramt", "1", "2", "1", f"{naechstes} (ohne 1 zurückgestellte)"],
        ["Amt 51 – Amt für Jugend und Familie", "1", "0", "0", jetzt],
    ]
    (flaeche,) = chart.figure["data"]
    # the Ämter by number and short name, as every chart names them
    assert (flaeche["type"], flaeche["y"], flaeche["x"]) == (
        "heatmap",
        ["33 Bürgeramt", "51 Jugend und Familie"],
        [jetzt, naechstes],
    )
    assert flaeche["text"] == [["1", "2"], ["1", ""]] and flaeche["z"] == [[1, 2**0.5], [1, None]]  # empty: none
    assert flaeche["hovertext"][0][1] == "2 Leistungen (Amt 33 – Bürgeramt)"
    assert "5 offene LeiKa-Leistungen „von Wiesbaden umzusetzen“" in chart.subtitle
    assert "Regel: Vorgaben zuerst, dann in der Reihenfolge der OZG-Scorecard" in chart.subtitle
    assert "1 zurückgestellte nicht gezeigt" in chart.subtitle and f"Stand {heute():%d.%m.%Y}" in chart.subtitle
    assert chart.alt_text.startswith("Farbfläche, je Amt eine Zeile und je Quartal eine Spalte")
    assert f"33 Bürgeramt: {jetzt} 1, {naechstes} 2; fertig {naechstes} (ohne 1 zurückgestellte)" in chart.alt_text


@pytest.mark.parametrize(
    ("filter_", "erwartet"),
    [
        ({"amt": "51"}, ["B"]),
        ({"amt": "33", "status": "wartend"}, ["A", "C", "E"]),
        ({"quartal": "naechstes"}, ["A", "C"]),
        ({"quartal": "zurueckgestellt"}, ["E"]),
        ({"quartal": "ohne"}, []),
        ({"ozg_booster": "true"}, ["A"]),
        ({"amt": "33", "quartal": "jetzt"}, ["D"]),
    ],
)
def test_the_filters_narrow_the_rows_but_not_the_plan(angemeldet, plan_daten, laufend, statuses, filter_, erwartet):
    werte = {"naechstes": laufend.plus(1).iso, "jetzt": laufend.iso, "wartend": str(statuses["Wartend"].pk)}
    abfrage = {name: werte.get(wert, wert) for name, wert in filter_.items()}

    response = angemeldet.get(URL, abfrage)

    assert [z[2].split()[1] for z in zeilen(response)] == erwartet
    # the figures beside the list stay the whole city's
    assert response.context["plan"].stadt.offen == 5


def test_a_quarter_the_plan_does_not_have_is_a_german_field_error_and_shows_nothing(angemeldet, plan_daten):
    response = angemeldet.get(URL, {"quartal": "1999-Q1"})

    assert response.status_code == 200
    assert "Bitte die markierten Filterangaben korrigieren" in text_von(response)
    assert zeilen(response) == [] and response.context["count"] == 0


def csv_zeilen(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_export_has_the_filtered_rows_in_the_pages_order_with_quarter_vorgabe_and_deadline(
    angemeldet, plan_daten, laufend
):
    response = angemeldet.get(URL, {"amt": "33", "export": "csv"})

    assert response["Content-Disposition"].startswith('attachment; filename="umsetzungsplan-')
    export = csv_zeilen(response)
    assert [(z["Leistungsbezeichnung"], z["erwartetes Quartal"], z["eingeplant"]) for z in export] == [
        ("Leistung A", str(laufend.plus(1)), "nach Kapazität"),
        ("Leistung C", str(laufend.plus(1)), "nach Kapazität"),
        ("Leistung D", str(laufend), "festgelegt"),
        ("Leistung E", "", "zurückgestellt"),
    ]
    a, _, d, e = export
    assert (a["OZG-Booster"], a["Rollout-Frist verfehlt"], a["Rollout-Frist"]) == (
        "ja",
        "ja",
        laufend.ende.strftime("%d.%m.%Y"),
    )
    assert (d["Grund der Vorgabe"], d["Vorgabe erfasst von"]) == ("Pilot mit dem Land", "redaktion")
    assert e["Grund der Vorgabe"] == "Rechtsgrundlage ändert sich" and e["LeiKa-Schlüssel"] == "99.000.000.000.005"


def test_the_leistung_lists_export_the_expected_quarter(angemeldet, plan_daten, laufend, make_leistung):
    make_leistung(bezeichnung="Landesleistung", von_wiesbaden_umzusetzen=False)
    for url in (reverse("dashboard:leistungen"), reverse("dashboard:amt", args=[33])):
        export = {
            z["Leistungsbezeichnung"]: z["erwartetes Quartal (Umsetzungsplan)"]
            for z in csv_zeilen(angemeldet.get(url, {"export": "csv"}))
        }
        assert export["Leistung A"] == str(laufend.plus(1)) and export["Leistung D"] == str(laufend), url
        assert export["Leistung E"] == "zurückgestellt" and export.get("Landesleistung", "") == "", url


def _mehr_daten(make_leistung, statuses, scorecard, redaktion, laufend, anzahl):
    """``anzahl`` more open services with history, ratings, Vorgaben, and capacities with limits."""
    for i in range(anzahl):
        leistung = make_leistung()
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
        if i % 2:
            leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 3, 7))
        scorecard.bewerte(leistung, NUR_RELEVANZ)
        if i % 4 == 0:
            planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="später", user=redaktion)
    for schritt in range(anzahl // 3):
        quartal = laufend.plus(2 + schritt)
        kapazitaet_speichern(quartal=quartal, anzahl=3, teile=[Teil(anzahl=1, plattform=statuses["Umsetzung"])])


@pytest.mark.parametrize(
    ("abfrage", "erwartet"), [({}, 27), ({"amt": "33", "quartal": "ohne"}, 29), ({"export": "xlsx"}, 18)]
)
def test_a_fixed_number_of_queries_whatever_the_data_size(
    angemeldet, plan_daten, laufend, make_leistung, statuses, scorecard, redaktion, abfrage, erwartet
):
    def abfragen() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = angemeldet.get(URL, abfrage)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    klein = abfragen()
    _mehr_daten(make_leistung, statuses, scorecard, redaktion, laufend, 12)
    assert (klein, abfragen()) == (erwartet, erwartet)


NUR_MEIN_AMT = '<a class="kern-link" href="?amt=33">Nur mein Amt (33)</a>'
KAPAZITAETEN = f'<a class="kern-link" href="{reverse("admin:planung_kapazitaet_changelist")}">'
VORGABEN = f'<a class="kern-link" href="{reverse("admin:planung_planvorgabe_changelist")}">'


@pytest.mark.parametrize(
    ("person", "links"),
    [("leitung", []), ("amtsleitung33", [NUR_MEIN_AMT]), ("redaktion", [KAPAZITAETEN, VORGABEN])],
)
def test_the_amtsleitung_finds_its_amt_and_the_redaktion_the_admin(client, plan_daten, request, person, links):
    client.force_login(request.getfixturevalue(person))
    content = client.get(URL).content.decode()
    assert [link for link in (NUR_MEIN_AMT, KAPAZITAETEN, VORGABEN) if link in content] == links
    # the Redaktion's Amt 15 has no open service: no "Nur mein Amt" that would show an empty list
    assert ("Nur mein Amt" in content) == (person == "amtsleitung33")
