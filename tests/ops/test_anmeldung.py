"""Signing in: German login page, throttling by username and address together, session limits, logout."""

import time

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session

from ozgportal.middleware import SESSION_STARTED_KEY
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/konto/anmelden/"


def sign_in(client, username, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_every_page_needs_sign_in(client):
    for url in ("/", "/admin/catalog/leistung/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "anmelden" in response["Location"] or "login" in response["Location"]


def test_the_login_page_is_german(client):
    page = client.get(LOGIN).content.decode()
    assert "Anmelden" in page and "Passwort" in page and 'lang="de"' in page


def test_a_wrong_password_gets_a_german_message(client, redaktion):
    page = sign_in(client, "redaktion", "falsch").content.decode()
    assert "Benutzername oder Passwort ist falsch" in page


def test_after_ten_failures_even_the_right_password_is_refused_for_a_while(client, redaktion):
    for _ in range(10):
        sign_in(client, "redaktion", "falsch")
    response = sign_in(client, "redaktion", PASSWORD)
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    assert "15 Minuten" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_user_behind_the_same_address_is_not_locked(client, redaktion, leitung):
    for _ in range(10):
        sign_in(client, "redaktion", "falsch")
    response = sign_in(client, "leitung", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == leitung.pk


def test_the_same_user_from_another_address_is_not_locked(client, redaktion):
    for _ in range(10):
        sign_in(client, "redaktion", "falsch", ip="10.1.1.1")
    assert sign_in(client, "redaktion", PASSWORD, ip="10.2.2.2").status_code == 302


def test_failed_and_successful_sign_ins_are_logged(client, redaktion):
    sign_in(client, "redaktion", "falsch")
    sign_in(client, "redaktion", PASSWORD)
    assert AccessFailureLog.objects.filter(username="redaktion", ip_address="10.1.1.1").count() == 1
    assert AccessLog.objects.filter(username="redaktion", ip_address="10.1.1.1").count() == 1


def test_a_session_ends_after_30_minutes_idle(client, redaktion):
    sign_in(client, "redaktion", PASSWORD)
    assert client.session.get_expiry_age() == 30 * 60
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = session.expire_date.replace(year=2000)
    session.save()
    assert client.get("/").status_code == 302


def test_each_request_renews_the_idle_limit(client, redaktion):
    sign_in(client, "redaktion", PASSWORD)
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    time.sleep(1.1)
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > before


def test_a_session_ends_after_ten_hours_however_active(client, redaktion):
    sign_in(client, "redaktion", PASSWORD)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 10 * 60 * 60 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and LOGIN in response["Location"]
    assert client.get("/").status_code == 302


def test_after_logout_the_old_session_cookie_no_longer_works(client, redaktion):
    sign_in(client, "redaktion", PASSWORD)
    old_cookie = client.cookies["ozgportal_sitzung"].value
    assert client.post("/konto/abmelden/").status_code == 302
    client.cookies["ozgportal_sitzung"] = old_cookie
    assert client.get("/").status_code == 302


def test_logout_needs_a_post(client, redaktion):
    sign_in(client, "redaktion", PASSWORD)
    assert client.get("/konto/abmelden/").status_code == 405
    assert client.get("/").status_code == 200


def test_single_sign_on_through_the_proxy_header_needs_only_settings(client, settings, leitung):
    """What ozgportal/settings.py does when REMOTE_USER_HEADER is set."""
    settings.REMOTE_USER_HEADER = "HTTP_X_REMOTE_USER"
    index = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:index],
        "ozgportal.middleware.ProxyRemoteUserMiddleware",
        *settings.MIDDLEWARE[index:],
    ]
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "django.contrib.auth.backends.RemoteUserBackend",
    ]
    assert client.get("/").status_code == 302
    assert client.get("/", HTTP_X_REMOTE_USER="leitung").status_code == 200
    assert client.get("/").status_code == 200  # the session persists
    assert int(client.session["_auth_user_id"]) == leitung.pk


# --- Behind the reverse proxy: the client address from X-Forwarded-For ----------------------------------------
PROXY = "10.0.0.1"  # REMOTE_ADDR of every request that comes through the city's reverse proxy


