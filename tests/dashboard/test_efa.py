"""/efa/: the EfA services with implementing Land, dates, Wiesbaden's progress (n of m done), overdue marked."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from catalog.models import Leistungsbuendel, Themenfeld
from catalog.services import leistung_status_setzen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:efa")
D = dt.date


@pytest.fixture
def efa_katalog(make_leistung, statuses, efa_buendel):
    """Kindergeld (OZG-Booster, deadline 31.12.2022): 1 of 2 online, 1 out of scope; Elterngeld (later deadline):
    all online; a non-EfA Bündel."""
    online, offen, egal = (make_leistung(buendel=efa_buendel) for _ in range(3))
    leistung_status_setzen(leistung=online, status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 3, 1))
    leistung_status_setzen(leistung=offen, status=statuses["Wartend"], gueltig_ab=D(2022, 3, 1))
    leistung_status_setzen(leistung=egal, status=statuses["Nicht relevant"], gueltig_ab=D(2022, 3, 1))
    elterngeld = Leistungsbuendel.objects.create(
        ozg_id="10006",
        name="Elterngeld",
        themenfeld=Themenfeld.objects.get(name="Familie & Kind"),
        efa=True,
        umsetzendes_land="BY",
        rollout_frist=D(2022, 6, 30),
    )
    leistung_status_setzen(
        leistung=make_leistung(buendel=elterngeld), status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 3, 1)
    )
    make_leistung()  # in the non-EfA Bündel 10559


def test_it_shows_each_efa_service_with_progress_and_marks_overdue_ones(angemeldet, efa_katalog):
    response = angemeldet.get(URL)

    text = text_von(response)
    assert response.status_code == 200
    assert response.context["count"] == 2
    assert "10006 Elterngeld nein Bayern – 30.06.2022 1 von 1" in text
    assert "10005 Kindergeld ja Hessen 30.06.2022 31.12.2022 überfällig 1 von 2" in text
    assert "10559" not in text
    assert '<progress max="2" value="1"' in response.content.decode()


def test_filters_select_booster_and_overdue_ones_and_the_export_has_them(angemeldet, efa_katalog):
    booster = angemeldet.get(URL, {"ozg_booster": "true"})
    nicht_ueberfaellig = angemeldet.get(URL, {"ueberfaellig": "false"})
    export = angemeldet.get(URL, {"ueberfaellig": "true", "export": "csv"})

    assert [r.record.ozg_id for r in booster.context["table"].paginated_rows] == ["10005"]
    assert [r.record.ozg_id for r in nicht_ueberfaellig.context["table"].paginated_rows] == ["10006"]
    zeilen = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert zeilen == [
        {
            "OZG-ID": "10005",
            "OZG-Leistung": "Kindergeld",
            "Themenfeld": "Familie & Kind",
            "OZG-Booster": "ja",
            "umsetzendes Land": "Hessen",
            "nachnutzbar ab": "30.06.2022",
            "Rollout-Frist": "31.12.2022",
            "Leistungen für Wiesbaden": "2",
            "davon online": "1",
            "Rollout-Frist überschritten": "ja",
        }
    ]


def test_sorting_by_progress_puts_the_furthest_last(angemeldet, efa_katalog):
    response = angemeldet.get(URL, {"sort": "fortschritt"})

    assert [r.record.ozg_id for r in response.context["table"].paginated_rows] == ["10005", "10006"]
