"""``/rueckmeldung/``: an Amtsleitung answers for its own Amt, all or nothing, nothing lost, nothing overwritten."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import StatusAenderung
from catalog.services import leistung_aendern, leistung_status_setzen
from erhebungsrunde.models import RundenEintrag
from erhebungsrunde.services import erhebungsrunde_abschliessen, erhebungsrunde_oeffnen
from tests.dashboard.conftest import text_von
from tests.erhebungsrunde.conftest import eintrag

pytestmark = pytest.mark.django_db
URL = "/rueckmeldung/"


@pytest.fixture
def als33(client, amtsleitung33):
    client.force_login(amtsleitung33)
    return client


def felder(seite) -> dict:
    """The hidden fields of the page's form (versions), as the browser sends them back."""
    return dict(re.findall(r'<input type="hidden" name="(version_\d+)" value="(\d+)"', seite.content.decode()))


def antworten_stand(runde) -> dict:
    return dict(RundenEintrag.objects.filter(runde=runde).values_list("leistung__bezeichnung", "antwort"))


def test_the_page_lists_the_own_amts_leistungen_only(als33, runde, katalog):
    text = text_von(als33.get(URL))
    assert "Amt 33 – Bürgeramt: 3 Leistungen gefragt, 3 noch offen" in text
    for name in ("Meldebescheinigung", "Reisepass", "Personalausweis"):
        assert name in text
    assert "Kita-Platz" not in text and "Elterngeld" not in text


def test_confirm_some_and_change_one_in_one_submit(als33, runde, katalog, statuses, amtsleitung33):
    seite = als33.get(URL)
    melde, pass_, ausweis = (eintrag(runde, katalog[n]) for n in ("melde", "pass", "ausweis"))
    antwort = als33.post(
        URL,
        {
            **felder(seite),
            "aktion": "speichern",
            f"antwort_{pass_.pk}": "bestaetigen",
            f"antwort_{ausweis.pk}": "bestaetigen",
            f"kommentar_{ausweis.pk}": "läuft gut",
            f"antwort_{melde.pk}": "aendern",
            f"status_{melde.pk}": statuses["Umsetzung"].pk,
            f"gueltig_ab_{melde.pk}": "",
            f"grund_{melde.pk}": "Projekt begonnen",
        },
    )
    assert antwort.status_code == 302
    text = text_von(als33.get(URL))
    assert "Gespeichert: 2 Leistungen unverändert bestätigt und 1 geändert. Damit ist alles beantwortet" in text
    assert antworten_stand(runde) | {"Kita-Platz": "", "Elterngeld-Beratung": ""} == {
        "Meldebescheinigung": "geaendert",
        "Reisepass": "bestaetigt",
        "Personalausweis": "bestaetigt",
        "Kita-Platz": "",
        "Elterngeld-Beratung": "",
    }
    zeile = StatusAenderung.objects.filter(leistung=katalog["melde"]).latest("id")
    assert (zeile.neuer_status, zeile.gueltig_ab, zeile.grund, zeile.erfasst_von) == (
        statuses["Umsetzung"],
        timezone.localdate(),
        "Projekt begonnen",
        amtsleitung33,
    )
    assert eintrag(runde, katalog["ausweis"]).kommentar == "läuft gut"
    assert "Schon beantwortet (3)" in text


def test_a_mistake_anywhere_saves_nothing_and_keeps_every_entry(als33, runde, katalog, statuses):
    seite = als33.get(URL)
    melde, pass_ = eintrag(runde, katalog["melde"]), eintrag(runde, katalog["pass"])
    antwort = als33.post(
        URL,
        {
            **felder(seite),
            f"antwort_{pass_.pk}": "bestaetigen",
            f"kommentar_{pass_.pk}": "bitte nicht verlieren",
            f"antwort_{melde.pk}": "aendern",
            f"status_{melde.pk}": statuses["Umsetzung"].pk,
            f"gueltig_ab_{melde.pk}": "31.12.2099",
        },
    )
    assert antwort.status_code == 200
    text = text_von(antwort)
    assert "Bitte die markierten Angaben korrigieren; gespeichert wurde nichts." in text
    assert "Meldebescheinigung: Das Datum 31.12.2099 liegt in der Zukunft" in text
    assert "Meldebescheinigung: Bitte einen Grund für die Statusänderung angeben." in text
    assert 'value="bitte nicht verlieren"' in antwort.content.decode()
    assert set(antworten_stand(runde).values()) == {""}


