"""How current the figures are (``status_aktualitaet``) on any date is exactly what its first definition gave (every
Leistung's status on the date from the history, its answers and recorded changes), and costs a fixed number of
queries: on random histories recorded out of order and recorded later than effective, Leistungen out of the base
or out of scope on the date, a round held in the past, on Sundays, weekdays and today."""

import datetime as dt
import random

import pytest
from django.db.models import Count, Exists, F, OuterRef, Value
from django.utils import timezone

from catalog.models import Leistung, StatusAenderung, Vollzugsebene
from catalog.selectors import Basis, ausser_ids, leistungen_mit_status_am, status_laden
from catalog.services import leistungen_status_setzen
from erhebungsrunde.models import Erhebungsrunde, RundenEintrag
from erhebungsrunde.selectors import status_aktualitaet, tagesende
from erhebungsrunde.services import erhebungsrunde_abschliessen, erhebungsrunde_oeffnen

pytestmark = pytest.mark.django_db

D = dt.date


def definition(stichtag, *, amt=None, tage):
    """{Amt id: (base, confirmed in the round, confirmed within the period)} as the selector first counted it: each
    Leistung's status on the date read from the history (one as-of probe per Leistung)."""
    runde = Erhebungsrunde.objects.filter(offen=False, stichtag__lte=stichtag).order_by("-stichtag", "-id").first()
    bis = tagesende(stichtag)
    von = bis - dt.timedelta(days=tage)
    beantwortet = RundenEintrag.objects.filter(leistung=OuterRef("pk"), beantwortet_am__isnull=False)
    in_runde = Exists(beantwortet.filter(runde=runde)) if runde is not None else Value(False)
    im_zeitraum = Exists(beantwortet.filter(beantwortet_am__gte=von, beantwortet_am__lt=bis)) | Exists(
        StatusAenderung.objects.filter(leistung=OuterRef("pk"), erfasst_am__gte=von, erfasst_am__lt=bis)
    )
    ausser = ausser_ids(status_laden(), Basis.WIESBADEN)
    zaehlung = (
        leistungen_mit_status_am(stichtag, amt=amt)
        .annotate(in_runde=in_runde, im_zeitraum=im_zeitraum)
        .values("amt_id", "status_am", "in_runde", "im_zeitraum")
        .annotate(anzahl=Count("pk"))
        .order_by()
    )
    je_amt = {}
    for z in zaehlung:
        if z["status_am"] in ausser:
            continue
        summe = je_amt.setdefault(z["amt_id"], [0, 0, 0])
        summe[0] += z["anzahl"]
        summe[1] += z["anzahl"] if z["in_runde"] else 0
        summe[2] += z["anzahl"] if z["im_zeitraum"] else 0
    return {amt_id: tuple(werte) for amt_id, werte in je_amt.items()}


def gezaehlt(aktualitaet):
    return {a.amt_id: (a.aktuell.basis, a.aktuell.in_runde, a.aktuell.im_zeitraum) for a in aktualitaet.aemter}


def um(tag: D, stunde: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(tag, dt.time(stunde)))


