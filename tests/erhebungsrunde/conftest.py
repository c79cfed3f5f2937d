"""Fixtures of the Erhebungsrunde: a small catalogue in two Ämter with history, an open round asking both, the
Amtsleitungen with e-mail addresses, and a helper that answers through the service."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.services import leistung_status_setzen
from erhebungsrunde.models import RundenEintrag
from erhebungsrunde.services import Rueckmeldung, erhebungsrunde_oeffnen, rueckmeldungen_abgeben

D = dt.date


@pytest.fixture
def katalog(make_leistung, statuses, amt33, amt51):
    """Amt 33: three Leistungen (Wartend, Umsetzung, Abgeschlossen); Amt 51: two (Wartend); one not relevant."""
    leistungen = {
        "melde": make_leistung(bezeichnung="Meldebescheinigung"),
        "pass": make_leistung(bezeichnung="Reisepass"),
        "ausweis": make_leistung(bezeichnung="Personalausweis"),
        "kita": make_leistung(bezeichnung="Kita-Platz", amt=amt51),
        "elterngeld": make_leistung(bezeichnung="Elterngeld-Beratung", amt=amt51),
        "fischerei": make_leistung(bezeichnung="Fischereischein"),
    }
    for leistung in leistungen.values():
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2021, 3, 1))
    leistung_status_setzen(leistung=leistungen["pass"], status=statuses["Umsetzung"], gueltig_ab=D(2022, 2, 1))
    leistung_status_setzen(leistung=leistungen["ausweis"], status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 3, 1))
    leistung_status_setzen(
        leistung=leistungen["fischerei"], status=statuses["Nicht relevant"], gueltig_ab=D(2022, 1, 10)
    )
    for leistung in leistungen.values():
        leistung.refresh_from_db()
    return leistungen


@pytest.fixture
def angemeldet(client, leitung):
    """The management reader (Verwaltungsführung), signed in."""
    client.force_login(leitung)
    return client


@pytest.fixture
def editor(client, redaktion):
    """The Redaktion, signed in (the admin of rounds)."""
    client.force_login(redaktion)
    return client


@pytest.fixture
def mit_adressen(amtsleitung33, amtsleitung51, redaktion):
    for user, adresse in (
        (amtsleitung33, "amtsleitung33@wiesbaden.example"),
        (amtsleitung51, "amtsleitung51@wiesbaden.example"),
        (redaktion, "redaktion@wiesbaden.example"),
    ):
        user.email, user.first_name = adresse, user.username.capitalize()
        user.save()
    return amtsleitung33, amtsleitung51


@pytest.fixture
def runde(katalog, redaktion):
    """An open round asking Amt 33 and 51 (five Leistungen): Stichtag today, Frist in a week."""
    heute = timezone.localdate()
    return erhebungsrunde_oeffnen(
        name="Erhebungsstand Test", stichtag=heute, frist=heute + dt.timedelta(days=7), user=redaktion
    )


def eintrag(runde, leistung) -> RundenEintrag:
    return RundenEintrag.objects.select_related("leistung").get(runde=runde, leistung=leistung)


@pytest.fixture
def antworten():
    """Answer for entries through the service: ``antworten(runde, user, leistung, ...)`` confirms unchanged;
    ``(leistung, status, gueltig_ab, grund)`` tuples change."""

    def antworte(runde, user, *angaben, **kwargs):
        rueckmeldungen = []
        for angabe in angaben:
            leistung, *aenderung = angabe if isinstance(angabe, tuple) else (angabe,)
            e = eintrag(runde, leistung)
            status, gueltig_ab, grund = (aenderung + [None, None, ""])[:3] if aenderung else (None, None, "")
            rueckmeldungen.append(
                Rueckmeldung(
                    eintrag_id=e.pk, version=e.leistung.version, status=status, gueltig_ab=gueltig_ab, grund=grund
                )
            )
        return rueckmeldungen_abgeben(runde=runde, rueckmeldungen=rueckmeldungen, user=user, **kwargs)

    return antworte
