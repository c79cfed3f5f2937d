"""No query parameter value gives a 500: every page of the portal × every parameter it reads × hostile values.

The pages are read from the URL configuration (a new URL without a row in ``ADRESSEN`` fails), and the
parameters each page reads are found by asking it: one request with an unknown parameter binds every filter form,
and a recording ``request.GET`` notes every key the view, its forms and its templates look up. A page that starts
reading a new parameter is fuzzed without anyone adding it here. The admin's lists take their parameters from their
filters (``expected_parameters``), the date drill-down, search, sort and pages.

Kept to a few seconds by a Latin square: request *k* of a page sets parameter *j* to ``WERTE[(j + k) % n]``, so
``n`` requests give every parameter every value, all parameters at once. What one bad value can hide from the
others is tried again alone: a parameter the page did not read in that request (it answered early, e.g. for an
unknown export format), and each field of a filter form with the value that passes a form's checks and can still
break a query, an integer beyond 64 bits (a form with one invalid field runs no query at all). The admin's lists
answer any bad filter with their own error page before they read the rest, so each filter parameter is tried
alone. Signed in as the Redaktion, who sees every page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from catalog.services import erhebung_anlegen, leistung_status_setzen
from erhebungsrunde.services import erhebungsrunde_oeffnen
from tests.ops.test_berechtigungsmatrix import url_names

pytestmark = pytest.mark.django_db

# Values a careless user, a crawler or an attacker puts into a query string.
UEBERLAUF = "99999999999999999999999"
WERTE = [
    "-1",
    "0",
    UEBERLAUF,
    "0001-01-01",
    "9999",
    "\x00",
    "<a href=x>",
    "１２",
    "",
]
# The admin's filters alone: ids and years beyond range, a NUL character (PostgreSQL refuses it in text); a
# yes/no "is empty" filter takes only yes or no, anything else is as good as the first value.
ADMIN_WERTE = [UEBERLAUF, "9999", "\x00"]
# Search, sort and pages are Django's code on every admin list; tried where a list searches in its own way.
ADMIN_EIGENE_SUCHE = {"catalog_leistung", "catalog_statusaenderung", "scorecard_leistungbewertung"}
# Parameters every page reads from the base layout (presentation mode) are fuzzed once, on the overview.
LAYOUT = {"praesentation"}

# URL name → kwargs builder (from the data fixture); None: no kwargs. Names not here fail the first test.
ADRESSEN = {
    "login": None,
    "logout": None,
    "dashboard:uebersicht": None,
    "dashboard:mein_amt": None,
    "dashboard:aemter": None,
    "dashboard:amt": lambda d: {"nummer": 33},
    "dashboard:leistungen": None,
    "dashboard:leistung": lambda d: {"schluessel": d["leistung"].leika_schluessel},
    "dashboard:leistung_bearbeiten": lambda d: {"schluessel": d["leistung"].leika_schluessel},
    "dashboard:efa": None,
    "dashboard:online_dienste": None,
    "dashboard:fallzahlen": None,
    "dashboard:erhebungen": None,
    "dashboard:erhebung": lambda d: {"erhebung_id": d["erhebung"].pk},
    "dashboard:kennzahlen_json": None,
    "dashboard:kennzahlen_csv": None,
    "dashboard:erhebungen_json": None,
    "dashboard:foliensatz": None,
    "scorecard:rangliste": None,
    "scorecard:bewerten": lambda d: {"schluessel": d["leistung"].leika_schluessel},
    "admin:catalog_leistung_importieren": None,
    "servicestandard:daten_json": None,
    "servicestandard:servicestandard": None,
    "servicestandard:pruefen": lambda d: {"schluessel": d["leistung"].leika_schluessel},
    "planung:plan": None,
    "planung:prognose_json": None,
    "healthz": None,
    "erhebungsrunde:rueckmeldung": None,
    "erhebungsrunde:fortschritt": lambda d: {"runde_id": d["runde"].pk},
}


class _Aufzeichnung(QueryDict):
    """A ``request.GET`` that notes every key looked up (``get``, ``[]``, ``getlist``, ``in``)."""

    gelesen: set[str] = set()

    def __getitem__(self, key):
        self.gelesen.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self.gelesen.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.gelesen.add(key)
        return super().__contains__(key)


class AufzeichnungMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _Aufzeichnung(request.META.get("QUERY_STRING", ""))
        _Aufzeichnung.gelesen.clear()  # building the QueryDict looks every key up once
        return self.get_response(request)


@pytest.fixture
def daten(make_leistung, statuses, redaktion):
    leistung = make_leistung(leika_schluessel="99050042000000", antraege_pro_jahr=1000)
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    erhebung = erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=dt.date(2022, 5, 15))
    heute = timezone.localdate()
    runde = erhebungsrunde_oeffnen(name="Erhebungsstand heute", stichtag=heute, frist=heute)
    return {"leistung": leistung, "erhebung": erhebung, "runde": runde}


@pytest.fixture
def redaktion_client(client, redaktion):
    client.force_login(redaktion)
    client.raise_request_exception = False  # a 500 is a finding to list, not an exception that stops the run
    return client


def test_every_url_pattern_has_a_row():
    names = {name for name in url_names() if not name.startswith("admin:")} | {"admin:catalog_leistung_importieren"}
    assert names - set(ADRESSEN) == set(), "Adressen ohne Zeile im Parameter-Test"
    assert set(ADRESSEN) - names == set(), "Zeilen für Adressen, die es nicht mehr gibt"


@pytest.fixture
def aufzeichnen(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.AufzeichnungMiddleware"]


def gelesene_parameter(client, url: str) -> tuple[set[str], set[str]]:
    """The query parameters the page at ``url`` reads (its filter forms bound by an unknown parameter), and
    which of them are fields of its filter form."""
    _Aufzeichnung.gelesen = set()
    response = client.get(url, {"zzz_unbekannt": "1"})
    if response.streaming:
        b"".join(response.streaming_content)
    filterset = (response.context or {}).get("filter")
    felder = set(filterset.form.fields) if filterset is not None else set()
    return _Aufzeichnung.gelesen - {"zzz_unbekannt"}, felder


def admin_parameter(client, url: str) -> set[str]:
    """The parameters an admin list understands: its filters', the date drill-down, search, sort, page."""
    response = client.get(url)
    changelist = response.context["cl"]
    parameter = {"q", "o", "p", "e", "all"}
    for spec in changelist.filter_specs:
        parameter.update(spec.expected_parameters())
    if changelist.date_hierarchy:
        feld = changelist.date_hierarchy
        parameter.update({f"{feld}__year", f"{feld}__month", f"{feld}__day"})
    return parameter


