"""/erhebungen/ and /erhebungen/<id>/: every Erhebung with its frozen figures and change, one compared with the
previous (or any chosen) one, per status and per Amt, and the Leistungen that moved."""

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import Erhebung
from catalog.services import erhebung_anlegen, leistung_status_setzen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db


def test_every_erhebung_newest_first_with_counts_and_change(angemeldet, baue_katalog):
    baue_katalog(3)

    response = angemeldet.get(reverse("dashboard:erhebungen"))

    text = text_von(response)
    assert "Erhebungsstand Mai 2022 (3) 15.05.2022 6 2 (+2) 2 (+2) 0 (±0) 2 (−4) 2 (33 %)" in text
    assert "Erhebungsstand Dez. 2021 (3) 01.12.2021 6 0 0 0 6 0 (0 %)" in text
    assert text.index("Erhebungsstand Mai 2022 (3) 15.05.2022") < text.index("Erhebungsstand Dez. 2021 (3) 01.12.2021")
    assert response.context["charts"][0].table.rows[0][0] == "Erhebungsstand Dez. 2021 (3) (01.12.2021)"


def test_one_erhebung_is_compared_with_the_previous_one(angemeldet, baue_katalog):
    baue_katalog(3)
    mai = Erhebung.objects.get(stichtag=dt.date(2022, 5, 15))

    response = angemeldet.get(reverse("dashboard:erhebung", args=[mai.pk]))

    text = text_von(response)
    assert (
        "Erhebungsstand Mai 2022 (3) (15.05.2022) gegenüber Erhebungsstand Dez. 2021 (3) (01.12.2021): "
        "Abgeschlossen +2, Umsetzung +2, Digitalisierungsfabrik ±0, Wartend −4." in text
    )
    assert "Differenz Abgeschlossen 0 2 +2 Umsetzung 0 2 +2" in text
    assert "Amt 33 – Bürgeramt 3 3 0 1 +1" in text
    assert "Status geändert (4)" in text and "Neu in der Zählung (0)" in text
    assert response.context["charts"][0].table.rows[3] == ["Wartend", "2", "33\u202f%", "\u22124"]


def test_a_chosen_later_erhebung_or_today_is_the_newer_side(angemeldet, baue_katalog, statuses):
    leistungen = baue_katalog(3)
    dez = Erhebung.objects.get(stichtag=dt.date(2021, 12, 1))
    mai = Erhebung.objects.get(stichtag=dt.date(2022, 5, 15))
    leistung_status_setzen(leistung=leistungen[0], status=statuses["Nicht relevant"], gueltig_ab=dt.date(2022, 9, 1))

    mit_mai = angemeldet.get(reverse("dashboard:erhebung", args=[dez.pk]), {"vergleich": mai.pk})
    mit_heute = angemeldet.get(reverse("dashboard:erhebung", args=[mai.pk]), {"vergleich": "heute"})

    assert mit_mai.context["vergleich"].alt.erhebung_id == dez.pk
    assert mit_mai.context["vergleich"].neu.erhebung_id == mai.pk
    assert "Änderung bis Erhebungsstand Mai 2022 (3) (15.05.2022)" in mit_mai.context["charts"][0].subtitle
    weggefallen = [row.record for row in mit_heute.context["bewegt"][2].paginated_rows]
    assert [(b.schluessel, b.von, b.nach) for b in weggefallen] == [
        (leistungen[0].leika_schluessel, "Wartend", "Nicht relevant")
    ]
    assert "Aus der Zählung gefallen (z. B. „Nicht relevant“) (1)" in text_von(mit_heute)


