"""Every page runs a fixed number of database queries, whatever the size of the catalogue and its history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Erhebung

pytestmark = pytest.mark.django_db


def seiten(leistung) -> list[str]:
    erhebung = Erhebung.objects.order_by("stichtag", "id").last()
    return [
        reverse("dashboard:uebersicht"),
        reverse("dashboard:uebersicht") + "?stichtag=2022-05-15",
        reverse("dashboard:aemter"),
        reverse("dashboard:amt", args=[33]),
        reverse("dashboard:leistungen"),
        reverse("dashboard:leistungen") + "?q=Leistung&amt=&sort=status&page=1",
        reverse("dashboard:leistungen") + "?export=csv",
        reverse("dashboard:leistung", args=[leistung.leika_schluessel]),
        reverse("dashboard:efa"),
        reverse("dashboard:fallzahlen"),
        reverse("dashboard:fallzahlen") + "?export=xlsx",
        reverse("dashboard:erhebungen"),
        reverse("dashboard:erhebung", args=[erhebung.pk]),
        reverse("dashboard:erhebung", args=[erhebung.pk]) + "?vergleich=heute",
        reverse("dashboard:erhebung", args=[erhebung.pk]) + "?vergleich=heute&hinzugekommen-page=2",
        reverse("dashboard:amt", args=[33]) + "?stichtag=2022-05-18",  # a Wednesday: with the days since Sunday
        reverse("servicestandard:servicestandard"),
        reverse("scorecard:rangliste"),
    ]


def daten_und_dateien() -> list[str]:
    return [
        reverse("dashboard:kennzahlen_json") + "?stichtag=2022-05-18",
        reverse("dashboard:kennzahlen_csv"),
        reverse("dashboard:erhebungen_json"),
        reverse("planung:prognose_json"),
        reverse("servicestandard:daten_json"),
        reverse("dashboard:foliensatz") + "?stichtag=2022-05-15",
    ]


def abfragen(client, urls) -> dict[str, int]:
    gezaehlt = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
        gezaehlt[url] = len(queries)
    return gezaehlt


def test_query_counts_do_not_grow_with_the_data(angemeldet, baue_katalog):
    urls = seiten(baue_katalog(2)[0]) + daten_und_dateien()
    klein = abfragen(angemeldet, urls)

    baue_katalog(12)  # seven times as many Leistungen and history rows, twice the Erhebungen
    gross = abfragen(angemeldet, urls)

    assert gross == klein
