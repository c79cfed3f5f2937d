"""A Leistung's page shows where the plan puts it (one inclusion tag): the expected quarter, how it got there,
the Vorgabe with its reason, a missed Rollout-Frist; or why the plan has no place for it."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.services import leistung_status_setzen
from planung.plan import Art
from planung.services import kapazitaet_speichern, planvorgabe_setzen

pytestmark = pytest.mark.django_db


@pytest.fixture
def angemeldet(client, leitung):
    client.force_login(leitung)
    return client


def planung_text(client, leistung) -> str:
    """The text of the page's section "Umsetzungsplanung"."""
    html = client.get(reverse("dashboard:leistung", args=[leistung.leika_schluessel])).content.decode()
    abschnitt = re.search(r'<section class="karte" aria-labelledby="planung-titel">(.*?)</section>', html, re.S)
    assert abschnitt is not None
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", abschnitt.group(1)))).strip()


def test_an_open_service_shows_its_quarter_and_its_place_in_the_scorecard_order(angemeldet, rangfolge, laufend):
    kapazitaet_speichern(quartal=laufend, anzahl=1)
    kapazitaet_speichern(quartal=laufend.plus(1), anzahl=1)
    a, b, c, *_ = rangfolge

    assert planung_text(angemeldet, b) == (
        f"Umsetzungsplanung erwartetes Quartal {laufend.plus(1)} eingeplant nach Kapazität: 2. von 5 offenen "
        "Leistungen in der Reihenfolge der Scorecard (Rang 2) Umsetzungsplanung des Amts 51"
    )
    assert planung_text(angemeldet, c).startswith(
        f"Umsetzungsplanung erwartetes Quartal keines : bis {laufend.plus(1)} ist kein Platz frei eingeplant "
        "ohne Quartal: 3. von 5"
    )


def test_a_vorgabe_shows_with_its_reason_and_a_missed_pin_is_explained(angemeldet, rangfolge, laufend, redaktion):
    _, b, _, d, e = rangfolge
    planvorgabe_setzen(leistung=d, art=Art.FESTGELEGT, quartal=laufend, grund="Pilot", user=redaktion)
    planvorgabe_setzen(leistung=e, art=Art.ZURUECKGESTELLT, grund="<b>Gesetz</b> ändert sich", user=redaktion)
    heute = f"{timezone.localdate():%d.%m.%Y}"

    assert f"erwartetes Quartal {laufend} Vorgabe festgelegt auf {laufend}: Pilot (redaktion, {heute})" in (
        planung_text(angemeldet, d)
    )
    text = planung_text(angemeldet, e)
    assert "erwartetes Quartal keines (zurückgestellt) Vorgabe zurückgestellt: <b>Gesetz</b> ändert sich" in text
    assert "eingeplant" not in text


@pytest.mark.parametrize(
    ("status", "umsetzen", "grund"),
    [
        ("Abgeschlossen", True, "Die Leistung ist umgesetzt (Status „Abgeschlossen“); sie braucht kein Quartal mehr."),
        ("Nicht relevant", True, "Die Leistung ist außer Betracht (Status „Nicht relevant“); sie wird nicht geplant."),
        ("Wartend", False, "Die Leistung ist nicht von Wiesbaden umzusetzen; sie wird nicht geplant."),
    ],
)
def test_a_service_that_is_not_open_says_why_it_has_no_quarter(
    angemeldet, make_leistung, statuses, status, umsetzen, grund
):
    leistung = make_leistung(von_wiesbaden_umzusetzen=umsetzen)
    leistung_status_setzen(leistung=leistung, status=statuses[status], gueltig_ab=dt.date(2022, 1, 3))

    assert planung_text(angemeldet, leistung) == f"Umsetzungsplanung {grund}"
