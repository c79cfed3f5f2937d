"""generate_scale_data: a synthetic catalogue of the demo's shape, N times its size, consistent with the as-of rule."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from catalog.models import Leistung, Leistungsbuendel, StatusAenderung, Vollzugsebene
from catalog.selectors import Basis, leistungen_mit_status_am, trichter

pytestmark = pytest.mark.django_db


def test_a_small_factor_gives_the_demos_shape_at_that_scale():
    out = StringIO()
    call_command("generate_scale_data", "--factor", "0.05", stdout=out)

    # round(557 × 0.05), round(4813 × 0.05); 607/210 Kommune and 512/176 Wiesbaden, scaled
    assert [(s.leistungsbuendel, s.leistungen) for s in trichter()] == [(28, 241), (10, 30), (9, 26)]
    verlauf = Leistung.objects.annotate(n=Count("status_aenderungen")).values_list("n", flat=True)
    assert min(verlauf) >= 5 and max(verlauf) <= 15
    assert 8 <= StatusAenderung.objects.count() / Leistung.objects.count() <= 12  # about ten per Leistung
    assert not Leistung.objects.filter(vollzugsebene=Vollzugsebene.KOMMUNE, amt__isnull=True).exists()
    assert Leistungsbuendel.history.count() == 28 and Leistung.history.count() == 241  # written with history
    assert "Synthetische Daten: 241 Leistungen in 28 Bündeln" in out.getvalue()


def test_the_history_keeps_the_status_services_invariants():
    call_command("generate_scale_data", "--factor", "0.02", stdout=StringIO())
    heute = timezone.localdate()

    # the current status is the status as of today by the history, for every Leistung
    paare = list(leistungen_mit_status_am(heute, basis=Basis.KATALOG).values_list("status_am", "status_id"))
    assert len(paare) == 96 and all(am == aktuell and aktuell is not None for am, aktuell in paare)
    assert not StatusAenderung.objects.filter(gueltig_ab__gt=heute).exists()
    # alter_status is the status before; consecutive changes differ
    for leistung_id in Leistung.objects.values_list("pk", flat=True)[:20]:
        zeilen = list(
            StatusAenderung.objects.filter(leistung_id=leistung_id)
            .order_by("gueltig_ab", "erfasst_am", "id")
            .values_list("alter_status_id", "neuer_status_id")
        )
        assert zeilen[0][0] is None
        for (_, vorher), (alt, neu) in zip(zeilen, zeilen[1:], strict=False):
            assert alt == vorher and neu != vorher


def test_it_refuses_a_catalogue_that_is_not_empty(leistung):
    with pytest.raises(CommandError, match="enthält bereits 1 Leistungen"):
        call_command("generate_scale_data", "--factor", "1", stdout=StringIO())
    assert Leistung.objects.count() == 1


@pytest.mark.parametrize("factor", ["0", "-1", "101"])
def test_it_refuses_a_factor_out_of_range(db, factor):
    with pytest.raises(CommandError, match="--factor muss größer als 0 und höchstens 100 sein"):
        call_command("generate_scale_data", "--factor", factor, stdout=StringIO())
    assert not Leistung.objects.exists()
