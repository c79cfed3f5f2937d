"""/aemter/ and /aemter/<nummer>/: per Amt the status figures (sorted by share online), one Amt's figures,
change since the last Erhebung, its Leistungen and its open ones in priority order."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.services import leistung_status_setzen
from scorecard.models import Kriterium
from scorecard.services import Antwort, leistung_bewerten
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db


def test_every_amt_with_its_counts_sorted_by_share_online(angemeldet, baue_katalog, amt15, statuses):
    leistungen = baue_katalog(3)
    # Amt 51 gets one more online: 2 of 3 online, Amt 33 1 of 3.
    leistung_status_setzen(leistung=leistungen[3], status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 4, 4))

    response = angemeldet.get(reverse("dashboard:aemter"))

    text = text_von(response)
    assert response.status_code == 200
    assert [z["gruppe"].nummer for z in response.context["zeilen"]] == [51, 33, 15]
    assert "Amt 51 – Amt für Jugend und Familie 3 2 1 0 0 2 (67 %) 1 (33 %)" in text
    assert "Amt 15 – Amt für Innovation, Organisation und Digitalisierung 0 0 0 0 0 0 (0 %) 0 (0 %)" in text
    assert "Wiesbaden gesamt 6 3 2 0 1 3 (50 %) 3 (50 %)" in text
    chart = response.context["charts"][0]
    # Ämter by number and short name (no Kurzname in the fixture: the name without "Amt für ")
    assert [trace["y"] for trace in chart.figure["data"]][0] == ["51 Jugend und Familie", "33 Bürgeramt"]
    assert chart.table.rows[0] == ["51 Jugend und Familie", "2", "1", "0", "0", "3", "67\u202f%"]
    # each segment shows its count, each bar its total and share online
    assert {trace["texttemplate"] for trace in chart.figure["data"]} == {"%{x:,d}"}
    assert [(a["y"], a["text"]) for a in chart.figure["layout"]["annotations"]] == [
        ("51 Jugend und Familie", "3 (67\u202f% online)"),
        ("33 Bürgeramt", "3 (33\u202f% online)"),
    ]
    assert '<meter min="0" max="1" value="0.667"' in response.content.decode()


def test_one_amt_shows_its_figures_its_change_and_its_leistungen(angemeldet, baue_katalog):
    baue_katalog(3)

    response = angemeldet.get(reverse("dashboard:amt", args=[33]), {"stichtag": "2022-05-15"})

    text = text_von(response)
    assert "Amt 33 – Bürgeramt" in text
    assert "Gezählt: 3 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind" in text
    assert "federführend Amt 33 – Bürgeramt; Stand 15.05.2022" in text
    assert "online 0 → 1 (+1)" in text
    assert response.context["charts"][0].table.rows[0] == ["Abgeschlossen", "1", "33\u202f%", "+1"]
    assert {r.record.amt.nummer for r in response.context["table"].paginated_rows} == {33}
    assert response.context["count"] == 3
    assert "amt" not in response.context["filter"].form.fields


def test_one_amt_lists_its_open_leistungen_in_priority_order(angemeldet, baue_katalog, redaktion):
    leistungen = baue_katalog(3)
    offen_33 = [leistungen[0], leistungen[1]]  # waiting, Umsetzung
    # Rate the Umsetzung one best on every criterion and the waiting one worst: it comes first.
    kriterien = list(Kriterium.objects.prefetch_related("optionen"))

    def antworten(beste: bool) -> dict:
        return {
            k: Antwort(option=sorted(k.optionen.all(), key=lambda o: o.punkte)[-1 if beste else 0]) for k in kriterien
        }

    leistung_bewerten(leistung=offen_33[1], antworten=antworten(beste=True), user=redaktion)
    leistung_bewerten(leistung=offen_33[0], antworten=antworten(beste=False), user=redaktion)

    response = angemeldet.get(reverse("dashboard:amt", args=[33]))

    zeilen = response.context["prioritaeten_gezeigt"]
    assert [z.leistung_id for z in zeilen] == [offen_33[1].pk, offen_33[0].pk]
    assert [z.rang for z in zeilen] == [1, 2]
    heute = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Offene Leistungen nach Priorität (Scorecard) Heute ({heute}): 2 offene Leistungen des Amts" in text_von(
        response
    )


def test_an_unknown_amt_is_not_found(angemeldet, baue_katalog):
    baue_katalog(1)

    assert angemeldet.get("/aemter/99/").status_code == 404


def test_the_priorities_of_an_amt_say_they_are_todays_with_the_date_on_a_past_stichtag(angemeldet, baue_katalog):
    baue_katalog(3)  # Amt 33: two open Leistungen today
    heute = timezone.localdate().strftime("%d.%m.%Y")

    text = text_von(angemeldet.get(reverse("dashboard:amt", args=[33]), {"stichtag": "2022-05-15"}))

    assert "Stand 15.05.2022" in text
    assert (
        f"Offene Leistungen nach Priorität (Scorecard) Heute ({heute}): 2 offene Leistungen des Amts – der aktuelle "
        "Stand, nicht der Stichtag 15.05.2022 der Zahlen oben;" in text
    )
    assert f"Leistungen des Amts (aktueller Stand vom {heute})" in text


def test_on_todays_page_the_priorities_name_the_date_only(angemeldet, baue_katalog):
    baue_katalog(3)
    heute = timezone.localdate().strftime("%d.%m.%Y")

    text = text_von(angemeldet.get(reverse("dashboard:amt", args=[33])))

    assert f"Heute ({heute}): 2 offene Leistungen des Amts; Rang" in text
    assert "nicht der Stichtag" not in text


def test_a_share_of_one_eighth_is_the_same_13_percent_in_text_centre_table_and_slice(
    angemeldet, make_leistung, statuses
):
    for i in range(8):  # 1 of 8 online: 12.5 % online, 87.5 % still to do
        leistung = make_leistung(bezeichnung=f"Leistung {i}")
        status = statuses["Abgeschlossen"] if i == 0 else statuses["Wartend"]
        leistung_status_setzen(leistung=leistung, status=status, gueltig_ab=dt.date(2022, 1, 3))

    response = angemeldet.get(reverse("dashboard:amt", args=[33]))

    text = text_von(response)
    assert "1 (13 %) online verfügbar 7 (88 %) noch umzusetzen" in text  # text_von folds the narrow space
    ring = next(d for d in response.context["charts"] if d.slug == "amt-online")
    torte = ring.figure["data"][0]
    assert torte["text"] == ["13\u202f%", "88\u202f%"]
    assert torte["texttemplate"] == "%{value:,d}<br>%{text}"
    assert torte["hovertemplate"] == "%{label}: %{value:,d} (%{text})<extra></extra>"
    assert ring.figure["layout"]["annotations"][0]["text"] == "13\u202f%<br>online"
    assert ring.table.rows[0] == ["online verfügbar", "1", "13\u202f%"]
    assert "online verfügbar 1 (13\u202f%), noch umzusetzen 7 (88\u202f%)" in ring.alt_text


@pytest.mark.parametrize("debug", [False, True])
def test_not_found_pages_are_the_portals_german_page_also_with_debug(
    client, settings, amtsleitung33, make_leistung, amt51, debug
):
    """With DEBUG=1 Django answers an Http404 with its English technical page; these views render the portal's."""
    settings.DEBUG = debug
    fremde = make_leistung(bezeichnung="Kita-Platz", amt=amt51)
    client.force_login(amtsleitung33)

    for url, meldung in (
        ("/aemter/99/", "Ein Amt mit der Nummer 99 gibt es nicht."),
        (
            reverse("dashboard:leistung_bearbeiten", args=[fremde.leika_schluessel]),
            "Diese Leistung gibt es nicht oder Sie dürfen sie nicht ändern.",
        ),
        ("/erhebungen/999/", "Eine Erhebung mit der Nummer 999 gibt es nicht."),
        (f"/servicestandard/pruefen/{fremde.leika_schluessel}/", ""),
    ):
        response = client.get(url)
        text = text_von(response)
        assert response.status_code == 404, url
        assert "Seite nicht gefunden" in text and meldung in text, url
        assert "Page not found" not in response.content.decode(), url
