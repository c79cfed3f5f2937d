"""generate_scale_data: a synthetic catalogue of the demo's shape, N times its size, written like real changes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from catalog.models import Leistung, Leistungsbuendel, StatusAenderung, Vollzugsebene
from catalog.selectors import Basis, leistungen_mit_status_am, trichter

pytestmark = pytest.mark.django_db


def test_a_small_factor_gives_the_demos_shape_and_a_history_the_status_service_wrote():
    out = StringIO()
    call_command("generate_scale_data", "--factor", "0.02", stdout=out)

    # round(557 × 0.02), round(4813 × 0.02); 607/210 Kommune and 512/176 Wiesbaden, scaled (both 4 Bündel: the
    # Kommune-only Leistungen get one Bündel of their own)
    assert [(s.leistungsbuendel, s.leistungen) for s in trichter()] == [(11, 96), (5, 12), (4, 10)]
    assert not Leistung.objects.filter(vollzugsebene=Vollzugsebene.KOMMUNE, amt__isnull=True).exists()
    assert Leistungsbuendel.history.filter(history_type="+").count() == 11
    verlauf = list(Leistung.objects.annotate(n=Count("status_aenderungen")).values_list("n", flat=True))
    assert min(verlauf) >= 5 and max(verlauf) <= 16  # 5 to 15 planned, one in ten with one back-dated
    assert 8 <= sum(verlauf) / len(verlauf) <= 12  # about ten per Leistung
    assert StatusAenderung.objects.filter(grund__endswith="nachgetragen").exists()
    assert f"Synthetische Daten: 96 Leistungen in 11 Bündeln, {sum(verlauf)} Statusänderungen" in out.getvalue()

    # written through the service: the current status is the status as of today by the history
    heute = timezone.localdate()
    paare = list(leistungen_mit_status_am(heute, basis=Basis.KATALOG).values_list("status_am", "status_id"))
    assert len(paare) == 96 and all(am == aktuell and aktuell is not None for am, aktuell in paare)
    assert not StatusAenderung.objects.filter(gueltig_ab__gt=heute).exists()


def test_it_refuses_a_catalogue_that_is_not_empty(leistung):
    with pytest.raises(CommandError, match="enthält bereits 1 Leistungen"):
        call_command("generate_scale_data", "--factor", "1", stdout=StringIO())
    assert Leistung.objects.count() == 1


@pytest.mark.parametrize("factor", ["0", "-1", "101"])
def test_it_refuses_a_factor_out_of_range(db, factor):
    with pytest.raises(CommandError, match="--factor muss größer als 0 und höchstens 100 sein"):
        call_command("generate_scale_data", "--factor", factor, stdout=StringIO())
    assert not Leistung.objects.exists()
