"""Production settings pass Django's deployment check, and every page type sends the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def production_env():
    """The environment without anything the test settings set: what a production server would have."""
    dropped = ("DEBUG", "DJANGO_", "SECURE_", "SECRET_KEY", "ALLOWED_HOSTS")
    return {key: value for key, value in os.environ.items() if not key.startswith(dropped)}


def test_the_deployment_check_passes_with_production_settings():
    env = production_env()
    env.update(SECRET_KEY="p" * 20 + "-Produktionsschluessel-" + "q" * 30, ALLOWED_HOSTS="ozg.wiesbaden.intern")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY ist nicht gesetzt" in result.stderr


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in csp
    # no inline styles either: plotly.js's rules come as a stylesheet, its element styles go through the CSSOM
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


PAGE_TYPES = {
    "Portalseite": "/",
    "Verwaltung": "/admin/",
    "Verwaltungsliste": "/admin/catalog/leistung/",
    "nicht gefunden": "/gibt-es-nicht/",
    "Liste": "/leistungen/",
    "Export": "/leistungen/?export=csv",
    "Kennzahlen (JSON)": "/daten/kennzahlen.json",
    "Kennzahlen (CSV)": "/daten/kennzahlen.csv",
    "Priorisierung": "/priorisierung/",
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_page_type_sends_the_security_headers(client, redaktion, url):
    client.force_login(redaktion)
    response = client.get(url, secure=True)
    assert response.status_code in (200, 404)
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_login_page_sends_the_headers_and_secure_httponly_samesite_cookies(client):
    response = client.get("/konto/anmelden/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_session_cookie_is_secure_httponly_and_samesite(client, redaktion):
    from tests.conftest import PASSWORD

    client.get("/konto/anmelden/", secure=True)
    response = client.post(
        "/konto/anmelden/", {"username": "redaktion", "password": PASSWORD}, secure=True, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302
    session = response.cookies["ozgportal_sitzung"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.ops.urls_fehler")
def test_a_server_error_shows_a_german_page_without_traceback(client, redaktion):
    client.force_login(redaktion)
    client.raise_request_exception = False
    response = client.get("/kaputt/", secure=True)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Es ist ein Fehler aufgetreten" in page
    assert "Traceback" not in page and "sk-123" not in page and "RuntimeError" not in page


@pytest.mark.django_db
def test_an_unknown_page_is_a_german_404(client, leitung):
    client.force_login(leitung)
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_a_number_setting_that_is_no_number_stops_the_start_in_german():
    env = production_env()
    env.update(SECRET_KEY="p" * 50, PROXY_COUNT="eins")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "PROXY_COUNT muss eine ganze Zahl ab 0 sein, nicht „eins“" in result.stderr
