"""Capacities and Vorgaben in the admin (Redaktion Amt 15): saved through the services, German errors on the
form, outdated versions refused with nothing lost."""

import pytest
from django.urls import reverse

from planung.models import Kapazitaet, Planvorgabe, Teilkapazitaet
from planung.plan import Art
from planung.quartal import Quartal
from planung.services import kapazitaet_speichern, planvorgabe_setzen

pytestmark = pytest.mark.django_db
NEU = reverse("admin:planung_kapazitaet_add")
LISTE = reverse("admin:planung_kapazitaet_changelist")


@pytest.fixture
def editor(client, redaktion):
    client.force_login(redaktion)
    return client


def kapazitaet_post(client, url, *, jahr="2027", quartal="1", anzahl="20", version="", grenzen=(), vorhandene=()):
    """``grenzen``: [(amt id or "", status id or "", anzahl)]; ``vorhandene``: Teilkapazitaet rows shown."""
    zeilen = list(vorhandene) + list(grenzen)
    daten = {
        "jahr": jahr,
        "quartal": quartal,
        "anzahl": anzahl,
        "bemerkung": "",
        "version": version,
        "teile-TOTAL_FORMS": str(len(zeilen)),
        "teile-INITIAL_FORMS": str(len(vorhandene)),
        "teile-MIN_NUM_FORMS": "0",
        "teile-MAX_NUM_FORMS": "1000",
        "_save": "Sichern",
    }
    for index, zeile in enumerate(zeilen):
        if isinstance(zeile, Teilkapazitaet):
            zeile = (zeile.amt_id or "", zeile.plattform_id or "", zeile.anzahl, zeile.pk)
        amt, plattform, n, *pk = zeile
        daten |= {f"teile-{index}-amt": amt, f"teile-{index}-plattform": plattform, f"teile-{index}-anzahl": n}
        if pk:
            daten |= {f"teile-{index}-id": pk[0], f"teile-{index}-kapazitaet": ""}
    return client.post(url, daten)


def test_the_redaktion_records_a_quarter_with_an_amt_limit(editor, redaktion, amt33):
    response = kapazitaet_post(editor, NEU, grenzen=[(amt33.pk, "", "5")])
    assert response.status_code == 302, response.content.decode()[:3000]
    k = Kapazitaet.objects.get()
    assert (str(k), k.version, k.geaendert_von) == ("Q1/2027: 20 Leistungen", 1, redaktion)
    assert [str(t) for t in k.teile.all()] == ["Amt 33: höchstens 5"]
    liste = editor.get(LISTE).content.decode()
    assert "Q1/2027" in liste and "Amt 33: höchstens 5" in liste and "Ein Quartal ohne Kapazität" in liste


def test_a_change_replaces_the_limit_and_counts_the_version(editor, amt33, statuses):
    k = kapazitaet_speichern(quartal=Quartal(2027, 1), anzahl=20, teile=[])
    url = reverse("admin:planung_kapazitaet_change", args=[k.pk])
    assert "Grenzen für einzelne Ämter oder Plattformen" in editor.get(url).content.decode()
    fabrik = statuses["Digitalisierungsfabrik"].pk
    response = kapazitaet_post(editor, url, anzahl="25", version="1", grenzen=[("", fabrik, "7")])
    assert response.status_code == 302
    k.refresh_from_db()
    assert (k.anzahl, k.version, [str(t) for t in k.teile.all()]) == (25, 2, ["Digitalisierungsfabrik: höchstens 7"])


def test_a_limit_above_the_total_is_a_german_form_error(editor, amt33):
    response = kapazitaet_post(editor, NEU, anzahl="4", grenzen=[(amt33.pk, "", "6")])
    assert response.status_code == 200
    assert (
        "Die Grenze für Amt 33 (6) ist größer als die Kapazität des Quartals insgesamt (4)" in response.content.decode()
    )
    assert not Kapazitaet.objects.exists()


def test_a_limit_for_both_an_amt_and_a_platform_is_a_german_form_error(editor, amt33, statuses):
    response = kapazitaet_post(editor, NEU, grenzen=[(amt33.pk, statuses["Wartend"].pk, "2")])
    assert "Eine Grenze gilt entweder für ein Amt oder für eine Plattform (Status)." in response.content.decode()
    assert not Kapazitaet.objects.exists()


def test_a_second_record_for_a_quarter_is_a_german_form_error(editor):
    kapazitaet_speichern(quartal=Quartal(2027, 1), anzahl=20)
    response = kapazitaet_post(editor, NEU, anzahl="3")
    assert "Für dieses Quartal ist bereits eine Kapazität erfasst" in response.content.decode()
    assert list(Kapazitaet.objects.values_list("anzahl", flat=True)) == [20]


