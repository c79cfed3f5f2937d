"""The standard in the admin: a later version is added without code; principles stay matchable by the import."""

import datetime as dt

import pytest
from django.urls import reverse

from servicestandard.models import Fassung, Gruppe, Prinzip
from servicestandard.selectors import aktuelle_fassung, servicestandard_checkliste

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, redaktion):
    client.force_login(redaktion)
    return client


def test_the_admin_lists_the_fassung_and_the_principles_in_german(admin_client):
    fassungen = admin_client.get(reverse("admin:servicestandard_fassung_changelist")).content.decode()
    prinzipien = admin_client.get(reverse("admin:servicestandard_prinzip_changelist")).content.decode()

    assert "Fassungen des Servicestandards" in fassungen and "OZG-Servicestandard 2020" in fassungen
    assert "Once-Only" in prinzipien and "Wirksamkeit und Transparenz" in prinzipien


def test_a_later_version_is_added_in_the_admin_and_applies_from_its_day(admin_client, dienst, today):
    response = admin_client.post(
        reverse("admin:servicestandard_fassung_add"),
        {
            "name": "OZG-Servicestandard 2030",
            "gueltig_ab": today.strftime("%d.%m.%Y"),
            "quelle": "",
            "gruppen-TOTAL_FORMS": "1",
            "gruppen-INITIAL_FORMS": "0",
            "gruppen-MIN_NUM_FORMS": "0",
            "gruppen-MAX_NUM_FORMS": "1000",
            "gruppen-0-name": "Nutzerzentrierung",
            "gruppen-0-reihenfolge": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gruppe = Gruppe.objects.get(fassung__name="OZG-Servicestandard 2030")
    response = admin_client.post(
        reverse("admin:servicestandard_prinzip_add"),
        {"gruppe": gruppe.pk, "nummer": "1", "kurztitel": "Nutzerbedürfnisse", "text": "Neu gefasst."},
    )
    assert response.status_code == 302

    assert aktuelle_fassung().name == "OZG-Servicestandard 2030"
    assert aktuelle_fassung(today - dt.timedelta(days=1)).name == "OZG-Servicestandard 2020"
    checkliste = servicestandard_checkliste(dienst)
    assert [(g.name, [p.prinzip.titel for p in g.punkte]) for g in checkliste.gruppen] == [
        ("Nutzerzentrierung", ["1 Nutzerbedürfnisse"])
    ]


@pytest.mark.parametrize(
    ("felder", "meldung"),
    [
        ({"nummer": "4"}, "Diese Fassung hat schon das Prinzip 4."),
        ({"kurztitel": "ONCE  only!"}, "Es gibt in dieser Fassung schon das Prinzip „4 Once-Only“"),
        ({"kurztitel": "19"}, "Der Kurztitel braucht mindestens einen Buchstaben."),
    ],
)
def test_a_principle_s_number_and_short_title_stay_unique_in_its_fassung(admin_client, felder, meldung):
    prinzip = Prinzip.objects.get(nummer=1)
    daten = {"gruppe": prinzip.gruppe_id, "nummer": "1", "kurztitel": prinzip.kurztitel, "text": prinzip.text}

    response = admin_client.post(reverse("admin:servicestandard_prinzip_change", args=[prinzip.pk]), daten | felder)

    assert response.status_code == 200
    assert meldung in response.content.decode()
    prinzip.refresh_from_db()
    assert (prinzip.nummer, prinzip.kurztitel) == (1, "Nutzerbedürfnisse")
    assert Fassung.objects.count() == 1