@pytest.fixture
def verlauf(make_leistung, statuses, amt33, amt51, amtsleitung33, amtsleitung51, antworten):
    """16 Leistungen with random back-dated and same-day changes, each Leistung's history recorded at another time
    (some before, some long after it took effect); a round opened on 10.01.2022 (Stichtag 31.01.2022) in which both
    Ämter confirmed some Leistungen, closed on 01.03.2022; another in April that
    confirmed the last two asked of each."""
    rng = random.Random(1512)
    leistungen = [make_leistung(amt=rng.choice([amt33, amt51, None])) for _ in range(14)]
    leistungen.append(make_leistung(von_wiesbaden_umzusetzen=False, vollzugsebene=Vollzugsebene.LAND))
    leistungen.append(make_leistung(amt=amt51))  # never a status
    stati = list(statuses.values())  # "Nicht relevant" among them: out of scope on some dates
    tage = [D(2021, 11, 1) + dt.timedelta(days=rng.randint(0, 150)) for _ in range(25)]
    for _ in range(6):
        leistungen_status_setzen(
            aenderungen=[(rng.choice(leistungen[:15]), rng.choice(stati), rng.choice(tage)) for _ in range(10)]
        )
    for leistung in leistungen[:12]:  # recorded earlier: the whole history of a Leistung, its order kept
        erfasst = um(D(2021, 9, 1) + dt.timedelta(days=rng.randint(0, 300)), rng.randint(0, 23))
        spaetestens = StatusAenderung.objects.filter(leistung=leistung).order_by("-erfasst_am").first()
        if spaetestens is not None:
            StatusAenderung.objects.filter(leistung=leistung).update(
                erfasst_am=F("erfasst_am") - (spaetestens.erfasst_am - erfasst)
            )
    runde = erhebungsrunde_oeffnen(
        name="Januar 2022", stichtag=D(2022, 1, 31), frist=D(2022, 2, 28), geoeffnet_am=um(D(2022, 1, 10))
    )
    gefragt = {e.leistung_id: e.amt_id for e in RundenEintrag.objects.filter(runde=runde)}
    for user, amt in ((amtsleitung33, amt33), (amtsleitung51, amt51)):
        eigene = [leistung for leistung in leistungen if gefragt.get(leistung.pk) == amt.pk]
        for i, leistung in enumerate(eigene[: max(1, len(eigene) - 1)]):
            leistung.refresh_from_db()
            antworten(runde, user, leistung, am=um(D(2022, 2, 1) + dt.timedelta(days=9 * i)))
    erhebungsrunde_abschliessen(runde=runde, abgeschlossen_am=um(D(2022, 3, 1)))
    april = erhebungsrunde_oeffnen(
        name="April 2022", stichtag=D(2022, 4, 30), frist=D(2022, 5, 6), geoeffnet_am=um(D(2022, 4, 4))
    )
    gefragt = {e.leistung_id: e.amt_id for e in RundenEintrag.objects.filter(runde=april)}
    for user, amt in ((amtsleitung33, amt33), (amtsleitung51, amt51)):
        eigene = [leistung for leistung in leistungen if gefragt.get(leistung.pk) == amt.pk]
        for leistung in eigene[-2:]:  # the last two asked, one of them left open in January
            leistung.refresh_from_db()
            if leistung.status_id is None:  # cannot be confirmed
                continue
            antworten(april, user, leistung, am=um(D(2022, 4, 20)))
    erhebungsrunde_abschliessen(runde=april, abgeschlossen_am=um(D(2022, 5, 9)))
    return {"amt51": amt51, "runde": runde}


STICHTAGE = [
    D(2021, 10, 31),  # a Sunday before every change
    D(2021, 12, 5),  # Sunday
    D(2022, 1, 30),  # Sunday before the round's Stichtag: no closed round
    D(2022, 2, 2),  # Wednesday: answers in the period, the round not closed by its Stichtag's rule yet
    D(2022, 3, 6),  # Sunday after the round
    D(2022, 3, 31),  # Thursday
    D(2022, 5, 15),  # Sunday after the April round
    D(2022, 7, 1),  # after every change
]


@pytest.mark.parametrize("tage", [180, 30])
def test_how_current_the_figures_are_on_every_kind_of_date_is_the_first_definition(verlauf, today, tage):
    assert RundenEintrag.objects.filter(beantwortet_am__isnull=False).count() >= 2
    bestaetigt = set()
    for stichtag in [*STICHTAGE, today]:
        erwartet = definition(stichtag, tage=tage)
        aktualitaet = status_aktualitaet(stichtag=stichtag, tage=tage)
        assert gezaehlt(aktualitaet) == erwartet, stichtag
        assert aktualitaet.gesamt.basis == sum(basis for basis, _, _ in erwartet.values())
        bestaetigt |= {(stichtag, n) for _, r, z in erwartet.values() for n in (r, z) if n}
        amt = verlauf["amt51"]
        nur_amt = status_aktualitaet(stichtag=stichtag, amt=amt, tage=tage)
        assert gezaehlt(nur_amt) == definition(stichtag, amt=amt, tage=tage), (stichtag, "Amt 51")
    assert len({tag for tag, _ in bestaetigt}) >= 3  # confirmations counted on several dates, not only zeros


@pytest.mark.parametrize(
    ("stichtag", "abfragen"),
    [
        (None, 4),  # today: round, statuses, one grouped count, Ämter
        (D(2022, 3, 6), 5),  # a Sunday: and the weekly counts after it
        (D(2022, 3, 9), 6),  # a Wednesday: and the days since the Sunday before
    ],
    ids=["heute", "Sonntag", "Mittwoch"],
)
def test_how_current_the_figures_are_takes_a_fixed_number_of_queries(
    verlauf, make_leistung, statuses, amt51, stichtag, abfragen, django_assert_num_queries
):
    with django_assert_num_queries(abfragen):
        klein = status_aktualitaet(stichtag=stichtag)
    for i in range(20):
        leistung = make_leistung(amt=amt51 if i % 2 else None)
        leistungen_status_setzen(aenderungen=[(leistung, statuses["Umsetzung"], D(2022, 1, 3) + dt.timedelta(i))])
    assert Leistung.objects.count() > 2 * 16
    with django_assert_num_queries(abfragen):
        gross = status_aktualitaet(stichtag=stichtag)
    assert gross.gesamt.basis > klein.gesamt.basis