def _abrufen(client, url: str, parameter: dict) -> int:
    response = client.get(url, parameter)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def fehler_bei(client, url: str, parameter: list[str], werte: list[str]) -> list[tuple]:
    """Every parameter with every value, in ``len(werte)`` requests (a Latin square, see above); what a request
    did not read is tried again alone."""
    fehler = []
    for k in range(len(werte)):
        abfrage = {name: werte[(j + k) % len(werte)] for j, name in enumerate(parameter)}
        _Aufzeichnung.gelesen = set()
        if _abrufen(client, url, abfrage) >= 500:
            fehler.append((url, abfrage))
        for name in sorted(set(abfrage) - _Aufzeichnung.gelesen):
            if _abrufen(client, url, {name: abfrage[name]}) >= 500:
                fehler.append((url, {name: abfrage[name]}))
    return fehler


def fehler_einzeln(client, url: str, parameter: list[str], werte: list[str]) -> list[tuple]:
    """Each parameter alone with each value."""
    return [(url, {name: wert}) for name in parameter for wert in werte if _abrufen(client, url, {name: wert}) >= 500]


def test_no_parameter_value_gives_a_500_on_any_page(redaktion_client, daten, aufzeichnen):
    fehler = []
    gesehen = {}
    for name, kwargs in sorted(ADRESSEN.items()):
        url = reverse(name, kwargs=kwargs(daten) if kwargs else None)
        parameter, filterfelder = gelesene_parameter(redaktion_client, url)
        if name != "dashboard:uebersicht":
            parameter -= LAYOUT
        gesehen[name] = parameter = sorted(parameter)
        fehler += fehler_bei(redaktion_client, url, parameter, WERTE)
        fehler += fehler_einzeln(redaktion_client, url, sorted(filterfelder), [UEBERLAUF])
    # The recording works: the list pages' filters, the Stichtag and presentation mode were found.
    assert {"q", "amt", "status", "page", "per_page", "sort", "export"} <= set(gesehen["dashboard:leistungen"])
    assert {"stichtag", "praesentation", "fenster"} <= set(gesehen["dashboard:uebersicht"])
    assert {"amt", "status", "quartal", "export"} <= set(gesehen["planung:plan"])
    assert fehler == [], "\n".join(map(str, fehler))


def test_no_parameter_value_gives_a_500_on_any_admin_list(redaktion_client, daten):
    fehler = []
    for model in admin.site._registry:
        name = f"{model._meta.app_label}_{model._meta.model_name}"
        url = reverse(f"admin:{name}_changelist")
        if redaktion_client.get(url).status_code != 200:
            continue  # lists the Redaktion may not see (users, groups) answer 403, whatever the parameters
        parameter = admin_parameter(redaktion_client, url)
        allgemein = {"q", "o", "p", "e", "all"}
        filter_ = sorted(parameter - allgemein)
        fehler += fehler_einzeln(redaktion_client, url, [p for p in filter_ if not p.endswith("__isnull")], ADMIN_WERTE)
        fehler += fehler_einzeln(redaktion_client, url, [p for p in filter_ if p.endswith("__isnull")], [UEBERLAUF])
        if name in ADMIN_EIGENE_SUCHE:
            fehler += fehler_einzeln(redaktion_client, url, ["q"], WERTE)
            fehler += fehler_einzeln(redaktion_client, url, ["o", "p"], ADMIN_WERTE)
    assert fehler == [], "\n".join(map(str, fehler))
