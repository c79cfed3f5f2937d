"""The scorecard in the admin: weights that add up to 100 %, valid criteria, a Leistung's ratings."""

from decimal import Decimal

import pytest
from django.urls import reverse

from scorecard.forms import begruendung_field_name, option_field_name
from scorecard.models import Bereich, Bewertung, Kriterium, LeistungBewertung
from scorecard.selectors import rangliste

from .conftest import BEISPIEL, ERLEICHTERUNG, NUR_KOMPLEXITAET, NUR_RELEVANZ

pytestmark = pytest.mark.django_db

BEREICHE = reverse("admin:scorecard_bereich_changelist")
KRITERIUM_NEU = reverse("admin:scorecard_kriterium_add")


@pytest.fixture
def editor_client(client, redaktion):
    client.force_login(redaktion)
    return client


def gewichte_post(client, gewichte: dict[str, str]):
    bereiche = list(Bereich.objects.order_by("reihenfolge", "id"))
    data = {
        "form-TOTAL_FORMS": str(len(bereiche)),
        "form-INITIAL_FORMS": str(len(bereiche)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Sichern",
    }
    for index, bereich in enumerate(bereiche):
        data[f"form-{index}-id"] = str(bereich.pk)
        data[f"form-{index}-gewicht"] = gewichte.get(bereich.name, str(bereich.gewicht))
        data[f"form-{index}-reihenfolge"] = str(bereich.reihenfolge)
    return client.post(BEREICHE, data)


def gewichte():
    return {b.name: b.gewicht for b in Bereich.objects.all()}


def test_weights_not_adding_up_to_100_are_refused_and_nothing_is_saved(editor_client):
    before = gewichte()

    response = gewichte_post(editor_client, {"Relevanz für Bürger": "60"})

    assert response.status_code == 200
    assert "Die Gewichte aller Bereiche müssen zusammen genau 100 % ergeben; so wären es 110\u202f%." in (
        response.content.decode()
    )
    assert gewichte() == before


def test_weights_changed_together_are_saved_and_rerank_at_once(editor_client, scorecard, make_leistung):
    buergernah = make_leistung()
    einfach = make_leistung()
    scorecard.bewerte(buergernah, NUR_RELEVANZ)
    scorecard.bewerte(einfach, NUR_KOMPLEXITAET)
    assert rangliste().zeilen[0].leistung_id == buergernah.pk

    response = gewichte_post(editor_client, {"Relevanz für Bürger": "20", "Umsetzungskomplexität": "60"})

    assert response.status_code == 302
    assert gewichte()["Umsetzungskomplexität"] == Decimal("60")
    assert [z.leistung_id for z in rangliste().zeilen] == [einfach.pk, buergernah.pk]


def test_one_areas_weight_alone_cannot_break_the_100_percent(editor_client):
    bereich = Bereich.objects.get(name="Umsetzungskomplexität")
    url = reverse("admin:scorecard_bereich_change", args=[bereich.pk])

    response = editor_client.post(url, {"name": bereich.name, "gewicht": "25", "reihenfolge": "3"})

    assert response.status_code == 200
    assert "so wären es 95\u202f%" in response.content.decode()
    assert "ändern Sie die Gewichte gemeinsam in der Liste der Bereiche" in response.content.decode()
    bereich.refresh_from_db()
    assert bereich.gewicht == 30


def test_renaming_an_area_keeps_working(editor_client):
    bereich = Bereich.objects.get(name="Umsetzungskomplexität")
    url = reverse("admin:scorecard_bereich_change", args=[bereich.pk])

    response = editor_client.post(url, {"name": "Aufwand der Umsetzung", "gewicht": "30", "reihenfolge": "3"})

    assert response.status_code == 302
    assert Bereich.objects.filter(name="Aufwand der Umsetzung").exists()


def test_an_area_with_weight_cannot_be_deleted(editor_client):
    bereich = Bereich.objects.get(name="Umsetzungskomplexität")

    response = editor_client.post(
        reverse("admin:scorecard_bereich_delete", args=[bereich.pk]), {"post": "yes"}, follow=True
    )

    assert "hat ein Gewicht von 30\u202f% und kann nicht gelöscht werden" in response.content.decode()
    assert Bereich.objects.filter(pk=bereich.pk).exists()


def kriterium_post(client, optionen: list[tuple[str, str]], name="Barrierefreiheit"):
    data = {
        "bereich": str(Bereich.objects.get(name="Relevanz für Bürger").pk),
        "name": name,
        "frage": "Ist die Zielgruppe auf barrierefreie Angebote angewiesen?",
        "reihenfolge": "4",
        "optionen-TOTAL_FORMS": str(len(optionen)),
        "optionen-INITIAL_FORMS": "0",
        "optionen-MIN_NUM_FORMS": "0",
        "optionen-MAX_NUM_FORMS": "1000",
    }
    for index, (label, punkte) in enumerate(optionen):
        data[f"optionen-{index}-bezeichnung"] = label
        data[f"optionen-{index}-punkte"] = punkte
        data[f"optionen-{index}-reihenfolge"] = str(index)
    return client.post(KRITERIUM_NEU, data)


def test_a_criterion_with_fewer_than_two_options_is_refused(editor_client):
    response = kriterium_post(editor_client, [("ja", "3")])

    assert "Ein Kriterium braucht mindestens zwei Antwortoptionen." in response.content.decode()
    assert not Kriterium.objects.filter(name="Barrierefreiheit").exists()


def test_a_criterion_whose_best_option_is_worth_nothing_is_refused(editor_client):
    response = kriterium_post(editor_client, [("ja", "0"), ("nein", "0")])

    assert "Die beste Antwortoption eines Kriteriums muss mehr als 0 Punkte haben." in response.content.decode()
    assert not Kriterium.objects.filter(name="Barrierefreiheit").exists()


def test_options_must_differ_in_more_than_case_and_spaces(editor_client):
    response = kriterium_post(editor_client, [("sehr hoch", "3"), ("Sehr  hoch", "1")])

    assert "unterscheiden sich nur in Groß-/Kleinschreibung oder Leerzeichen" in response.content.decode()
    assert not Kriterium.objects.filter(name="Barrierefreiheit").exists()


def test_a_criterion_name_that_the_import_could_not_tell_apart_is_refused(editor_client):
    response = kriterium_post(editor_client, [("ja", "3"), ("nein", "0")], name="grad der  erleichterung")

    assert "Es gibt bereits das Kriterium „Grad der Erleichterung“" in response.content.decode()


def test_a_valid_criterion_is_saved_and_every_rating_becomes_incomplete(editor_client, scorecard, leistung):
    scorecard.bewerte(leistung, BEISPIEL)

    response = kriterium_post(editor_client, [("ja", "3"), ("nein", "0")])

    assert response.status_code == 302
    assert Kriterium.objects.get(name="Barrierefreiheit").optionen.count() == 2
    assert rangliste().zeilen[0].ergebnis.anzeige == "unvollständig (8 von 9 Kriterien)"


def bewertung_url(leistung):
    return reverse("admin:scorecard_leistungbewertung_change", args=[leistung.pk])


def test_the_admin_shows_a_leistungs_breakdown_and_its_score_in_the_list(editor_client, scorecard, leistung):
    scorecard.bewerte(leistung, BEISPIEL)

    change = editor_client.get(bewertung_url(leistung)).content.decode()
    liste = editor_client.get(reverse("admin:scorecard_leistungbewertung_changelist")).content.decode()

    assert "Scorecard: so entsteht der Gesamtwert" in change
    assert "15 von 18 Punkte" in change and "71,7" in change
    assert "(Vorschlag – bitte prüfen)" in change
    assert "71,7" in liste


def test_ratings_edited_in_the_admin_go_through_the_rating_service(editor_client, scorecard, leistung, redaktion):
    data = {}
    for name, kriterium in scorecard.kriterien.items():
        data[option_field_name(kriterium)] = str(scorecard.option(name, BEISPIEL[name]).pk)
        data[begruendung_field_name(kriterium)] = "im Workshop besprochen"
    data[option_field_name(scorecard.kriterien["Technischer Aufwand"])] = ""  # left unrated

    response = editor_client.post(bewertung_url(leistung), data)

    assert response.status_code == 302
    assert Bewertung.objects.filter(leistung=leistung).count() == len(BEISPIEL) - 1
    assert set(Bewertung.history.filter(leistung_id=leistung.pk).values_list("history_user", flat=True)) == {
        redaktion.pk
    }
    assert rangliste().zeilen[0].ergebnis.anzeige == "unvollständig (7 von 8 Kriterien)"
    leistung.refresh_from_db()
    assert leistung.bezeichnung == "Meldebescheinigung Ausstellung"


def test_a_stale_admin_form_is_refused(editor_client, scorecard, leistung, leitung):
    kriterium = scorecard.kriterien[ERLEICHTERUNG]
    version = editor_client.get(bewertung_url(leistung)).context["adminform"].form["bewertung_version"].value()
    scorecard.bewerte(leistung, {ERLEICHTERUNG: "niedrig"}, user=leitung)

    response = editor_client.post(
        bewertung_url(leistung),
        {"bewertung_version": version, option_field_name(kriterium): scorecard.option(ERLEICHTERUNG, "hoch").pk},
    )

    assert response.status_code == 200
    assert "wurde inzwischen von jemand anderem geändert" in response.content.decode()
    assert list(Bewertung.objects.values_list("option__bezeichnung", flat=True)) == ["niedrig"]


def test_the_leistung_cannot_be_added_or_deleted_from_the_scorecard_admin(editor_client, leistung):
    assert editor_client.get(reverse("admin:scorecard_leistungbewertung_add")).status_code == 403
    assert editor_client.get(reverse("admin:scorecard_leistungbewertung_delete", args=[leistung.pk])).status_code == 403
    assert LeistungBewertung.objects.filter(pk=leistung.pk).exists()


def test_an_option_still_chosen_somewhere_cannot_be_deleted(editor_client, scorecard, leistung):
    scorecard.bewerte(leistung, {ERLEICHTERUNG: "mittel"})
    kriterium = scorecard.kriterien[ERLEICHTERUNG]
    data = {
        "bereich": str(kriterium.bereich_id),
        "name": kriterium.name,
        "frage": kriterium.frage,
        "reihenfolge": str(kriterium.reihenfolge),
        "optionen-TOTAL_FORMS": "3",
        "optionen-INITIAL_FORMS": "3",
        "optionen-MIN_NUM_FORMS": "0",
        "optionen-MAX_NUM_FORMS": "1000",
    }
    for index, option in enumerate(kriterium.optionen.order_by("reihenfolge")):
        data.update(
            {
                f"optionen-{index}-id": str(option.pk),
                f"optionen-{index}-kriterium": str(kriterium.pk),
                f"optionen-{index}-bezeichnung": option.bezeichnung,
                f"optionen-{index}-punkte": str(option.punkte),
                f"optionen-{index}-reihenfolge": str(option.reihenfolge),
            }
        )
        if option.bezeichnung == "mittel":
            data[f"optionen-{index}-DELETE"] = "on"

    response = editor_client.post(reverse("admin:scorecard_kriterium_change", args=[kriterium.pk]), data)

    assert response.status_code == 200
    assert (
        "Das Löschen des Antwortoption-Objekts „mittel (3 Punkte)“ würde ein Löschen der folgenden geschützten "
        "verwandten Objekte erfordern: Bewertung 99.050.042.000.000 · Grad der Erleichterung: mittel"
    ) in response.content.decode()
    assert "mittel" in [o.bezeichnung for o in kriterium.optionen.all()]
    assert Bewertung.objects.filter(option__bezeichnung="mittel").exists()
