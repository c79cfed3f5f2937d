"""The demo data reproduces the deck's figures: 210/607 for the Kommunen, 176/512 for Wiesbaden, and the
status changes between the two Erhebungen (Abgeschlossen +2, Umsetzung +1, Digitalisierungsfabrik −7,
Wartend −8)."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from catalog.demo.users import DEMO_PASSWORD
from catalog.models import Amt, Leistung, Leistungsbuendel, StatusAenderung, Vollzugsebene

pytestmark = pytest.mark.django_db


def status_counts_as_of(day):
    """Independent of the selectors: each Wiesbaden Leistung's latest change up to ``day``, in Python."""
    latest = {}
    rows = StatusAenderung.objects.filter(leistung__von_wiesbaden_umzusetzen=True, gueltig_ab__lte=day)
    for row in rows.order_by("gueltig_ab", "erfasst_am", "id").select_related("neuer_status"):
        latest[row.leistung_id] = row.neuer_status.bezeichnung
    return Counter(latest.values())


def test_the_demo_reproduces_the_decks_figures_and_loads_idempotently():
    out = StringIO()
    call_command("load_demo_data", stdout=out)

    kommune = Leistung.objects.filter(vollzugsebene=Vollzugsebene.KOMMUNE)
    wiesbaden = Leistung.objects.filter(von_wiesbaden_umzusetzen=True)
    assert (kommune.count(), kommune.values("buendel").distinct().count()) == (607, 210)
    assert (wiesbaden.count(), wiesbaden.values("buendel").distinct().count()) == (512, 176)
    assert Leistung.objects.count() == 4813  # every row of the 2019 data with a valid key
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
    assert Leistung.objects.filter(antraege_pro_jahr__gt=1_000_000).count() == 10
    assert Leistung.objects.filter(reifegrad__isnull=False).count() > 400

    for username in ("redaktion", "amtsleitung33", "amtsleitung51", "leitung"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert f"Passwort für alle: {DEMO_PASSWORD}" in out.getvalue()

    before = (Leistung.objects.count(), StatusAenderung.objects.count())
    call_command("load_demo_data", stdout=StringIO())
    assert (Leistung.objects.count(), StatusAenderung.objects.count()) == before
