"""The admin for Amt 15: the Leistung list, search, filters, status changes with date and reason, audit."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from catalog.models import Leistung, StatusAenderung
from catalog.services import leistung_status_setzen

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_leistung_changelist")


@pytest.fixture
def editor_client(client, redaktion):
    client.force_login(redaktion)
    return client


def change_url(leistung):
    return reverse("admin:catalog_leistung_change", args=[leistung.pk])


def form_data(leistung, **overrides):
    data = {
        "leika_schluessel": leistung.leika_schluessel,
        "bezeichnung": leistung.bezeichnung,
        "buendel": leistung.buendel_id or "",
        "leika_typ": leistung.leika_typ,
        "vollzugsebene": leistung.vollzugsebene,
        "von_wiesbaden_umzusetzen": "on" if leistung.von_wiesbaden_umzusetzen else "",
        "amt": leistung.amt_id or "",
        "neuer_status": leistung.status_id or "",
        "gesehene_version": leistung.version,
        "status_gueltig_ab": "",
        "status_grund": "",
        "zusaetzliche_informationen": leistung.zusaetzliche_informationen,
        "status_aenderungen-TOTAL_FORMS": "0",
        "status_aenderungen-INITIAL_FORMS": "0",
        "status_aenderungen-MIN_NUM_FORMS": "0",
        "status_aenderungen-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != "" or key.startswith("status_")}


def test_the_list_shows_dotted_keys_names_and_statuses(editor_client, leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3))
    page = editor_client.get(CHANGELIST).content.decode()
    assert "99.050.042.000.000" in page
    assert "Meldebescheinigung Ausstellung" in page
    assert "Umsetzung" in page
    assert "LeiKa-Leistungen" in page  # German verbose names


@pytest.mark.parametrize("term", ["99.050.042.000.000", "99050042000000", "99 050 042", "9.9050042E13", "99.050"])
def test_search_finds_a_key_in_any_notation(editor_client, leistung, make_leistung, term):
    make_leistung(leika_schluessel="99001001000000", bezeichnung="Abfallgebühr")
    page = editor_client.get(CHANGELIST, {"q": term}).content.decode()
    assert "Meldebescheinigung Ausstellung" in page
    assert "Abfallgebühr" not in page


@pytest.mark.parametrize("term", ["99.050.042.000.000", "99050042000000", "99 050 042", "9.9050042E13"])
def test_the_status_changes_are_found_by_key_in_any_notation(editor_client, leistung, make_leistung, statuses, term):
    andere = make_leistung(leika_schluessel="99001001000000", bezeichnung="Abfallgebühr")
    for eine in (leistung, andere):
        leistung_status_setzen(leistung=eine, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3), grund="X")
    response = editor_client.get(reverse("admin:catalog_statusaenderung_changelist"), {"q": term})
    assert response.context["cl"].result_count == 1
    assert list(response.context["cl"].result_list) == list(leistung.status_aenderungen.all())


def test_search_finds_a_name(editor_client, leistung, make_leistung):
    make_leistung(bezeichnung="Abfallgebühr")
    page = editor_client.get(CHANGELIST, {"q": "meldebescheinigung"}).content.decode()
    assert "Meldebescheinigung Ausstellung" in page
    assert "Abfallgebühr" not in page


def test_filters_narrow_the_list(editor_client, make_leistung, amt51, statuses):
    make_leistung(bezeichnung="Im Amt 33")
    make_leistung(bezeichnung="Im Amt 51", amt=amt51)
    page = editor_client.get(CHANGELIST, {"amt__id__exact": amt51.pk}).content.decode()
    assert "Im Amt 51" in page and "Im Amt 33" not in page
    for title in (
        "Amt",
        "Status",
        "Themenfeld",
        "Vollzugsebene",
        "von Wiesbaden umzusetzen",
        "EfA",
        "OZG-Booster",
        "Reifegrad",
    ):
        assert f"Nach {title}" in page or title in page


def test_the_list_needs_the_same_number_of_queries_for_5_and_50_rows(
    editor_client, make_leistung, statuses, django_assert_max_num_queries
):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(ctx)

    for _ in range(5):
        leistung_status_setzen(leistung=make_leistung(), status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))
    small = count_queries()
    for _ in range(45):
        leistung_status_setzen(leistung=make_leistung(), status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))
    assert Leistung.objects.count() == 50
    assert count_queries() == small


def test_a_status_change_in_the_form_asks_for_date_and_reason(editor_client, leistung, statuses):
    response = editor_client.post(change_url(leistung), form_data(leistung, neuer_status=statuses["Umsetzung"].pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte angeben, ab wann der neue Status gilt." in page
    assert "Bitte einen Grund für die Statusänderung angeben." in page
    leistung.refresh_from_db()
    assert leistung.status is None
    assert not StatusAenderung.objects.exists()


def test_a_status_change_in_the_form_goes_through_the_service(editor_client, leistung, statuses, redaktion):
    response = editor_client.post(
        change_url(leistung),
        form_data(
            leistung,
            neuer_status=statuses["Umsetzung"].pk,
            status_gueltig_ab="2022-03-01",
            status_grund="Projekt gestartet",
        ),
    )
    assert response.status_code == 302
    leistung.refresh_from_db()
    assert leistung.status == statuses["Umsetzung"]
    row = StatusAenderung.objects.get()
    assert (row.gueltig_ab, row.grund, row.erfasst_von) == (dt.date(2022, 3, 1), "Projekt gestartet", redaktion)


def test_a_future_date_is_refused_in_the_form(editor_client, leistung, statuses, today):
    future = today + dt.timedelta(days=3)
    response = editor_client.post(
        change_url(leistung),
        form_data(
            leistung, neuer_status=statuses["Umsetzung"].pk, status_gueltig_ab=future.isoformat(), status_grund="x"
        ),
    )
    assert "liegt in der Zukunft" in response.content.decode()
    assert not StatusAenderung.objects.exists()


def test_editing_other_fields_writes_no_status_history(editor_client, leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    response = editor_client.post(
        change_url(leistung), form_data(leistung, zusaetzliche_informationen="Termin mit Fachamt am 01.12.")
    )
    assert response.status_code == 302
    assert StatusAenderung.objects.count() == 1


def test_a_bad_key_is_refused_in_german(editor_client, leistung):
    response = editor_client.post(change_url(leistung), form_data(leistung, leika_schluessel="99.050.042"))
    assert "hat 8 Ziffern; ein LeiKa-Schlüssel hat genau 14 Ziffern" in response.content.decode()


def test_a_key_typed_with_dots_is_stored_as_14_digits(editor_client, leistung):
    editor_client.post(change_url(leistung), form_data(leistung, leika_schluessel="99.050.042.000.001"))
    leistung.refresh_from_db()
    assert leistung.leika_schluessel == "99050042000001"


def test_the_history_is_shown_read_only_on_the_leistung(editor_client, leistung, statuses):
    leistung_status_setzen(
        leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4), grund="Erstbewertung"
    )
    page = editor_client.get(change_url(leistung)).content.decode()
    assert "Statusverlauf" in page
    assert "Erstbewertung" in page
    assert 'name="status_aenderungen-0-grund"' not in page  # not editable


def test_the_bulk_action_asks_for_status_date_and_reason_first(editor_client, make_leistung, statuses):
    a, b = make_leistung(), make_leistung()
    response = editor_client.post(CHANGELIST, {"action": "status_setzen", "_selected_action": [a.pk, b.pk]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Neuer Status" in page and "Grund der Statusänderung" in page
    assert not StatusAenderung.objects.exists()


def test_the_bulk_action_sets_the_status_through_the_service(editor_client, make_leistung, statuses, redaktion):
    a, b, untouched = make_leistung(), make_leistung(), make_leistung()
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "status_setzen",
            "_selected_action": [a.pk, b.pk],
            f"version_{a.pk}": a.version,
            f"version_{b.pk}": b.version,
            "apply": "1",
            "status": statuses["Digitalisierungsfabrik"].pk,
            "status_gueltig_ab": "2022-04-01",
            "status_grund": "Übernahme durch die Digitalisierungsfabrik",
        },
        follow=True,
    )
    assert "für 2 Leistungen gesetzt" in response.content.decode()
    assert set(Leistung.objects.filter(status=statuses["Digitalisierungsfabrik"])) == {a, b}
    untouched.refresh_from_db()
    assert untouched.status is None
    rows = StatusAenderung.objects.all()
    assert {(r.leistung_id, r.gueltig_ab, r.erfasst_von_id) for r in rows} == {
        (a.pk, dt.date(2022, 4, 1), redaktion.pk),
        (b.pk, dt.date(2022, 4, 1), redaktion.pk),
    }


def test_the_bulk_action_without_reason_changes_nothing(editor_client, make_leistung, statuses):
    a = make_leistung()
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "status_setzen",
            "_selected_action": [a.pk],
            "apply": "1",
            "status": statuses["Umsetzung"].pk,
            "status_gueltig_ab": "2022-04-01",
            "status_grund": "",
        },
    )
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not StatusAenderung.objects.exists()


def test_record_edits_are_audited_with_who_and_when(editor_client, leistung, redaktion):
    editor_client.post(change_url(leistung), form_data(leistung, bezeichnung="Meldebescheinigung (neu)"))
    record = leistung.history.first()
    assert record.history_user == redaktion
    assert record.bezeichnung == "Meldebescheinigung (neu)"
    page = editor_client.get(reverse("admin:catalog_leistung_history", args=[leistung.pk])).content.decode()
    assert "redaktion" in page


def test_management_and_department_heads_cannot_open_the_admin(client, leitung, amtsleitung33):
    for user in (leitung, amtsleitung33):
        client.force_login(user)
        assert client.get(CHANGELIST).status_code == 302  # to the admin login: no staff


def test_a_save_based_on_a_stale_version_is_refused_with_the_current_values(editor_client, leistung, statuses):
    seen = form_data(leistung, zusaetzliche_informationen="Meine Notiz")
    # meanwhile someone else sets a status and a note
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3))
    response = editor_client.post(change_url(leistung), seen)
    page = response.content.decode()
    assert response.status_code == 200
    assert "wurde inzwischen von jemand anderem geändert" in page
    assert "Status Umsetzung" in page
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == ""
    assert leistung.status == statuses["Umsetzung"]


def test_a_save_raises_the_version(editor_client, leistung):
    before = leistung.version
    editor_client.post(change_url(leistung), form_data(leistung, zusaetzliche_informationen="Notiz"))
    leistung.refresh_from_db()
    assert (leistung.version, leistung.zusaetzliche_informationen) == (before + 1, "Notiz")


def test_the_bulk_action_on_a_stale_version_changes_nothing(editor_client, make_leistung, statuses):
    a, b = make_leistung(), make_leistung()
    versions = {f"version_{a.pk}": a.version, f"version_{b.pk}": b.version}
    leistung_status_setzen(leistung=b, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))  # someone else
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "status_setzen",
            "_selected_action": [a.pk, b.pk],
            **versions,
            "apply": "1",
            "status": statuses["Umsetzung"].pk,
            "status_gueltig_ab": "2022-04-01",
            "status_grund": "Sammeländerung",
        },
        follow=True,
    )
    assert "Nichts geändert." in response.content.decode()
    assert not Leistung.objects.filter(status=statuses["Umsetzung"]).exists()
    assert StatusAenderung.objects.count() == 1


def test_the_admin_writes_dates_as_ddmmyyyy_and_no_none_in_the_audit_history(editor_client, leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2021, 1, 4))
    aenderungen = editor_client.get(reverse("admin:catalog_statusaenderung_changelist")).content.decode()
    assert "04.01.2021" in aenderungen and "4. Januar 2021" not in aenderungen

    historie = editor_client.get(reverse("admin:catalog_leistung_history", args=[leistung.pk])).content.decode()
    assert "None" not in historie
    assert '<link rel="icon" href="/static/favicon.svg"' in historie  # no request for /favicon.ico


def test_restoring_an_old_version_from_the_history_page_is_refused_even_by_a_crafted_post(
    editor_client, leistung, statuses
):
    """simple_history's "restore this version" would write the old status past the status service and move the
    version back; the history pages are for reading, and a POST to them changes nothing."""
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    old = leistung.history.order_by("-history_id").first()
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3))
    leistung.refresh_from_db()
    before = (leistung.status_id, leistung.version, StatusAenderung.objects.count(), leistung.history.count())
    url = reverse("admin:catalog_leistung_simple_history", args=[leistung.pk, old.history_id])

    page = editor_client.get(url).content.decode()
    assert "Wiederherstellen" not in page and 'name="_save"' not in page

    historic = Leistung.objects.get(pk=leistung.pk)
    historic.status_id = old.status_id
    crafted = form_data(historic, neuer_status=old.status_id, zusaetzliche_informationen="alt", _save="1")
    response = editor_client.post(url, crafted)
    assert response.status_code == 403
    assert "nur gelesen" in response.content.decode()
    leistung.refresh_from_db()
    after = (leistung.status_id, leistung.version, StatusAenderung.objects.count(), leistung.history.count())
    assert after == before
    assert leistung.zusaetzliche_informationen == ""


@pytest.mark.parametrize("model", ["leistungsbuendel", "amt"])
def test_no_audited_record_is_restored_from_its_history_page(editor_client, buendel, amt33, model):
    record = {"leistungsbuendel": buendel, "amt": amt33}[model]
    before = (record.history.count(), str(record))
    url = reverse(f"admin:catalog_{model}_simple_history", args=[record.pk, record.history.first().history_id])
    assert editor_client.get(url).status_code in (200, 403)  # reading an old version is harmless
    response = editor_client.post(url, {"name": "Alter Name", "bezeichnung": "Alt", "ozg_id": "10559", "nummer": 33})
    assert response.status_code == 403
    record.refresh_from_db()
    assert (record.history.count(), str(record)) == before


def test_a_new_leistung_in_the_admin_is_created_through_the_services(
    editor_client, buendel, amt33, statuses, redaktion
):
    data = form_data(
        Leistung(leika_schluessel="99.050.042.009.000", bezeichnung="Neu angelegt", buendel=buendel, amt=amt33),
        neuer_status=statuses["Wartend"].pk,
        status_gueltig_ab="2022-04-01",
        status_grund="Erfasst",
        version="",
    )
    response = editor_client.post(reverse("admin:catalog_leistung_add"), data)
    assert response.status_code == 302
    neu = Leistung.objects.get(leika_schluessel="99050042009000")
    assert (neu.status, neu.version, neu.amt) == (statuses["Wartend"], 2, amt33)
    assert [(h.history_type, h.history_user) for h in neu.history.order_by("history_id")] == [
        ("+", redaktion),
        ("~", redaktion),
    ]
    assert StatusAenderung.objects.get(leistung=neu).grund == "Erfasst"


@pytest.mark.parametrize("model", ["leistung", "leistungsbuendel"])
def test_the_change_page_sends_the_version_it_shows(editor_client, leistung, buendel, model):
    """A browser posts what the page holds: the version must be a field of the page, or every save of a real
    user would be refused as a conflict (or, worse, checked against nothing)."""
    record = {"leistung": leistung, "leistungsbuendel": buendel}[model]
    page = editor_client.get(reverse(f"admin:catalog_{model}_change", args=[record.pk])).content.decode()
    assert re.search(rf'<input type="hidden" name="gesehene_version" value="{record.version}"', page)


def _bulk(editor_client, leistungen, status, datum, **extra):
    return editor_client.post(
        CHANGELIST,
        {
            "action": "status_setzen",
            "_selected_action": [leistung.pk for leistung in leistungen],
            **{f"version_{leistung.pk}": leistung.version for leistung in leistungen},
            "apply": "1",
            "status": status.pk,
            "status_gueltig_ab": datum,
            "status_grund": "Altbestand",
            **extra,
        },
        follow=True,
    )


def test_the_bulk_action_asks_before_a_date_before_the_ozg_as_the_portal_form_does(
    editor_client, make_leistung, statuses
):
    a = make_leistung()

    gefragt = _bulk(editor_client, [a], statuses["Nicht relevant"], "2010-01-01").content.decode()
    assert (
        "Das Datum 01.01.2010 liegt vor dem Inkrafttreten des Onlinezugangsgesetzes am 14.08.2017. Ist es richtig, "
        "bitte unten bestätigen." in gefragt
    )
    assert "Ja, der Status gilt wirklich schon vor dem 14.08.2017." in gefragt
    assert not StatusAenderung.objects.exists()

    bestaetigt = _bulk(editor_client, [a], statuses["Nicht relevant"], "2010-01-01", status_datum_bestaetigt="on")
    assert "Status „Nicht relevant“ für 1 Leistung gesetzt." in bestaetigt.content.decode()
    assert list(StatusAenderung.objects.values_list("gueltig_ab", flat=True)) == [dt.date(2010, 1, 1)]


@pytest.mark.parametrize("datum,gezeigt", [("1999-01-01", "01.01.1999"), ("0001-01-01", "01.01.0001")])
def test_the_bulk_action_refuses_a_date_before_2000(editor_client, make_leistung, statuses, datum, gezeigt):
    a = make_leistung()

    page = _bulk(editor_client, [a], statuses["Nicht relevant"], datum, status_datum_bestaetigt="on").content.decode()

    assert f"Das Datum {gezeigt} liegt vor dem 01.01.2000; so früh gilt kein Status." in page
    assert not StatusAenderung.objects.exists()


def test_the_edit_form_asks_before_a_date_before_the_ozg_too(editor_client, leistung, statuses):
    response = editor_client.post(
        reverse("admin:catalog_leistung_change", args=[leistung.pk]),
        {
            "leika_schluessel": leistung.leika_schluessel,
            "bezeichnung": leistung.bezeichnung,
            "leika_typ": leistung.leika_typ,
            "vollzugsebene": leistung.vollzugsebene,
            "gesehene_version": leistung.version,
            "neuer_status": statuses["Nicht relevant"].pk,
            "status_gueltig_ab": "2010-01-01",
            "status_grund": "Altbestand",
            "status_aenderungen-TOTAL_FORMS": "0",
            "status_aenderungen-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "liegt vor dem Inkrafttreten des Onlinezugangsgesetzes am 14.08.2017" in response.content.decode()
    assert not StatusAenderung.objects.exists()


def test_the_bulk_message_counts_in_german(editor_client, make_leistung, statuses):
    a, b, c = make_leistung(), make_leistung(), make_leistung()
    _bulk(editor_client, [a], statuses["Umsetzung"], "2022-04-01")
    a.refresh_from_db()

    page = _bulk(editor_client, [a, b, c], statuses["Umsetzung"], "2022-04-01").content.decode()

    assert "Status „Umsetzung“ für 2 Leistungen gesetzt; 1 hatte diesen Status bereits." in page
