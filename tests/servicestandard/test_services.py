"""Assessing a Leistung's online service: results with note, who and when, history, lost updates, who may."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from servicestandard.models import Ergebnis, Pruefung
from servicestandard.selectors import servicestandard_checkliste, servicestandard_verlauf
from servicestandard.services import Eintrag, PruefungKonflikt, leistung_pruefen, leistungen_pruefen, pruefung_version

from .conftest import A, E, N, T

pytestmark = pytest.mark.django_db


def ergebnisse(leistung) -> dict[int, tuple[str, str]]:
    return {
        e.prinzip.nummer: (e.ergebnis, e.notiz)
        for e in Ergebnis.objects.filter(pruefung__leistung=leistung).select_related("prinzip")
    }


def test_results_are_saved_with_note_who_and_when_and_raise_the_version(standard, dienst, redaktion):
    aenderungen = leistung_pruefen(
        leistung=dienst,
        eintraege=standard.eintraege({1: E, 4: N, 13: A}, notizen={4: " Nachweise als Upload "}),
        version=0,
        user=redaktion,
    )

    assert str(aenderungen) == "3 neu, 0 geändert, 0 entfernt, 0 unverändert"
    assert ergebnisse(dienst) == {1: (E, ""), 4: (N, "Nachweise als Upload"), 13: (A, "")}
    assert set(Ergebnis.objects.values_list("geprueft_von__username", flat=True)) == {"redaktion"}
    assert pruefung_version(leistung=dienst, fassung=standard.fassung) == 1
    checkliste = servicestandard_checkliste(dienst)
    assert checkliste.gruppen[0].punkte[3].ergebnis_text == "nicht erfüllt"
    assert checkliste.gruppen[0].punkte[1].ergebnis_text == "nicht geprüft"
    assert checkliste.geaendert_von == "redaktion"


def test_a_change_and_a_removal_are_kept_in_the_history_and_unchanged_results_are_not_touched(
    standard, dienst, redaktion
):
    leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({1: E, 2: T}), version=0, user=redaktion)

    aenderungen = leistung_pruefen(
        leistung=dienst, eintraege=standard.eintraege({1: E, 2: N, 3: None}), version=1, user=redaktion
    )
    leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({1: None}), version=2, user=redaktion)

    assert str(aenderungen) == "0 neu, 1 geändert, 0 entfernt, 2 unverändert"
    assert ergebnisse(dienst) == {2: (N, "")}
    verlauf = [(v.art, v.prinzip, v.ergebnis, v.wer) for v in servicestandard_verlauf(dienst)]
    assert verlauf == [
        ("entfernt", "1 Nutzerbedürfnisse", "erfüllt", "redaktion"),
        ("geändert", "2 Einfach und intuitiv", "nicht erfüllt", "redaktion"),
        ("gesetzt", "2 Einfach und intuitiv", "teilweise", "redaktion"),
        ("gesetzt", "1 Nutzerbedürfnisse", "erfüllt", "redaktion"),
    ]
    assert pruefung_version(leistung=dienst, fassung=standard.fassung) == 3


def test_nothing_changed_writes_nothing_and_keeps_the_version(standard, dienst, redaktion):
    leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({1: E}), version=0, user=redaktion)

    aenderungen = leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({1: E}), version=1, user=redaktion)

    assert aenderungen.gesamt == 0
    assert Ergebnis.history.count() == 1
    assert Pruefung.objects.get().version == 1


def test_an_assessment_on_an_outdated_version_is_refused_and_writes_nothing(standard, dienst, redaktion):
    leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({1: E}), version=0, user=redaktion)

    with pytest.raises(PruefungKonflikt) as caught:
        leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({1: N, 2: E}), version=0, user=redaktion)

    assert (
        "wurde inzwischen von jemand anderem geändert. Ihre Änderung wurde nicht gespeichert"
        in (caught.value.messages[0])
    )
    assert ergebnisse(dienst) == {1: (E, "")}


def test_an_amtsleitung_assesses_its_own_amt_s_services(standard, dienst, amtsleitung33):
    leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({9: E}), version=0, user=amtsleitung33)

    assert ergebnisse(dienst) == {9: (E, "")}


@pytest.mark.parametrize("person", ["amtsleitung51", "leitung"])
def test_anyone_else_is_refused_and_nothing_is_written(standard, dienst, person, request):
    user = request.getfixturevalue(person)

    with pytest.raises(PermissionDenied, match="nicht nach dem Servicestandard prüfen"):
        leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({9: E}), version=0, user=user)

    assert not Pruefung.objects.exists() and not Ergebnis.objects.exists()


def test_an_amtsleitung_may_not_assess_a_service_without_amt(standard, online, amtsleitung33, redaktion):
    ohne_amt = online(amt=None)

    with pytest.raises(PermissionDenied):
        leistung_pruefen(leistung=ohne_amt, eintraege=standard.eintraege({9: E}), version=0, user=amtsleitung33)
    leistung_pruefen(leistung=ohne_amt, eintraege=standard.eintraege({9: E}), version=0, user=redaktion)
    assert ergebnisse(ohne_amt) == {9: (E, "")}


def test_a_service_without_online_service_is_refused(standard, make_leistung, statuses, redaktion, a_date):
    from catalog.services import leistung_status_setzen

    wartend = make_leistung()
    leistung_status_setzen(leistung=wartend, status=statuses["Wartend"], gueltig_ab=a_date)

    with pytest.raises(ValidationError, match="nur eine Leistung mit Online-Dienst"):
        leistung_pruefen(leistung=wartend, eintraege=standard.eintraege({1: E}), version=0, user=redaktion)
    assert not Pruefung.objects.exists()
    # in Umsetzung (getting an online service) it may be assessed
    leistung_status_setzen(leistung=wartend, status=statuses["Umsetzung"], gueltig_ab=a_date)
    leistung_pruefen(leistung=wartend, eintraege=standard.eintraege({1: E}), version=0, user=redaktion)
    assert ergebnisse(wartend) == {1: (E, "")}


@pytest.mark.parametrize(
    ("eintrag", "meldung"),
    [
        (Eintrag(ergebnis="super"), "„super“ ist kein Ergebnis; möglich sind: „erfüllt“, „teilweise“"),
        (Eintrag(ergebnis=E, notiz="x" * 301), "Die Notiz zu Prinzip 1 ist länger als 300 Zeichen."),
        (Eintrag(ergebnis=None, notiz="ohne Ergebnis"), "Die Notiz zu Prinzip 1 braucht ein Ergebnis."),
    ],
)
def test_bad_entries_are_refused_with_a_german_message(standard, dienst, redaktion, eintrag, meldung):
    with pytest.raises(ValidationError) as caught:
        leistung_pruefen(
            leistung=dienst,
            eintraege={standard.prinzipien[1]: eintrag, standard.prinzipien[2]: Eintrag(E)},
            version=0,
            user=redaktion,
        )

    assert meldung in caught.value.messages[0]
    assert not Ergebnis.objects.exists()


def test_the_import_s_results_keep_the_notes_and_a_form_s_results_replace_them(standard, dienst, redaktion):
    leistung_pruefen(
        leistung=dienst, eintraege=standard.eintraege({4: N}, notizen={4: "Upload"}), version=0, user=redaktion
    )

    leistungen_pruefen(pruefungen={dienst: {standard.prinzipien[4]: Eintrag(ergebnis=T, notiz=None)}})
    assert ergebnisse(dienst) == {4: (T, "Upload")}

    leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({4: T}), version=2, user=redaktion)
    assert ergebnisse(dienst) == {4: (T, "")}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_saving_at_once_one_wins_and_the_other_is_told(dienst, redaktion):
    """On PostgreSQL two threads with their own connections race for the first assessment; SQLite serialises
    writes, so there they run one after the other. Either way exactly one lands, the other gets a conflict."""
    from .conftest import Standard

    standard = Standard()
    results = {}
    barrier = threading.Barrier(2)

    def save(name, ergebnis):
        try:
            if connection.vendor == "postgresql":
                barrier.wait(timeout=10)
            leistung_pruefen(leistung=dienst, eintraege=standard.eintraege({1: ergebnis}), version=0, user=redaktion)
            results[name] = "gespeichert"
        except PruefungKonflikt:
            results[name] = "abgewiesen"
        finally:
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=save, args=args) for args in (("Anna", E), ("Bernd", N))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        save("Anna", E)
        save("Bernd", N)

    assert sorted(results.values()) == ["abgewiesen", "gespeichert"]
    gewinner = E if results["Anna"] == "gespeichert" else N
    assert ergebnisse(dienst) == {1: (gewinner, "")}
    assert Pruefung.objects.get().version == 1


def test_several_at_once_with_a_person_are_refused_if_one_is_of_another_amt(
    standard, dienst, online, amt51, amtsleitung33
):
    fremd = online(amt=amt51)

    with pytest.raises(PermissionDenied, match=fremd.schluessel_formatiert):
        leistungen_pruefen(
            pruefungen={dienst: standard.eintraege({1: E}), fremd: standard.eintraege({1: E})}, user=amtsleitung33
        )

    assert not Ergebnis.objects.exists()
