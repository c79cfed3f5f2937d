"""Who may change a Leistung from the portal, and the small form's service."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from catalog.berechtigungen import darf_leistung_bearbeiten
from catalog.models import StatusAenderung
from catalog.services import VersionKonflikt, leistung_aendern

pytestmark = pytest.mark.django_db


def test_the_redaktion_may_change_every_leistung(redaktion, leistung, make_leistung, amt51):
    assert darf_leistung_bearbeiten(redaktion, leistung)
    assert darf_leistung_bearbeiten(redaktion, make_leistung(amt=amt51))


def test_an_amtsleitung_may_change_only_its_own_amts_leistungen(amtsleitung33, amtsleitung51, leistung):
    assert leistung.amt.nummer == 33
    assert darf_leistung_bearbeiten(amtsleitung33, leistung)
    assert not darf_leistung_bearbeiten(amtsleitung51, leistung)


def test_management_changes_nothing(leitung, leistung):
    assert not darf_leistung_bearbeiten(leitung, leistung)


def test_revoking_the_group_takes_effect_at_once(amtsleitung33, leistung):
    from django.contrib.auth.models import User

    amtsleitung33.groups.remove(Group.objects.get(name="Amtsleitung"))
    assert not darf_leistung_bearbeiten(User.objects.get(pk=amtsleitung33.pk), leistung)


def test_the_form_service_writes_note_and_status_together(amtsleitung33, leistung, statuses):
    saved = leistung_aendern(
        leistung=leistung,
        version=leistung.version,
        felder={"zusaetzliche_informationen": "Antrag über civento geplant"},
        status=statuses["Umsetzung"],
        gueltig_ab=dt.date(2022, 6, 1),
        grund="Projekt gestartet",
        user=amtsleitung33,
    )
    assert saved.zusaetzliche_informationen == "Antrag über civento geplant"
    assert saved.status == statuses["Umsetzung"]
    assert saved.version == leistung.version + 2
    assert StatusAenderung.objects.get().erfasst_von == amtsleitung33


def test_the_form_service_without_reason_writes_nothing(leistung, statuses):
    with pytest.raises(ValidationError):
        leistung_aendern(
            leistung=leistung,
            version=leistung.version,
            felder={"zusaetzliche_informationen": "neu"},
            status=statuses["Umsetzung"],
            gueltig_ab=dt.date(2022, 6, 1),
            grund=" ",
        )
    leistung.refresh_from_db()
    assert (leistung.zusaetzliche_informationen, leistung.status) == ("", None)


def test_the_form_service_on_a_stale_version_writes_nothing(leistung, statuses):
    with pytest.raises(VersionKonflikt):
        leistung_aendern(leistung=leistung, version=leistung.version - 1, felder={"zusaetzliche_informationen": "alt"})
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == ""
