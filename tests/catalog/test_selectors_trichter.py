"""The funnel: catalogue → Kommunen → Wiesbaden, in Leistungsbündel and LeiKa-Leistungen."""

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import Katalog, Leistungsbuendel, Vollzugsebene
from catalog.selectors import Basis, trichter

pytestmark = pytest.mark.django_db


def test_the_funnel_counts_buendel_and_leistungen_at_each_level(make_leistung, buendel):
    zweites = Leistungsbuendel.objects.create(ozg_id="10005", name="Kindergeld")
    Leistungsbuendel.objects.create(ozg_id="10006", name="ohne Leistung")
    land = Leistungsbuendel.objects.create(ozg_id="10007", name="Landessache")
    make_leistung()  # Wiesbaden, Bündel 10559
    make_leistung()  # Wiesbaden, Bündel 10559
    make_leistung(von_wiesbaden_umzusetzen=False, buendel=zweites)  # Kommune only
    make_leistung(von_wiesbaden_umzusetzen=False, vollzugsebene=Vollzugsebene.LAND, buendel=land, amt=None)
    make_leistung(von_wiesbaden_umzusetzen=False, vollzugsebene=Vollzugsebene.BUND, buendel=None, amt=None)

    stufen = trichter()

    assert [(s.basis, s.leistungsbuendel, s.leistungen) for s in stufen] == [
        (Basis.KATALOG, 4, 5),  # every Bündel of the catalogue, also one without Leistungen
        (Basis.KOMMUNE, 2, 3),
        (Basis.WIESBADEN, 1, 2),
    ]
    assert [s.bezeichnung for s in stufen] == [
        "Hessischer OZG-Katalog",
        "den Kommunen zugeordnet",
        "von Wiesbaden umzusetzen",
    ]


def test_the_funnel_of_an_empty_catalogue_is_all_zero(db):
    assert [(s.leistungsbuendel, s.leistungen) for s in trichter()] == [(0, 0), (0, 0), (0, 0)]


def test_the_first_step_names_the_catalogue_that_is_loaded(make_leistung, client, redaktion):
    make_leistung()
    Katalog.objects.create(
        bezeichnung="OZG-Katalog 2019 (bundesweit, Demodaten)", stand=dt.date(2019, 12, 31), quelle="OZG-Datenbank NRW"
    )

    erste = trichter()[0]

    assert erste.bezeichnung == "OZG-Katalog 2019 (bundesweit, Demodaten)"
    assert erste.beschreibung == (
        "alle OZG-Leistungsbündel und LeiKa-Leistungen des Katalogs „OZG-Katalog 2019 (bundesweit, Demodaten)“, "
        "Stand 31.12.2019, Quelle: OZG-Datenbank NRW"
    )
    client.force_login(redaktion)  # one such row: the admin offers no second one
    assert client.get(reverse("admin:catalog_katalog_add")).status_code == 403


def test_the_wiesbaden_step_counts_the_leistungen_out_of_scope_that_the_status_figures_leave_out(
    make_leistung, statuses
):
    from catalog.services import leistung_status_setzen

    make_leistung()
    for _ in range(2):
        leistung_status_setzen(
            leistung=make_leistung(), status=statuses["Nicht relevant"], gueltig_ab=dt.date(2022, 1, 3)
        )

    wiesbaden = trichter()[-1]

    assert (wiesbaden.leistungen, wiesbaden.ausser_betracht, wiesbaden.ausser_status) == (3, 2, "„Nicht relevant“")
    assert [s.ausser_betracht for s in trichter()[:2]] == [0, 0]