def test_the_leistungen_that_moved_are_counted_in_full_and_shown_a_page_at_a_time(
    angemeldet, baue_katalog, monkeypatch
):
    monkeypatch.setattr("dashboard.views.erhebungen.BEWEGUNGEN_JE_SEITE", 3)
    baue_katalog(6)  # 8 of the 12 moved between Dez. and Mai: 4 to Umsetzung, 4 online
    mai = Erhebung.objects.get(stichtag=dt.date(2022, 5, 15))
    adresse = reverse("dashboard:erhebung", args=[mai.pk])

    erste = angemeldet.get(adresse)
    dritte = angemeldet.get(adresse, {"geaendert-page": 3, "vergleich": ""})
    zu_weit = angemeldet.get(adresse, {"geaendert-page": "99"})
    sortiert = [
        angemeldet.get(adresse, {f"{art}-sort": wert})
        for art in ("geaendert", "neu")
        for wert in ("schluessel", "-von", "x")
    ]

    assert "Status geändert (8)" in text_von(erste) and "Seite 1 von 3 (8 Einträge)" in text_von(erste)
    schluessel = [
        [row.record.schluessel for row in antwort.context["bewegt"][0].paginated_rows] for antwort in (erste, dritte)
    ]
    assert len(schluessel[0]) == 3 and len(schluessel[1]) == 2 and not set(schluessel[0]) & set(schluessel[1])
    nach = [row.record.nach for row in erste.context["bewegt"][0].paginated_rows]
    assert nach == ["Abgeschlossen"] * 3  # in the statuses' order: Abgeschlossen before Umsetzung
    assert "Seite 3 von 3" in text_von(zu_weit)
    assert 'href="?geaendert-page=2"' in erste.content.decode()
    # a sort typed into the address (the lists have no sort links) keeps the list's own order
    assert [antwort.status_code for antwort in sortiert] == [200] * 6
    assert [row.record.schluessel for row in sortiert[0].context["bewegt"][0].paginated_rows] == schluessel[0]


def test_an_unknown_comparison_falls_back_to_the_previous_erhebung_with_a_message(angemeldet, baue_katalog):
    baue_katalog(1)
    mai = Erhebung.objects.get(stichtag=dt.date(2022, 5, 15))

    response = angemeldet.get(reverse("dashboard:erhebung", args=[mai.pk]), {"vergleich": "<b>x</b>"})

    assert response.status_code == 200
    assert "Eine Erhebung „<b>x</b>“ gibt es nicht; verglichen wird mit der vorherigen Erhebung." in text_von(response)
    assert "&lt;b&gt;x&lt;/b&gt;" in response.content.decode()
    assert response.context["vergleich"].alt.stichtag == dt.date(2021, 12, 1)


def test_the_first_erhebung_has_no_change_and_an_unknown_one_is_not_found(angemeldet, make_leistung, statuses):
    leistung_status_setzen(leistung=make_leistung(), status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    erste = erhebung_anlegen(name="Erste", stichtag=dt.date(2021, 6, 1))

    response = angemeldet.get(reverse("dashboard:erhebung", args=[erste.pk]))

    assert "Vor dieser Erhebung gibt es keine; daher werden keine Änderungen gezeigt." in text_von(response)
    assert response.context["charts"][0].table.header == ["Status", "Anzahl", "Anteil"]
    assert angemeldet.get(reverse("dashboard:erhebung", args=[erste.pk + 100])).status_code == 404


def test_without_any_erhebung_the_list_says_how_to_make_one(angemeldet):
    assert "Es gibt noch keine Erhebung." in text_von(angemeldet.get(reverse("dashboard:erhebungen")))


def test_the_page_tells_the_stichtag_from_the_moment_it_was_recorded(angemeldet, baue_katalog):
    from django.utils import timezone

    baue_katalog(1, erhebungen=False)
    erfasst = timezone.make_aware(dt.datetime(2021, 12, 3, 10, 15))
    dez = erhebung_anlegen(name="Erhebungsstand Dez. 2021", stichtag=dt.date(2021, 12, 1), erstellt_am=erfasst)

    seite = text_von(angemeldet.get(reverse("dashboard:erhebung", args=[dez.pk])))
    liste = text_von(angemeldet.get(reverse("dashboard:erhebungen")))

    assert "Stichtag 01.12.2021 (KW 48/2021) – die Zahlen zeigen den Stand dieses Tages" in seite
    assert "Erfasst am 03.12.2021, 10:15 Uhr – da wurde die Erhebung im Portal angelegt und eingefroren" in seite
    assert "erfasst am" in liste and "03.12.2021, 10:15 Uhr" in liste
