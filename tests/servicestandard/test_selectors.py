"""The Servicestandard's figures: the counting rule, per principle, group and Amt, the filters, fixed queries."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Leistung
from servicestandard.filters import ServicestandardFilter
from servicestandard.selectors import Zaehlung, servicestandard_checkliste, servicestandard_stand

from .conftest import T

pytestmark = pytest.mark.django_db


def test_teilweise_counts_half_and_nicht_anwendbar_leaves_the_base(zwei):
    stand = servicestandard_stand()

    a, b = stand.leistungen
    assert (a.bezeichnung, a.zaehlung.grad, a.zaehlung.prozent(), a.vollstaendig) == ("A", Fraction(1, 2), 50, False)
    assert (a.zaehlung.nicht_anwendbar, a.zaehlung.nicht_geprueft) == (1, 15)
    assert (b.bezeichnung, b.zaehlung.grad, b.vollstaendig) == ("B", 1, True)
    prinzip = {p.nummer: p.zaehlung for p in stand.prinzipien}
    assert prinzip[2].grad == Fraction(3, 4)  # teilweise + erfüllt
    assert prinzip[3].grad == Fraction(1, 2)  # nicht erfüllt + erfüllt
    assert prinzip[4].grad == 1  # nicht anwendbar + erfüllt: only B in the base
    assert (prinzip[5].grad, prinzip[5].nicht_geprueft) == (1, 1)  # A has no result yet
    assert (prinzip[13].basis, prinzip[13].grad, prinzip[13].prozent()) == (0, None, None)
    # groups, Ämter and the whole pool all results (each result weighs the same)
    gruppen = {g.name: g.zaehlung for g in stand.gruppen}
    assert gruppen["Nutzerzentrierung"].grad == Fraction(15, 18)  # (1 + ½ + 0 + 6) / (3 + 6)
    assert gruppen["Nutzerzentrierung"].prozent() == Decimal("83.3")
    assert gruppen["Offenheit"].grad == 1 and gruppen["Offenheit"].nicht_anwendbar == 1
    assert [(amt.nummer, amt.leistungen, amt.zaehlung.prozent()) for amt in stand.aemter] == [(33, 1, 50), (51, 1, 100)]
    assert stand.gesamt.grad == Fraction(39, 42)  # (1.5 + 18) / (3 + 18)
    assert stand.gesamt.prozent() == Decimal("92.9")
    assert stand.gesamt.ergebnisse == 23 and stand.vollstaendig == 1


def test_percentages_round_half_up():
    assert Zaehlung(erfuellt=1, teilweise=0, nicht_erfuellt=7).prozent() == Decimal("12.5")
    assert Zaehlung(erfuellt=1, nicht_erfuellt=7).prozent(0) == 13  # 12.5 → 13, as everywhere in the portal
    assert Zaehlung(teilweise=1, nicht_erfuellt=1).prozent() == 25


@pytest.mark.parametrize(
    ("parameter", "erwartet"),
    [
        ({"amt": "51"}, ["B"]),
        ({"amt": "33"}, ["A"]),
        ({"plattform": "civento"}, ["A"]),
        ({"ozg_booster": "ja"}, ["B"]),
        ({"ozg_booster": "nein"}, ["A"]),
        ({"themenfeld": "Familie & Kind"}, ["B"]),
        ({"themenfeld": "Ein- & Auswanderung", "plattform": "efa"}, []),
        ({}, ["A", "B"]),
    ],
)
def test_the_filters_narrow_the_counted_services(zwei, parameter, erwartet):
    filterset = ServicestandardFilter(parameter, queryset=Leistung.objects.all())
    assert filterset.is_valid()

    stand = servicestandard_stand(leistungen=filterset.qs)

    assert [z.bezeichnung for z in stand.leistungen] == erwartet
    assert stand.gesamt.ergebnisse == sum(z.zaehlung.ergebnisse for z in stand.leistungen)


def test_an_empty_selection_has_no_degree(standard):
    stand = servicestandard_stand()

    assert stand.leistungen == [] and stand.aemter == []
    assert stand.gesamt.grad is None
    assert len(stand.prinzipien) == 19


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_the_figures_take_a_fixed_number_of_queries_at_two_sizes(standard, online, amt51):
    from servicestandard.services import leistungen_pruefen

    def mehr(anzahl):
        neue = [online(amt=amt51 if i % 2 else None) for i in range(anzahl)]
        leistungen_pruefen(pruefungen={le: standard.eintraege(standard.alle(T)) for le in neue})
        return neue

    def zaehlen(geprueft, ungeprueft):
        gefiltert = ServicestandardFilter({"amt": "51"}, queryset=Leistung.objects.all())
        return (
            _queries(lambda: servicestandard_stand()),
            _queries(lambda: servicestandard_stand(leistungen=gefiltert.qs)),
            _queries(lambda: servicestandard_checkliste(geprueft)),
            _queries(lambda: servicestandard_checkliste(ungeprueft)),
        )

    erste = mehr(2)[0]
    ungeprueft = online()
    klein = zaehlen(erste, ungeprueft)
    mehr(20)
    gross = zaehlen(erste, ungeprueft)

    assert len(servicestandard_stand().leistungen) == 22
    # the filter reads its Amt once; a Leistung without assessment asks whether it may be assessed instead of
    # reading its results
    assert klein == gross == (4, 5, 4, 4)