def test_details_without_a_choice_are_an_error_not_lost(als33, runde, katalog):
    melde = eintrag(runde, katalog["melde"])
    antwort = als33.post(URL, {**felder(als33.get(URL)), f"kommentar_{melde.pk}": "Frage an Amt 15"})
    assert "keine Rückmeldung gewählt" in text_von(antwort)
    assert set(antworten_stand(runde).values()) == {""}


def test_a_crafted_post_for_another_amts_leistung_is_refused(als33, runde, katalog):
    kita, melde = eintrag(runde, katalog["kita"]), eintrag(runde, katalog["melde"])
    antwort = als33.post(
        URL,
        {
            **felder(als33.get(URL)),
            f"antwort_{melde.pk}": "bestaetigen",
            f"antwort_{kita.pk}": "bestaetigen",
            f"version_{kita.pk}": kita.leistung.version,
        },
    )
    assert antwort.status_code == 403
    assert "nicht zu Amt 33 gehören" in text_von(antwort)
    assert set(antworten_stand(runde).values()) == {""}


def test_a_status_changed_since_the_page_was_loaded_is_not_overwritten(als33, runde, katalog, statuses, redaktion):
    seite = als33.get(URL)
    melde, pass_ = eintrag(runde, katalog["melde"]), eintrag(runde, katalog["pass"])
    leistung_aendern(
        leistung=katalog["melde"],
        version=melde.leistung.version,
        status=statuses["Abgeschlossen"],
        gueltig_ab=timezone.localdate(),
        grund="online",
        user=redaktion,
    )
    antwort = als33.post(
        URL,
        {
            **felder(seite),
            f"antwort_{melde.pk}": "bestaetigen",
            f"antwort_{pass_.pk}": "bestaetigen",
            f"kommentar_{pass_.pk}": "meine Notiz",
        },
    )
    assert antwort.status_code == 200
    text = text_von(antwort)
    assert "Die Leistung „Meldebescheinigung“ wurde inzwischen von jemand anderem geändert." in text
    assert "inzwischen geändert – bitte neu entscheiden" in text
    assert set(antworten_stand(runde).values()) == {""}
    inhalt = antwort.content.decode()
    assert 'value="meine Notiz"' in inhalt  # the user's other entries are kept
    # the changed row offers the current state: its new version, its answer cleared
    assert f'name="version_{melde.pk}" value="{melde.leistung.version + 1}"' in inhalt
    assert not re.search(rf'name="antwort_{melde.pk}" value="bestaetigen"[^>]*checked', inhalt)
    assert re.search(rf'name="antwort_{pass_.pk}" value="bestaetigen"[^>]*checked', inhalt)

    wieder = als33.post(
        URL, {**felder(antwort), f"antwort_{pass_.pk}": "bestaetigen", f"antwort_{melde.pk}": "bestaetigen"}
    )
    assert wieder.status_code == 302
    assert eintrag(runde, katalog["melde"]).status == statuses["Abgeschlossen"]


def test_all_the_rest_is_confirmed_after_a_look_at_the_list(als33, runde, katalog, statuses):
    melde = eintrag(runde, katalog["melde"])
    daten = {
        **felder(als33.get(URL)),
        f"antwort_{melde.pk}": "aendern",
        f"status_{melde.pk}": statuses["Umsetzung"].pk,
        f"grund_{melde.pk}": "Start",
        "aktion": "uebrige_pruefen",
    }
    vorschau = als33.post(URL, daten)
    text = text_von(vorschau)
    assert vorschau.status_code == 200
    assert "werden 2 Leistungen unverändert bestätigt" in text
    liste = text.split("Diese 2 Leistungen werden unverändert bestätigt")[1]
    assert f"Reisepass ({katalog['pass'].schluessel_formatiert}) Umsetzung" in liste
    assert f"Personalausweis ({katalog['ausweis'].schluessel_formatiert}) Abgeschlossen" in liste
    assert "Meldebescheinigung" not in liste
    assert set(antworten_stand(runde).values()) == {""}  # nothing written yet

    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', vorschau.content.decode()))
    hidden.pop("csrfmiddlewaretoken", None)
    assert als33.post(URL, {**hidden, "aktion": "uebrige_bestaetigen"}).status_code == 302
    assert antworten_stand(runde) == {
        "Meldebescheinigung": "geaendert",
        "Reisepass": "bestaetigt",
        "Personalausweis": "bestaetigt",
        "Kita-Platz": "",
        "Elterngeld-Beratung": "",
    }
    assert [eintrag(runde, katalog[n]).status.bezeichnung for n in ("pass", "ausweis")] == [
        "Umsetzung",
        "Abgeschlossen",
    ]


