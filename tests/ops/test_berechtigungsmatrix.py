"""The authorisation matrix: every URL pattern of the project × every kind of person, for GET and for every POST.

The URL patterns are enumerated from the URL configuration, so a new URL without a row here fails
``test_every_url_pattern_has_a_row``. Admin URLs follow one rule (staff only, then the model permissions), checked
on every registered model's list. Refused POSTs must leave the data as it was.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from catalog.models import Erhebung, Leistung, StatusAenderung
from catalog.services import erhebung_anlegen, leistung_status_setzen
from erhebungsrunde.models import Erhebungsrunde, Erinnerung, RundenEintrag
from erhebungsrunde.services import erhebungsrunde_oeffnen
from jobs.models import Job
from planung.models import Kapazitaet, Planvorgabe
from scorecard.models import Bewertung
from servicestandard.models import Ergebnis, Prinzip

# "ohne_gruppe": signed in, in no group (e.g. created by single sign-on): may read nothing of the portal.
PEOPLE = ["anonym", "leitung", "amtsleitung33", "amtsleitung51", "redaktion", "ohne_gruppe"]
LOGIN = "login"  # anonymous → sign-in page (302)
KEIN_LESERECHT = "kein-leserecht"  # 403 with the page that says whom to ask

# name → (kwargs builder, expected GET status per person in PEOPLE order)
ALL_SIGNED_IN = (LOGIN, 200, 200, 200, 200, KEIN_LESERECHT)
MATRIX = {
    "login": (None, (200, 200, 200, 200, 200, 200)),
    # the load balancer's probe: no sign-in, nothing revealed but "ok" (tests/ops/test_healthz.py)
    "healthz": (None, (200, 200, 200, 200, 200, 200)),
    "logout": (None, (LOGIN, 405, 405, 405, 405, 405)),  # logout only by POST
    "dashboard:uebersicht": (None, ALL_SIGNED_IN),
    "dashboard:mein_amt": (None, ALL_SIGNED_IN),  # everyone reads; without an Amt it says so
    "dashboard:aemter": (None, ALL_SIGNED_IN),
    "dashboard:amt": (lambda d: {"nummer": 33}, ALL_SIGNED_IN),
    "dashboard:leistungen": (None, ALL_SIGNED_IN),
    "dashboard:leistung": (lambda d: {"schluessel": d["leistung"].leika_schluessel}, ALL_SIGNED_IN),
    "dashboard:leistung_bearbeiten": (
        lambda d: {"schluessel": d["leistung"].leika_schluessel},
        (LOGIN, 404, 200, 404, 200, KEIN_LESERECHT),  # 404, not 403: nobody learns what exists elsewhere
    ),
    "dashboard:efa": (None, ALL_SIGNED_IN),
    "dashboard:online_dienste": (None, ALL_SIGNED_IN),
    "dashboard:fallzahlen": (None, ALL_SIGNED_IN),
    "dashboard:erhebungen": (None, ALL_SIGNED_IN),
    "dashboard:erhebung": (lambda d: {"erhebung_id": d["erhebung"].pk}, ALL_SIGNED_IN),
    "dashboard:kennzahlen_json": (None, ALL_SIGNED_IN),
    "dashboard:kennzahlen_csv": (None, ALL_SIGNED_IN),
    "dashboard:erhebungen_json": (None, ALL_SIGNED_IN),
    "dashboard:foliensatz": (None, ALL_SIGNED_IN),
    "scorecard:rangliste": (None, ALL_SIGNED_IN),
    "planung:plan": (None, ALL_SIGNED_IN),
    "planung:prognose_json": (None, ALL_SIGNED_IN),
    "scorecard:bewerten": (
        lambda d: {"schluessel": d["leistung"].leika_schluessel},
        (LOGIN, 403, 403, 403, 200, KEIN_LESERECHT),
    ),
    "servicestandard:daten_json": (None, ALL_SIGNED_IN),
    "servicestandard:servicestandard": (None, ALL_SIGNED_IN),
    "servicestandard:pruefen": (
        lambda d: {"schluessel": d["leistung"].leika_schluessel},
        (LOGIN, 404, 200, 404, 200, KEIN_LESERECHT),  # 404, as the status form: the Leistung is of Amt 33
    ),
    "admin:catalog_leistung_importieren": (
        None,
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
    # a job of the import: only who started it sees it (another editor gets 404: test_a_job_is_only_for_its_owner)
    "admin:catalog_leistung_import_auftrag": (
        lambda d: {"job_id": d["job"].pk},
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
    "admin:catalog_leistung_import_fortschritt": (
        lambda d: {"job_id": d["job"].pk},
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
    "admin:catalog_ozgmonitorwert_importieren": (
        None,
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
    # the round: everyone who reads sees the progress and /rueckmeldung/ (which explains who answers)
    "erhebungsrunde:rueckmeldung": (None, ALL_SIGNED_IN),
    "erhebungsrunde:fortschritt": (lambda d: {"runde_id": d["runde"].pk}, ALL_SIGNED_IN),
    "admin:erhebungsrunde_erhebungsrunde_erinnern": (
        lambda d: {"object_id": d["runde"].pk},
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
    # the reminders' job: only who started it sees it (tests/erhebungsrunde/test_erinnern_auftrag.py)
    "admin:erhebungsrunde_erhebungsrunde_erinnern_auftrag": (
        lambda d: {"object_id": d["runde"].pk, "job_id": d["erinnern_job"].pk},
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
    "admin:erhebungsrunde_erhebungsrunde_erinnern_fortschritt": (
        lambda d: {"object_id": d["runde"].pk, "job_id": d["erinnern_job"].pk},
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
    "admin:erhebungsrunde_erhebungsrunde_abschliessen": (
        lambda d: {"object_id": d["runde"].pk},
        (LOGIN, "admin-login", "admin-login", "admin-login", 200, "admin-login"),
    ),
}


def url_names():
    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace if not namespace else f"{namespace}:{pattern.namespace}"
                yield from walk(pattern.url_patterns, pattern.namespace and inner or namespace)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


def test_every_url_pattern_has_a_row():
    names = url_names()
    assert None not in names, "Jede URL braucht einen Namen, damit sie in der Matrix steht."
    unlisted = {name for name in names if not name.startswith("admin:")} - set(MATRIX)
    assert unlisted == set(), f"URLs ohne Zeile in der Berechtigungsmatrix: {sorted(unlisted)}"
    assert set(MATRIX) - names == set(), "Zeilen für URLs, die es nicht mehr gibt"


@pytest.fixture
def data(leistung, statuses, redaktion, amtsleitung33, amtsleitung51, leitung, django_user_model):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    # with an online service, so that a Servicestandard form refused to someone could otherwise have written
    Leistung.objects.filter(pk=leistung.pk).update(online_plattform="civento")
    erhebung = erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=dt.date(2022, 5, 15))
    heute = timezone.localdate()  # an open round asking Amt 33 about the Leistung
    runde = erhebungsrunde_oeffnen(name="Erhebungsstand heute", stichtag=heute, frist=heute)
    people = {
        "leitung": leitung,
        "amtsleitung33": amtsleitung33,
        "amtsleitung51": amtsleitung51,
        "redaktion": redaktion,
        "ohne_gruppe": django_user_model.objects.create_user("ohne_gruppe", password="Ohne-Gruppe-123"),
    }
    job = Job.objects.create(user=redaktion, art="katalog_import_pruefen", titel="Katalog-Import „k.xlsx“")
    erinnern_job = Job.objects.create(
        user=redaktion, art="erhebungsrunde_erinnern", titel="Erinnerungen", bezug=f"erhebungsrunde:{runde.pk}"
    )
    return {
        "leistung": leistung,
        "erhebung": erhebung,
        "runde": runde,
        "people": people,
        "job": job,
        "erinnern_job": erinnern_job,
    }


def as_person(client, data, person):
    if person != "anonym":
        client.force_login(data["people"][person])
    return client


def assert_status(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")
    elif expected == "admin-login":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    elif expected == KEIN_LESERECHT:
        assert response.status_code == 403
        assert "Redaktion des Portals in Amt 15" in response.content.decode()  # page or JSON
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("person", PEOPLE)
def test_get(client, data, name, person):
    kwargs_builder, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(data) if kwargs_builder else None)
    assert_status(as_person(client, data, person).get(url), expected[PEOPLE.index(person)])


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_every_admin_list_is_for_staff_with_the_model_permission(client, data, person):
    as_person(client, data, person)
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        if person == "anonym":
            assert_status(response, LOGIN)
        elif person != "redaktion":
            assert_status(response, "admin-login")
        else:
            allowed = model_admin.has_view_or_change_permission(type("R", (), {"user": data["people"][person]})())
            assert response.status_code == (200 if allowed else 403), url
            apps = {"catalog", "scorecard", "servicestandard", "planung", "erhebungsrunde"}
            assert allowed == (model._meta.app_label in apps), url


def snapshot(leistung):
    leistung.refresh_from_db()
    return (
        leistung.status_id,
        leistung.zusaetzliche_informationen,
        leistung.version,
        StatusAenderung.objects.count(),
        Bewertung.objects.count(),
        Ergebnis.objects.count(),
        Leistung.objects.count(),
        Erhebung.objects.count(),
        Kapazitaet.objects.count(),
        Planvorgabe.objects.count(),
        Erhebungsrunde.objects.filter(offen=True).count(),
        RundenEintrag.objects.exclude(antwort="").count(),
        Erinnerung.objects.count(),
    )


def post_actions(data, statuses):
    leistung = data["leistung"]
    key = leistung.leika_schluessel
    from scorecard.models import Kriterium

    rating = {f"kriterium_{k.pk}": k.optionen.order_by("-punkte").first().pk for k in Kriterium.objects.all()}
    eintrag = RundenEintrag.objects.get(runde=data["runde"], leistung=leistung)
    return {
        # name: (url, data, expected per person)
        # first: a confirmation leaves the Leistung's version as it is for the actions after it. The Leistung is
        # Amt 33's: its Amtsleitung answers; Amt 51's and the Redaktion (Amt 15) are refused with 403.
        "Rückmeldung geben (Portal)": (
            reverse("erhebungsrunde:rueckmeldung"),
            {f"antwort_{eintrag.pk}": "bestaetigen", f"version_{eintrag.pk}": leistung.version},
            (LOGIN, 403, 302, 403, 403, KEIN_LESERECHT),
        ),
        "Leistung ändern (Portal)": (
            reverse("dashboard:leistung_bearbeiten", kwargs={"schluessel": key}),
            {
                "status": statuses["Umsetzung"].pk,
                "gueltig_ab": "2022-06-01",
                "grund": "Start",
                "zusaetzliche_informationen": "geändert",
                "version": leistung.version,
            },
            (LOGIN, 404, 302, 404, 302, KEIN_LESERECHT),
        ),
        "Leistung bewerten (Scorecard)": (
            reverse("scorecard:bewerten", kwargs={"schluessel": key}),
            rating,
            (LOGIN, 403, 403, 403, None, KEIN_LESERECHT),  # None: the form's own rules; checked in tests/scorecard
        ),
        "Leistung prüfen (Servicestandard)": (
            reverse("servicestandard:pruefen", kwargs={"schluessel": key}),
            {"version": 0, **{f"ergebnis_{p.pk}": "erfuellt" for p in Prinzip.objects.all()}},
            (LOGIN, 404, None, 404, None, KEIN_LESERECHT),  # None: allowed; tests/servicestandard/test_pruefen.py
        ),
        "Leistung ändern (Verwaltung)": (
            reverse("admin:catalog_leistung_change", args=[leistung.pk]),
            {"leika_schluessel": key, "bezeichnung": "geändert", "gesehene_version": leistung.version},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
        "Katalog hochladen (Verwaltung)": (
            reverse("admin:catalog_leistung_importieren"),
            {"schritt": "hochladen"},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
        "Umsetzungsplan (nur lesen)": (
            reverse("planung:plan"),
            {"quartal": "2027-Q1"},
            (LOGIN, 405, 405, 405, 405, KEIN_LESERECHT),
        ),
        "Prognose (nur lesen)": (
            reverse("planung:prognose_json"),
            {"fenster": "26"},
            (LOGIN, 405, 405, 405, 405, KEIN_LESERECHT),
        ),
        "Kapazität anlegen (Verwaltung)": (
            reverse("admin:planung_kapazitaet_add"),
            {"jahr": "2027", "quartal": "1", "anzahl": "10", "teile-TOTAL_FORMS": "0", "teile-INITIAL_FORMS": "0"},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
        "Vorgabe setzen (Verwaltung)": (
            reverse("admin:planung_planvorgabe_add"),
            {"leistung": leistung.pk, "art": "zurueckgestellt", "grund": "später"},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
        "Erhebung anlegen (Verwaltung)": (
            reverse("admin:catalog_erhebung_add"),
            {"name": "Neue Erhebung", "stichtag": "2022-06-01"},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
        "Erhebungsrunde öffnen (Verwaltung)": (
            reverse("admin:erhebungsrunde_erhebungsrunde_add"),
            {"name": "Neue Runde", "stichtag": "2026-12-15", "frist": "2099-12-10"},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
        "Erinnerungen senden (Verwaltung)": (
            reverse("admin:erhebungsrunde_erhebungsrunde_erinnern", args=[data["runde"].pk]),
            {},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
        "Erhebungsrunde abschließen (Verwaltung)": (
            reverse("admin:erhebungsrunde_erhebungsrunde_abschliessen", args=[data["runde"].pk]),
            {},
            (LOGIN, "admin-login", "admin-login", "admin-login", None, "admin-login"),
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_post_actions(client, data, statuses, person):
    as_person(client, data, person)
    for action, (url, payload, expected_per_person) in post_actions(data, statuses).items():
        expected = expected_per_person[PEOPLE.index(person)]
        if expected is None:
            continue  # allowed for this person; what the action does is tested where it lives
        before = snapshot(data["leistung"])
        response = client.post(url, payload)
        assert_status(response, expected)
        if expected == 302:
            continue  # allowed and done (see test_the_allowed_portal_change_really_changes)
        assert snapshot(data["leistung"]) == before, f"{action} als {person} hat Daten geändert"


@pytest.mark.django_db
def test_the_allowed_portal_change_really_changes(client, data, statuses):
    as_person(client, data, "amtsleitung33")
    url, payload, _ = post_actions(data, statuses)["Leistung ändern (Portal)"]
    assert client.post(url, payload).status_code == 302
    data["leistung"].refresh_from_db()
    assert data["leistung"].zusaetzliche_informationen == "geändert"


@pytest.mark.django_db
def test_revoking_staff_status_takes_effect_on_the_next_request(client, data):
    redaktion = data["people"]["redaktion"]
    as_person(client, data, "redaktion")
    url = reverse("admin:catalog_leistung_changelist")
    assert client.get(url).status_code == 200
    redaktion.is_staff = False
    redaktion.save()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_a_job_is_only_for_its_owner(client, data):
    """Another editor of the Redaktion (staff, may change Leistungen) sees neither the page nor the progress of
    a job someone else started: 404, so nobody learns which jobs exist; nor may confirm the upload behind it."""
    kollegin = User.objects.create_user("kollegin", password="Test-Passwort-123", is_staff=True)
    kollegin.groups.add(Group.objects.get(name="Redaktion Amt 15"))
    client.force_login(kollegin)
    for name in ("admin:catalog_leistung_import_auftrag", "admin:catalog_leistung_import_fortschritt"):
        assert client.get(reverse(name, kwargs={"job_id": data["job"].pk})).status_code == 404
    assert client.get(reverse("admin:catalog_leistung_importieren")).status_code == 200  # she may import herself
