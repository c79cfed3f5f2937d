"""``/healthz`` for the load balancer: no sign-in, 200 when the database answers and every migration is applied,
503 otherwise, nothing revealed; answered over HTTP at any host name, although the portal redirects to HTTPS and
checks its host names."""

import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


@pytest.fixture
def wie_im_betrieb(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["ozg.wiesbaden.intern"]


def sonde(client, **kwargs):
    return client.get("/healthz", HTTP_HOST="10.0.0.5:8001", **kwargs)  # the node's own address, plain HTTP


def test_ready_says_ok_and_nothing_else(client, wie_im_betrieb):
    antwort = sonde(client)
    assert antwort.status_code == 200
    assert antwort.content == b"ok\n"
    assert antwort["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in antwort["Cache-Control"]
    assert not antwort.cookies  # no session, no CSRF cookie
    assert set(antwort.headers) <= {"Content-Type", "X-Content-Type-Options", "Expires", "Cache-Control"}


def test_the_portal_itself_still_redirects_and_checks_hosts(client, wie_im_betrieb):
    assert client.get("/konto/anmelden/", HTTP_HOST="ozg.wiesbaden.intern").status_code == 301  # to HTTPS
    assert client.get("/konto/anmelden/", HTTP_HOST="10.0.0.5:8001", secure=True).status_code == 400


def test_a_migration_not_yet_applied_is_503(client, wie_im_betrieb):
    MigrationRecorder.Migration.objects.filter(app="jobs").delete()
    antwort = sonde(client)
    assert antwort.status_code == 503
    assert antwort.content == b"nicht bereit\n"  # not which migration, not which app


def test_a_database_that_does_not_answer_is_503(tmp_path):
    """A real app process whose database does not answer (nothing listens on the port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free, so nothing answers there
    probe = (
        "import django; django.setup(); from django.test import Client; "
        "a = Client().get('/healthz', HTTP_HOST='10.0.0.5:8001'); print(a.status_code, repr(a.content))"
    )
    umgebung = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ozgportal.settings_test",
        "DATABASE_URL": f"postgres://ozg@127.0.0.1:{port}/ozg",
        "SECURE_SSL_REDIRECT": "1",
    }
    ergebnis = subprocess.run(  # noqa: S603 - this interpreter with a fixed program
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, env=umgebung, capture_output=True, text=True, timeout=60
    )
    assert ergebnis.stdout.strip() == "503 b'nicht bereit\\n'", ergebnis.stderr[-2000:]
    assert str(port) not in ergebnis.stdout


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
