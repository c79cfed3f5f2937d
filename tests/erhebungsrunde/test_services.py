"""The round's writes: opening, answering (confirm or change, all or nothing, no lost update), closing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import Erhebung, ErhebungsEintrag, Leistung, StatusAenderung
from catalog.services import erhebung_anlegen, leistung_aendern, leistung_status_setzen
from erhebungsrunde.models import Antwort, Erhebungsrunde, RundenEintrag
from erhebungsrunde.services import (
    Rueckmeldung,
    RueckmeldungKonflikt,
    erhebungsrunde_abschliessen,
    erhebungsrunde_oeffnen,
    rueckmeldungen_abgeben,
)
from tests.erhebungsrunde.conftest import eintrag

pytestmark = pytest.mark.django_db
D = dt.date


def heute():
    return timezone.localdate()


# --- opening ------------------------------------------------------------------------------------------------


def test_opening_asks_every_leistung_of_the_base_in_every_amt_with_some(runde, katalog, amt33, redaktion):
    eintraege = RundenEintrag.objects.filter(runde=runde).select_related("leistung", "amt", "status_bei_oeffnung")
    assert sorted((e.amt.nummer, e.leistung.bezeichnung, str(e.status_bei_oeffnung)) for e in eintraege) == [
        (33, "Meldebescheinigung", "Wartend"),
        (33, "Personalausweis", "Abgeschlossen"),
        (33, "Reisepass", "Umsetzung"),
        (51, "Elterngeld-Beratung", "Wartend"),
        (51, "Kita-Platz", "Wartend"),
    ]  # the Fischereischein is "Nicht relevant": not in the base, not asked
    assert all(e.antwort == "" and e.beantwortet_am is None for e in eintraege)
    assert (runde.offen, runde.geoeffnet_von, runde.erhebung) == (True, redaktion, None)


def test_opening_for_named_aemter_asks_only_them(katalog, amt51):
    runde = erhebungsrunde_oeffnen(name="Nur 51", stichtag=heute(), frist=heute(), aemter=[51])
    assert set(RundenEintrag.objects.filter(runde=runde).values_list("amt__nummer", flat=True)) == {51}


def test_opening_refuses_every_mistake_at_once_in_german_and_writes_nothing(runde, amt15):
    erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=D(2022, 5, 15))
    with pytest.raises(ValidationError) as fehler:
        erhebungsrunde_oeffnen(
            name="erhebungsstand mai 2022", stichtag=heute(), frist=heute() - dt.timedelta(days=1), aemter=[15, 99]
        )
    assert fehler.value.message_dict == {
        "name": [
            "Eine Erhebung mit dem Namen „erhebungsstand mai 2022“ gibt es bereits; der Abschluss der Runde legt eine "
            "Erhebung ihres Namens an. Bitte einen anderen Namen wählen."
        ],
        "frist": [
            f"Die Frist {heute() - dt.timedelta(days=1):%d.%m.%Y} liegt vor dem Tag, an dem die Runde öffnet "
            f"({heute():%d.%m.%Y})."
        ],
        "__all__": [
            f"Die Erhebungsrunde „Erhebungsstand Test“ ist noch offen (Frist {runde.frist:%d.%m.%Y}); es kann nur "
            "eine Runde offen sein. Bitte schließen Sie sie zuerst ab."
        ],
        "aemter": [
            "Amt 15 hat keine Leistung, die von Wiesbaden umzusetzen ist; es gibt dort nichts zu fragen.",
            "Ein Amt mit der Nummer 99 gibt es nicht.",
        ],
    }
    assert Erhebungsrunde.objects.count() == 1


def test_a_stichtag_before_the_opening_day_is_refused(katalog):
    """The answers are dated from the opening on: an Erhebung of an earlier day would not contain them."""
    gestern = heute() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as fehler:
        erhebungsrunde_oeffnen(name="Rückwirkend", stichtag=gestern, frist=heute())
    assert fehler.value.message_dict == {
        "stichtag": [
            f"Der Stichtag {gestern:%d.%m.%Y} liegt vor dem Tag, an dem die Runde öffnet ({heute():%d.%m.%Y}); "
            "die Erhebung der Runde soll die Rückmeldungen enthalten. Bitte einen Stichtag ab diesem Tag wählen."
        ]
    }
    assert not Erhebungsrunde.objects.exists()


def test_a_round_opened_in_the_past_compares_its_stichtag_with_its_opening_day(katalog):
    """The demo's Mai-2022 round: opened in April 2022 with Stichtag 15.05.2022."""
    geoeffnet = timezone.make_aware(dt.datetime(2022, 4, 20, 9, 0))
    runde = erhebungsrunde_oeffnen(name="Mai", stichtag=D(2022, 5, 15), frist=D(2022, 5, 13), geoeffnet_am=geoeffnet)
    assert runde.stichtag == D(2022, 5, 15)
    erhebungsrunde_abschliessen(runde=runde)
    with pytest.raises(ValidationError, match="Der Stichtag 19.04.2022 liegt vor dem Tag"):
        erhebungsrunde_oeffnen(name="Zu früh", stichtag=D(2022, 4, 19), frist=D(2022, 5, 13), geoeffnet_am=geoeffnet)


