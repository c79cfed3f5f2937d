"""Every selector runs the same, fixed number of queries for a small and a ten times larger catalogue."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from catalog import selectors
from catalog.models import Erhebung, Leistung, Leistungsbuendel, MonitorEbene, OzgMonitorWert, StatusAenderung
from catalog.services import erhebung_anlegen, leistung_status_setzen

pytestmark = pytest.mark.django_db

D = dt.date
VERLAUF = ["Wartend", "Umsetzung", "Abgeschlossen", "Umsetzung"]
# selector name -> (expected queries, call)
SELEKTOREN = {
    # a Sunday before today: statuses, today's counts, the weekly counts after that Sunday
    "status_stand": (3, lambda k: selectors.status_stand(stichtag=D(2022, 5, 15))),
    "status_stand_katalog": (
        3,
        lambda k: selectors.status_stand(stichtag=D(2022, 5, 15), basis=selectors.Basis.KATALOG),
    ),
    "status_stand_amt": (3, lambda k: selectors.status_stand(stichtag=D(2022, 5, 15), amt=k["amt"])),
    # a Wednesday: and the days since the Sunday before; today: statuses and today's counts
    "status_stand_mittwoch": (4, lambda k: selectors.status_stand(stichtag=D(2022, 5, 18))),
    "status_stand_heute": (2, lambda k: selectors.status_stand(stichtag=timezone.localdate())),
    "status_stand_nach_amt": (4, lambda k: selectors.status_stand_nach_amt(stichtag=D(2022, 5, 15))),
    "status_stand_nach_themenfeld": (3, lambda k: selectors.status_stand_nach_themenfeld(stichtag=D(2022, 5, 15))),
    "wochenverlauf": (4, lambda k: selectors.wochenverlauf(von=D(2021, 12, 1), bis=D(2022, 6, 30))),
    "wochenverlauf_heute": (3, lambda k: selectors.wochenverlauf(von=D(2021, 12, 1), bis=timezone.localdate())),
    "vergleich_erhebungen": (4, lambda k: selectors.vergleich(alt=k["dez"], neu=k["mai"])),
    "vergleich_heute": (4, lambda k: selectors.vergleich(alt=k["mai"])),
    "vergleich_amt": (4, lambda k: selectors.vergleich(alt=k["dez"], neu=k["mai"], amt=k["amt"])),
    "bewegungen": (5, lambda k: selectors.bewegungen(alt=k["dez"])[selectors.Bewegungsart.GEAENDERT][:50]),
    "erhebung_stand": (2, lambda k: selectors.erhebung_stand(erhebung=k["mai"])),
    "erhebungen_uebersicht": (3, lambda k: selectors.erhebungen_uebersicht()),
    "trichter": (3, lambda k: selectors.trichter()),
    "efa_fortschritt_am": (3, lambda k: selectors.efa_fortschritt_am(D(2022, 5, 15))),
    "groesste_fallzahlen_am": (2, lambda k: selectors.groesste_fallzahlen_am(D(2022, 5, 15))),
    "monitor_vergleich": (4, lambda k: selectors.monitor_vergleich(bis=D(2022, 5, 15))),
    "letzte_erhebung": (1, lambda k: selectors.letzte_erhebung(bis=D(2022, 5, 15))),
}


def katalog_mit(anzahl, make_leistung, statuses, amt51):
    """``anzahl`` more Leistungen with four changes each (half in Amt 51), then the two Erhebungen anew."""
    buendel = Leistungsbuendel.objects.get(ozg_id="10559")
    buendel.efa, buendel.rollout_frist = True, D(2022, 3, 31)
    buendel.save()
    for ebene, online in ((MonitorEbene.LAND, 210), (MonitorEbene.KOMMUNEN, 139)):
        OzgMonitorWert.objects.get_or_create(jahr=2022, kw=19, ebene=ebene, defaults={"online": online, "gesamt": 400})
    for i in range(anzahl):
        leistung = make_leistung(amt=amt51 if i % 2 else None, antraege_pro_jahr=100 + i)
        for schritt, status in enumerate(VERLAUF):
            tag = D(2021, 11, 1) + dt.timedelta(days=40 * schritt + i)
            leistung_status_setzen(leistung=leistung, status=statuses[status], gueltig_ab=tag, grund="Test")
    Erhebung.objects.all().delete()
    return {
        "dez": erhebung_anlegen(name="Dez", stichtag=D(2021, 12, 1)),
        "mai": erhebung_anlegen(name="Mai", stichtag=D(2022, 5, 15)),
        "amt": amt51,
    }


def test_the_two_sizes_differ_tenfold(make_leistung, statuses, amt51):
    katalog_mit(3, make_leistung, statuses, amt51)
    klein = (Leistung.objects.count(), StatusAenderung.objects.count())
    katalog_mit(27, make_leistung, statuses, amt51)
    assert (Leistung.objects.count(), StatusAenderung.objects.count()) == (10 * klein[0], 10 * klein[1])


def test_every_selector_runs_a_fixed_number_of_queries_at_two_sizes(
    make_leistung, statuses, amt51, django_assert_num_queries
):
    antworten = {}
    for anzahl in (3, 27):  # 3 Leistungen, then 30
        katalog = katalog_mit(anzahl, make_leistung, statuses, amt51)
        for name, (erwartet, aufruf) in SELEKTOREN.items():
            with django_assert_num_queries(erwartet):
                antworten.setdefault(name, []).append(aufruf(katalog))
    for name, (klein, gross) in antworten.items():
        assert klein != gross, name  # the answer did change with the data


def test_the_as_of_count_is_answered_from_an_index_on_the_history(make_leistung, statuses, amt51):
    """One index probe per Leistung for its latest change up to the date, not a scan of the history."""
    katalog_mit(3, make_leistung, statuses, amt51)
    abfrage = selectors.leistungen_mit_status_am(D(2022, 5, 15)).values("status_am").annotate(n=Count("pk"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # tiny tables: only an unusable index would leave a sequential scan
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = abfrage.explain()
        assert "Index" in plan and "on catalog_statusaenderung" in plan
        assert "Seq Scan on catalog_statusaenderung" not in plan
    else:
        assert "USING INDEX statusaenderung_asof_idx (leistung_id=? AND gueltig_ab<?)" in abfrage.explain()
