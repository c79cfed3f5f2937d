"""The checklist on a Leistung's page and the assessment form /servicestandard/pruefen/<key>/: for the Redaktion
and the Amtsleitung of the Leistung's Amt only, all principles on one form, all errors at once, a stale form
writes nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicestandard.models import Ergebnis, Pruefung
from servicestandard.services import leistung_pruefen

pytestmark = pytest.mark.django_db

E, T, N, A = "erfuellt", "teilweise", "nicht_erfuellt", "nicht_anwendbar"


def formular(leistung) -> str:
    return reverse("servicestandard:pruefen", args=[leistung.leika_schluessel])


def seite(leistung) -> str:
    return reverse("dashboard:leistung", args=[leistung.leika_schluessel])


def ergebnisse(leistung) -> dict[int, tuple[str, str]]:
    rows = Ergebnis.objects.filter(pruefung__leistung=leistung).values_list("prinzip__nummer", "ergebnis", "notiz")
    return {n: (e, notiz) for n, e, notiz in rows}


def daten(standard, ergebnisse_: dict[int, str], *, version: int, notizen: dict[int, str] | None = None) -> dict:
    """A complete form: every principle (missing ones "nicht geprüft"), notes, the version."""
    notizen = notizen or {}
    werte = {"version": version}
    for nummer, prinzip in standard.prinzipien.items():
        werte[f"ergebnis_{prinzip.pk}"] = ergebnisse_.get(nummer, "")
        werte[f"notiz_{prinzip.pk}"] = notizen.get(nummer, "")
    return werte


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- the checklist on the Leistung page ----------------------------------------------------------------------


def test_the_leistung_page_shows_every_principle_by_group_with_its_result_and_the_share(
    client, leitung, standard, dienst
):
    standard.pruefe(dienst, {1: E, 2: T, 3: N, 4: A, 13: A})
    client.force_login(leitung)

    seite_ = text(client.get(seite(dienst)))

    assert (
        "Anteil erfüllt: 50\u202f% (1 erfüllt, 1 teilweise, 1 nicht erfüllt, 2 nicht anwendbar, 14 noch nicht geprüft)"
        in seite_
    )
    assert "Nutzerzentrierung (50\u202f%)" in seite_ and "Vorgehen (–)" in seite_
    assert "1 Nutzerbedürfnisse: erfüllt" in seite_ and "4 Once-Only: nicht anwendbar" in seite_
    assert "19 Nutzerzufriedenheit: nicht geprüft" in seite_
    assert "Prüfung bearbeiten" not in seite_  # the Verwaltungsführung reads only
    assert 'href="/servicestandard/?amt=33"' in client.get(seite(dienst)).content.decode()


@pytest.mark.parametrize(("person", "darf"), [("redaktion", True), ("amtsleitung33", True), ("amtsleitung51", False)])
def test_the_link_to_the_form_is_there_for_those_who_may_assess(client, request, standard, dienst, person, darf):
    client.force_login(request.getfixturevalue(person))

    inhalt = client.get(seite(dienst)).content.decode()

    assert (f'href="{formular(dienst)}"' in inhalt) is darf
    assert ("Online-Dienst prüfen" in inhalt) is darf  # not assessed yet: the button says so


def test_a_leistung_without_online_service_says_it_is_not_assessed(client, redaktion, leistung):
    client.force_login(redaktion)

    seite_ = text(client.get(seite(leistung)))

    assert "nur ein Online-Dienst geprüft; diese Leistung hat keinen" in seite_
    assert "Online-Dienst prüfen" not in seite_


def test_the_checklist_takes_a_fixed_number_of_queries(
    client, leitung, standard, dienst, online, django_assert_num_queries
):
    client.force_login(leitung)
    standard.pruefe(dienst, {1: E})
    voll = online(bezeichnung="voll")
    standard.pruefe(voll, standard.alle(T))

    with CaptureQueriesContext(connection) as wenig:
        client.get(seite(dienst))
    with django_assert_num_queries(len(wenig)):
        client.get(seite(voll))


# --- the form ------------------------------------------------------------------------------------------------


def test_the_form_has_every_principle_with_its_stored_result_and_note(client, amtsleitung33, standard, dienst):
    standard.pruefe(dienst, {4: N})
    Ergebnis.objects.filter(prinzip__nummer=4).update(notiz="Nachweise als Upload")
    client.force_login(amtsleitung33)

    response = client.get(formular(dienst))

    inhalt = response.content.decode()
    assert response.status_code == 200
    assert inhalt.count('type="radio"') == 19 * 5
    vier = standard.prinzipien[4].pk
    assert re.search(rf'name="ergebnis_{vier}" value="nicht_erfuellt"[^>]*checked', inhalt)
    assert 'value="Nachweise als Upload"' in inhalt
    assert 'name="version" value="1"' in inhalt


def test_the_amtsleitung_saves_all_principles_at_once(client, amtsleitung33, standard, dienst):
    client.force_login(amtsleitung33)
    werte = daten(standard, {**standard.alle(E), 4: N, 13: A}, version=0, notizen={4: "Nachweise als Upload"})

    response = client.post(formular(dienst), werte, follow=True)

    assert response.redirect_chain == [(seite(dienst), 302)]
    assert "Prüfung nach dem Servicestandard gespeichert (19 neu, 0 geändert, 0 entfernt, 0 unverändert)." in text(
        response
    )
    gespeichert = ergebnisse(dienst)
    assert len(gespeichert) == 19 and gespeichert[4] == (N, "Nachweise als Upload") and gespeichert[13] == (A, "")
    assert Ergebnis.objects.filter(geprueft_von=amtsleitung33).count() == 19
    assert "Anteil erfüllt: 94\u202f%" in text(response)  # (17 + 0) ÷ 18, on the checklist it comes back to

    nochmal = client.post(formular(dienst), {**werte, "version": 1}, follow=True)
    assert "Keine Änderung: die Prüfung war bereits so gespeichert." in text(nochmal)


def test_nicht_geprueft_removes_a_result_and_the_history_says_so(client, redaktion, standard, dienst):
    standard.pruefe(dienst, {1: E, 2: T})
    client.force_login(redaktion)

    client.post(formular(dienst), daten(standard, {1: E}, version=1))

    assert ergebnisse(dienst) == {1: (E, "")}
    verlauf = text(client.get(formular(dienst)))
    assert "2 Einfach und intuitiv entfernt teilweise" in verlauf


def test_all_mistakes_are_reported_at_once_and_nothing_is_written(client, amtsleitung33, standard, dienst):
    client.force_login(amtsleitung33)
    werte = daten(standard, {1: E, 2: E}, version=0, notizen={3: "ohne Ergebnis", 5: "auch ohne", 2: "x" * 301})

    response = client.post(formular(dienst), werte)

    assert response.status_code == 200
    fehler = text(response)
    assert "Bitte die markierten Angaben korrigieren; gespeichert wurde nichts." in fehler
    assert "Notiz zu Prinzip 3: Eine Notiz braucht ein Ergebnis: bitte für Prinzip 3 ein Ergebnis wählen" in fehler
    assert "Notiz zu Prinzip 5: Eine Notiz braucht ein Ergebnis" in fehler
    assert "Notiz zu Prinzip 2: Die Notiz darf höchstens 300 Zeichen lang sein (jetzt 301)." in fehler
    assert ergebnisse(dienst) == {} and not Pruefung.objects.exists()
    assert 'value="ohne Ergebnis"' in response.content.decode()  # nothing the user typed is lost


def test_a_stale_form_writes_nothing_says_so_and_keeps_what_the_user_entered(
    client, amtsleitung33, redaktion, standard, dienst
):
    client.force_login(amtsleitung33)
    alt = client.get(formular(dienst)).context["form"]["version"].value()
    # meanwhile the Redaktion assesses principle 1
    leistung_pruefen(
        leistung=dienst, eintraege=standard.eintraege({1: T}, {1: "Nutzertest fehlt"}), version=0, user=redaktion
    )

    response = client.post(formular(dienst), daten(standard, {1: E, 2: E}, version=alt))

    assert response.status_code == 200
    meldung = text(response)
    assert "wurde inzwischen von jemand anderem geändert" in meldung and "nicht gespeichert" in meldung
    assert ergebnisse(dienst) == {1: (T, "Nutzertest fehlt")}
    assert "Inzwischen gespeichert: teilweise – Nutzertest fehlt" in meldung
    inhalt = response.content.decode()
    eins = standard.prinzipien[1].pk
    assert re.search(rf'name="ergebnis_{eins}" value="erfuellt"[^>]*checked', inhalt)  # the user's choice stays
    assert 'name="version" value="1"' in inhalt  # saving again is a decision made with both in view

    client.post(formular(dienst), daten(standard, {1: E, 2: E}, version=1))
    assert ergebnisse(dienst) == {1: (E, ""), 2: (E, "")}


@pytest.mark.parametrize("person", ["amtsleitung51", "leitung"])
def test_a_crafted_post_for_another_amt_s_leistung_is_refused_and_writes_nothing(
    client, request, standard, dienst, person
):
    client.force_login(request.getfixturevalue(person))

    response = client.post(formular(dienst), daten(standard, standard.alle(E), version=0))

    assert response.status_code == 404
    assert ergebnisse(dienst) == {} and not Pruefung.objects.exists()


def test_the_amtsleitung_cannot_assess_a_service_of_another_amt(client, amtsleitung33, standard, online, amt51):
    fremd = online(bezeichnung="Kita-Platz", amt=amt51)
    client.force_login(amtsleitung33)

    assert client.get(formular(fremd)).status_code == 404
    assert client.post(formular(fremd), daten(standard, {1: E}, version=0)).status_code == 404
    assert ergebnisse(fremd) == {}


def test_a_leistung_without_online_service_has_no_form_and_a_post_writes_nothing(client, redaktion, standard, leistung):
    client.force_login(redaktion)

    response = client.get(formular(leistung))
    assert response.status_code == 200 and response.context["form"] is None
    assert "Das trifft auf diese Leistung nicht zu." in text(response)

    client.post(formular(leistung), daten(standard, {1: E}, version=0))
    assert ergebnisse(leistung) == {}


def test_the_form_takes_a_fixed_number_of_queries(client, redaktion, standard, dienst, django_assert_num_queries):
    client.force_login(redaktion)
    with CaptureQueriesContext(connection) as leer:
        client.get(formular(dienst))
    standard.pruefe(dienst, standard.alle(T))
    standard.pruefe(dienst, standard.alle(E))  # history rows too
    with django_assert_num_queries(len(leer)):
        client.get(formular(dienst))


def test_after_a_conflict_saving_again_overwrites_only_what_the_user_changed(
    client, amtsleitung33, redaktion, standard, dienst
):
    standard.pruefe(dienst, {1: E, 2: E, 3: E})
    client.force_login(amtsleitung33)
    gezeigt = client.get(formular(dienst)).context["form"]
    werte = {name: gezeigt[name].value() for name in gezeigt.fields}
    # meanwhile the Redaktion changes principles 1 and 3
    leistung_pruefen(
        leistung=dienst, eintraege=standard.eintraege({1: T, 3: N}, {1: "Nutzertest fehlt"}), version=1, user=redaktion
    )
    p1, p2, p3 = (standard.prinzipien[n].pk for n in (1, 2, 3))
    werte |= {f"ergebnis_{p2}": N, f"ergebnis_{p3}": T}  # the user changes 2 and 3, leaves 1 as it was

    response = client.post(formular(dienst), werte)

    inhalt = response.content.decode()
    assert re.search(rf'name="ergebnis_{p1}" value="teilweise"[^>]*checked', inhalt)  # the new state, not the old
    assert 'value="Nutzertest fehlt"' in inhalt
    assert re.search(rf'name="ergebnis_{p2}" value="nicht_erfuellt"[^>]*checked', inhalt)  # the user's changes stay
    assert re.search(rf'name="ergebnis_{p3}" value="teilweise"[^>]*checked', inhalt)
    assert text(response).count("Inzwischen gespeichert:") == 1  # only 3 was changed by both
    assert "Inzwischen gespeichert: nicht erfüllt" in text(response)

    client.post(formular(dienst), {name: response.context["form"][name].value() for name in gezeigt.fields})
    assert ergebnisse(dienst) == {1: (T, "Nutzertest fehlt"), 2: (N, ""), 3: (T, "")}