def sign_in_through_proxy(client, username, password, forwarded_for):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for
    )


def test_behind_one_proxy_a_lockout_holds_only_for_the_real_client(client, settings, redaktion):
    settings.PROXY_COUNT = 1
    for _ in range(10):
        sign_in_through_proxy(client, "redaktion", "falsch", "203.0.113.5")
    assert sign_in_through_proxy(client, "redaktion", PASSWORD, "203.0.113.5").status_code == 429
    # the same user from another client behind the same proxy is not locked out
    assert sign_in_through_proxy(client, "redaktion", PASSWORD, "203.0.113.9").status_code == 302


def test_spoofed_addresses_left_of_the_proxys_entry_are_ignored(client, settings, redaktion):
    settings.PROXY_COUNT = 1
    # An attacker at 203.0.113.5 claims a new address on every try; the proxy appends the one it saw.
    for versuch in range(10):
        sign_in_through_proxy(client, "redaktion", "falsch", f"198.51.100.{versuch}, 203.0.113.5")
    assert sign_in_through_proxy(client, "redaktion", PASSWORD, "198.51.100.99, 203.0.113.5").status_code == 429
    # ... and cannot lock out the user's own address by claiming it
    assert sign_in_through_proxy(client, "redaktion", PASSWORD, "203.0.113.9").status_code == 302
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(client, settings, redaktion):
    settings.PROXY_COUNT = 2
    sign_in_through_proxy(client, "redaktion", "falsch", "198.51.100.1, 203.0.113.5, 10.0.0.2")
    sign_in_through_proxy(client, "redaktion", PASSWORD, "203.0.113.5, 10.0.0.2")
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


def test_without_proxy_count_the_header_is_not_trusted(client, settings, redaktion):
    settings.PROXY_COUNT = 0
    for versuch in range(10):
        sign_in_through_proxy(client, "redaktion", "falsch", f"198.51.100.{versuch}")
    assert sign_in_through_proxy(client, "redaktion", PASSWORD, "198.51.100.77").status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.parametrize("header", ["", "unbekannt", "203.0.113.5:4711, ", "<script>", "999.1.1.1"])
def test_a_garbled_header_counts_as_the_proxy_never_as_an_error(client, settings, redaktion, header):
    settings.PROXY_COUNT = 1
    response = sign_in_through_proxy(client, "redaktion", PASSWORD, header)
    assert response.status_code == 302
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == [PROXY]


# --- Reading the portal needs a permission that the three groups have -----------------------------------------


def test_the_three_groups_may_read_the_portal():
    from django.contrib.auth.models import Group

    lesende = Group.objects.filter(permissions__codename="portal_lesen", permissions__content_type__app_label="catalog")
    assert set(lesende.values_list("name", flat=True)) == {"Redaktion Amt 15", "Amtsleitung", "Verwaltungsführung"}


def test_a_user_created_by_single_sign_on_sees_whom_to_ask_and_nothing_else(client, settings, leistung):
    settings.REMOTE_USER_HEADER = "HTTP_X_REMOTE_USER"
    index = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:index],
        "ozgportal.middleware.ProxyRemoteUserMiddleware",
        *settings.MIDDLEWARE[index:],
    ]
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "django.contrib.auth.backends.RemoteUserBackend",
    ]
    response = client.get("/daten/kennzahlen.json", HTTP_X_REMOTE_USER="neu.im.amt")
    assert response.status_code == 403 and "Redaktion des Portals in Amt 15" in response.json()["fehler"]
    for url in ("/", f"/leistungen/{leistung.leika_schluessel}/", "/leistungen/?export=csv", "/daten/kennzahlen.csv"):
        response = client.get(url, HTTP_X_REMOTE_USER="neu.im.amt")
        page = response.content.decode()
        assert response.status_code == 403, url
        assert "Kein Zugang zum OZG-Portal" in page and "„neu.im.amt“" in page
        assert "Die Redaktion des Portals in Amt 15" in page
        assert leistung.bezeichnung not in page
        assert 'href="/leistungen/"' not in page  # no navigation into what may not be read
    assert client.post("/konto/abmelden/").status_code == 302  # signing out still works