def test_a_name_longer_than_the_field_is_a_german_message(katalog):
    """PostgreSQL would raise a DataError in English, SQLite would store it: the service checks first."""
    with pytest.raises(ValidationError) as fehler:
        erhebungsrunde_oeffnen(name="N" * 201, stichtag=heute(), frist=heute())
    assert fehler.value.message_dict == {"name": ["Der Name darf höchstens 200 Zeichen lang sein (er hat 201)."]}
    assert erhebungsrunde_oeffnen(name="N" * 200, stichtag=heute(), frist=heute()).name == "N" * 200


def test_the_database_keeps_one_round_open_also_when_the_check_is_passed(runde):
    """Two people opening at the same moment both pass the check; the partial unique index lets one in."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Erhebungsrunde.objects.create(name="Zweite", stichtag=heute(), frist=heute())
    assert Erhebungsrunde.objects.filter(offen=True).count() == 1


# --- answering ----------------------------------------------------------------------------------------------


def test_a_confirmation_is_recorded_but_writes_no_status_history(runde, katalog, amtsleitung33, antworten):
    verlauf = StatusAenderung.objects.count()
    version = Leistung.objects.get(pk=katalog["melde"].pk).version
    ergebnis = antworten(runde, amtsleitung33, katalog["melde"], katalog["pass"])

    assert str(ergebnis) == "2 Leistungen unverändert bestätigt"
    assert StatusAenderung.objects.count() == verlauf  # a confirmation is not a change
    assert Leistung.objects.get(pk=katalog["melde"].pk).version == version
    e = eintrag(runde, katalog["pass"])
    assert (e.antwort, e.status.bezeichnung, e.beantwortet_von, e.statusaenderung) == (
        Antwort.BESTAETIGT,
        "Umsetzung",
        amtsleitung33,
        None,
    )
    assert timezone.now() - e.beantwortet_am < dt.timedelta(minutes=1)


def test_a_change_goes_through_the_status_service_with_date_and_reason(runde, katalog, amtsleitung33, antworten):
    ab = heute() - dt.timedelta(days=3)
    antworten(runde, amtsleitung33, (katalog["melde"], katalog["pass"].status, ab, "Online-Dienst in Arbeit"))

    e = eintrag(runde, katalog["melde"])
    zeile = StatusAenderung.objects.filter(leistung=katalog["melde"]).latest("id")
    assert (e.antwort, e.status.bezeichnung, e.statusaenderung) == (Antwort.GEAENDERT, "Umsetzung", zeile)
    assert (zeile.alter_status.bezeichnung, zeile.neuer_status.bezeichnung, zeile.gueltig_ab) == (
        "Wartend",
        "Umsetzung",
        ab,
    )
    assert (zeile.erfasst_von, zeile.grund) == (amtsleitung33, "Online-Dienst in Arbeit")
    assert Leistung.objects.get(pk=katalog["melde"].pk).status.bezeichnung == "Umsetzung"


def test_one_wrong_answer_refuses_the_whole_submit(runde, katalog, amtsleitung33, antworten, statuses):
    vorher = (StatusAenderung.objects.count(), list(RundenEintrag.objects.values_list("antwort", flat=True)))
    with pytest.raises(ValidationError) as fehler:
        antworten(
            runde,
            amtsleitung33,
            katalog["ausweis"],
            (katalog["melde"], statuses["Umsetzung"], heute(), "Start"),
            (katalog["pass"], statuses["Umsetzung"], heute(), ""),  # already Umsetzung, and no reason
        )
    assert fehler.value.messages == [
        "Reisepass: „Umsetzung“ ist schon der aktuelle Status; bitte „unverändert bestätigen“ wählen.",
        "Reisepass: Bitte einen Grund für die Statusänderung angeben.",
    ]
    assert (StatusAenderung.objects.count(), list(RundenEintrag.objects.values_list("antwort", flat=True))) == vorher


def test_a_status_changed_meanwhile_is_not_overwritten_and_named(runde, katalog, amtsleitung33, redaktion, statuses):
    melde, pass_ = eintrag(runde, katalog["melde"]), eintrag(runde, katalog["pass"])
    gesehen = {melde.pk: melde.leistung.version, pass_.pk: pass_.leistung.version}
    leistung_aendern(  # someone else saves the Leistung after the page was loaded
        leistung=katalog["melde"],
        version=gesehen[melde.pk],
        status=statuses["Abgeschlossen"],
        gueltig_ab=heute(),
        grund="online",
        user=redaktion,
    )
    with pytest.raises(RueckmeldungKonflikt) as konflikt:
        rueckmeldungen_abgeben(
            runde=runde,
            rueckmeldungen=[Rueckmeldung(eintrag_id=pk, version=v) for pk, v in gesehen.items()],
            user=amtsleitung33,
        )
    assert konflikt.value.eintrag_ids == {melde.pk}
    assert konflikt.value.messages == [
        "Die Leistung „Meldebescheinigung“ wurde inzwischen von jemand anderem geändert. Ihre "
        "Änderung wurde nicht gespeichert; bitte prüfen Sie die aktuellen Werte und ändern Sie sie erneut."
    ]
    assert not RundenEintrag.objects.exclude(antwort="").exists()  # the other one is not saved either


def test_an_entry_answered_meanwhile_is_not_answered_twice(runde, katalog, amtsleitung33, redaktion, antworten):
    e = eintrag(runde, katalog["melde"])
    antworten(runde, redaktion, katalog["melde"])
    with pytest.raises(RueckmeldungKonflikt, match="inzwischen beantwortet") as konflikt:
        rueckmeldungen_abgeben(
            runde=runde, rueckmeldungen=[Rueckmeldung(eintrag_id=e.pk, version=e.leistung.version)], user=amtsleitung33
        )
    assert konflikt.value.eintrag_ids == {e.pk}
    assert konflikt.value.messages[0].startswith("Die Leistung „Meldebescheinigung“ (redaktion, ")
    assert eintrag(runde, katalog["melde"]).beantwortet_von == redaktion


def test_an_amtsleitung_answers_for_its_own_amt_only(runde, katalog, amtsleitung51, leitung, antworten):
    for user in (amtsleitung51, leitung):
        with pytest.raises(PermissionDenied):
            antworten(runde, user, katalog["kita"], katalog["melde"])
    assert not RundenEintrag.objects.exclude(antwort="").exists()
    antworten(runde, amtsleitung51, katalog["kita"])
    assert eintrag(runde, katalog["kita"]).antwort == Antwort.BESTAETIGT


def test_a_change_a_later_change_keeps_from_being_current_is_refused(
    runde, katalog, amtsleitung33, statuses, antworten
):
    leistung_status_setzen(leistung=katalog["melde"], status=statuses["Umsetzung"], gueltig_ab=heute())
    katalog["melde"].refresh_from_db()
    with pytest.raises(ValidationError, match="eine spätere Statusänderung bleibt der aktuelle Status"):
        antworten(runde, amtsleitung33, (katalog["melde"], statuses["Abgeschlossen"], D(2022, 1, 3), "alt"))
    assert StatusAenderung.objects.filter(leistung=katalog["melde"]).count() == 2  # rolled back


# --- closing ------------------------------------------------------------------------------------------------


def test_closing_freezes_the_erhebung_as_erhebung_anlegen_does_and_keeps_the_answers(
    runde, katalog, amtsleitung33, redaktion, statuses, antworten
):
    antworten(runde, amtsleitung33, katalog["ausweis"], (katalog["melde"], statuses["Umsetzung"], heute(), "Start"))
    erhebung = erhebungsrunde_abschliessen(runde=runde, user=redaktion)

    runde.refresh_from_db()
    assert (runde.offen, runde.erhebung, runde.abgeschlossen_von) == (False, erhebung, redaktion)
    assert (erhebung.name, erhebung.stichtag, erhebung.erstellt_von) == (runde.name, runde.stichtag, redaktion)
    with transaction.atomic():  # the same rows as an Erhebung made without a round
        vergleich = erhebung_anlegen(name="Vergleich", stichtag=runde.stichtag)
        assert sorted(ErhebungsEintrag.objects.filter(erhebung=erhebung).values_list("leistung", "status", "amt")) == (
            sorted(ErhebungsEintrag.objects.filter(erhebung=vergleich).values_list("leistung", "status", "amt"))
        )
        transaction.set_rollback(True)
    antwort = dict(RundenEintrag.objects.filter(runde=runde).values_list("leistung__bezeichnung", "antwort"))
    assert antwort == {
        "Meldebescheinigung": "geaendert",
        "Personalausweis": "bestaetigt",
        "Reisepass": "",
        "Kita-Platz": "",
        "Elterngeld-Beratung": "",
    }


def test_a_round_is_closed_once_and_then_takes_no_answers(runde, katalog, amtsleitung33, antworten):
    erhebungsrunde_abschliessen(runde=runde)
    with pytest.raises(ValidationError, match="ist bereits am .* abgeschlossen worden"):
        erhebungsrunde_abschliessen(runde=runde)
    with pytest.raises(ValidationError, match="abgeschlossen; Rückmeldungen sind nicht mehr möglich"):
        antworten(runde, amtsleitung33, katalog["melde"])
    assert Erhebung.objects.count() == 1 and not RundenEintrag.objects.exclude(antwort="").exists()


def test_a_round_closes_on_its_stichtag_at_the_earliest(katalog):
    runde = erhebungsrunde_oeffnen(
        name="Dezember", stichtag=heute() + dt.timedelta(days=5), frist=heute() + dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="frühestens an diesem Tag"):
        erhebungsrunde_abschliessen(runde=runde)
    assert not Erhebung.objects.exists() and Erhebungsrunde.objects.get().offen