def test_saving_an_outdated_version_is_refused_and_the_other_change_stays(editor, amt33):
    k = kapazitaet_speichern(quartal=Quartal(2027, 1), anzahl=20)
    kapazitaet_speichern(quartal=Quartal(2027, 1), anzahl=30, kapazitaet=k, version=1)  # someone else
    url = reverse("admin:planung_kapazitaet_change", args=[k.pk])
    response = kapazitaet_post(editor, url, anzahl="10", version="1")
    assert "wurde inzwischen von jemand anderem geändert (jetzt Version 2)" in response.content.decode()
    k.refresh_from_db()
    assert (k.anzahl, k.version) == (30, 2)


def test_deleting_a_capacity_goes_through_the_service(editor, amt33):
    k = kapazitaet_speichern(quartal=Quartal(2027, 1), anzahl=20)
    response = editor.post(reverse("admin:planung_kapazitaet_delete", args=[k.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Kapazitaet.objects.exists()
    assert Kapazitaet.history.filter(history_type="-").exists()


# --- Vorgaben ----------------------------------------------------------------------------------------------------


def vorgabe_post(client, url, leistung, *, art="festgelegt", jahr="", quartal="", grund="Frist", version=""):
    daten = {"leistung": leistung.pk, "art": art, "jahr": jahr, "quartal": quartal, "grund": grund, "version": version}
    return client.post(url, daten | {"_save": "Sichern"})


def test_the_redaktion_pins_a_service_on_a_quarter(editor, redaktion, leistung, laufend):
    url = reverse("admin:planung_planvorgabe_add")
    assert "Grund" in editor.get(url).content.decode()
    response = vorgabe_post(editor, url, leistung, jahr=str(laufend.jahr), quartal=str(laufend.nummer))
    assert response.status_code == 302
    v = Planvorgabe.objects.get()
    assert (v.quartal_wert, v.grund, v.erfasst_von, v.version) == (laufend, "Frist", redaktion, 1)
    liste = editor.get(reverse("admin:planung_planvorgabe_changelist")).content.decode()
    assert str(laufend) in liste and "wirkt im Plan" in liste


@pytest.mark.parametrize(
    ("felder", "meldung"),
    [
        ({"jahr": "2020", "quartal": "1"}, "Q1/2020 liegt in der Vergangenheit"),
        ({}, "Bitte das Quartal angeben, auf das die Leistung festgelegt wird."),
        ({"jahr": "2030"}, "Bitte Jahr und Quartal angeben (oder beides leer lassen)."),
        ({"art": "zurueckgestellt", "jahr": "2030", "quartal": "1"}, "Eine zurückgestellte Leistung hat kein Quartal"),
        ({"art": "zurueckgestellt", "grund": " "}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_wrong_vorgaben_are_german_form_errors(editor, leistung, felder, meldung):
    response = vorgabe_post(editor, reverse("admin:planung_planvorgabe_add"), leistung, **felder)
    assert response.status_code == 200
    assert meldung in response.content.decode()
    assert not Planvorgabe.objects.exists()


def test_a_vorgabe_for_a_service_that_has_one_is_refused_on_the_form(editor, leistung):
    planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="zuerst")
    response = vorgabe_post(editor, reverse("admin:planung_planvorgabe_add"), leistung, art="zurueckgestellt")
    assert "Für diese Leistung gibt es schon eine Vorgabe; bitte diese ändern." in response.content.decode()
    assert Planvorgabe.objects.get().grund == "zuerst"


def test_changing_a_vorgabe_on_an_outdated_version_is_refused(editor, leistung):
    v = planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="zuerst")
    planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="anders", planvorgabe=v, version=1)
    url = reverse("admin:planung_planvorgabe_change", args=[v.pk])
    response = vorgabe_post(editor, url, leistung, art="zurueckgestellt", grund="meins", version="1")
    assert "inzwischen von jemand anderem geändert (jetzt Version 2)" in response.content.decode()
    assert Planvorgabe.objects.get().grund == "anders"


def test_removing_a_vorgabe_goes_through_the_service(editor, leistung):
    v = planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="zuerst")
    response = editor.post(reverse("admin:planung_planvorgabe_delete", args=[v.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Planvorgabe.objects.exists()


@pytest.mark.parametrize("modell", ["kapazitaet", "planvorgabe"])
def test_the_change_page_carries_the_version_it_was_shown_with(editor, leistung, modell):
    if modell == "kapazitaet":
        obj = kapazitaet_speichern(quartal=Quartal(2027, 1), anzahl=20)
        obj = kapazitaet_speichern(quartal=Quartal(2027, 1), anzahl=21, kapazitaet=obj, version=1)
    else:
        obj = planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="x")
        obj = planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="y", planvorgabe=obj, version=1)
    seite = editor.get(reverse(f"admin:planung_{modell}_change", args=[obj.pk])).content.decode()
    assert '<input type="hidden" name="version" value="2"' in seite