def test_a_closed_round_takes_no_answer(als33, runde, katalog):
    seite = als33.get(URL)
    melde = eintrag(runde, katalog["melde"])
    erhebungsrunde_abschliessen(runde=runde)
    antwort = als33.post(URL, {**felder(seite), f"antwort_{melde.pk}": "bestaetigen"})
    assert antwort.status_code == 403  # no open round any more
    assert "Zurzeit ist keine Erhebungsrunde offen" in text_von(als33.get(URL))
    assert eintrag(runde, katalog["melde"]).antwort == ""


def test_readers_without_an_amt_are_told_who_answers(client, leitung, runde, katalog):
    client.force_login(leitung)
    text = text_von(client.get(URL))
    assert "Rückmeldungen geben die Amtsleitungen, jede für die Leistungen ihres Amts." in text
    assert client.post(URL, {}).status_code == 403


def test_the_page_takes_a_fixed_number_of_queries(
    client, amtsleitung33, make_leistung, statuses, django_assert_num_queries
):
    def baue(n):
        for i in range(n):
            leistung = make_leistung(bezeichnung=f"Leistung {n}-{i}")
            leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))

    baue(3)
    heute = timezone.localdate()
    runde = erhebungsrunde_oeffnen(name="Klein", stichtag=heute, frist=heute)
    client.force_login(amtsleitung33)
    with CaptureQueriesContext(connection) as wenig:
        assert client.get(URL).status_code == 200
    erhebungsrunde_abschliessen(runde=runde)
    baue(40)
    erhebungsrunde_oeffnen(name="Groß", stichtag=heute, frist=heute)
    with django_assert_num_queries(len(wenig)):
        assert "43 Leistungen gefragt" in text_von(client.get(URL))


def test_a_date_before_the_ozg_asks_for_a_confirmation_as_the_status_form_does(als33, runde, katalog, statuses):
    melde = eintrag(runde, katalog["melde"])
    daten = {
        **felder(als33.get(URL)),
        f"antwort_{melde.pk}": "aendern",
        f"status_{melde.pk}": statuses["Umsetzung"].pk,
        f"gueltig_ab_{melde.pk}": "01.01.2010",
        f"grund_{melde.pk}": "nachgetragen",
    }
    frage = als33.post(URL, daten)

    assert frage.status_code == 200
    assert (
        "Meldebescheinigung: Das Datum 01.01.2010 liegt vor dem Inkrafttreten des Onlinezugangsgesetzes am "
        "14.08.2017. Ist es richtig, bitte unten bestätigen." in text_von(frage)
    )
    assert f'name="datum_bestaetigt_{melde.pk}"' in frage.content.decode()
    assert "Ja, der Status gilt wirklich schon vor dem 14.08.2017." in text_von(frage)
    assert f'name="datum_bestaetigt_{melde.pk}"' not in als33.get(URL).content.decode()  # asked only then
    assert set(antworten_stand(runde).values()) == {""}

    # confirmed: the service decides; its message names the Leistung by its name, as the form's messages do
    bestaetigt = als33.post(URL, {**daten, f"datum_bestaetigt_{melde.pk}": "on"})
    text = text_von(bestaetigt)
    assert (
        "Meldebescheinigung: Der neue Status gilt ab 01.01.2010, doch eine spätere Statusänderung bleibt der aktuelle "
        "Status; bitte ein späteres Datum wählen." in text
    )
    assert katalog["melde"].schluessel_formatiert + ":" not in text
    assert set(antworten_stand(runde).values()) == {""}
