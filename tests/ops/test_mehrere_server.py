"""Several app servers on one database, as in production behind a load balancer (README, "Betrieb mit mehreren
Servern"): two gunicorn servers, each with a temporary folder of its own, one shared upload storage, one worker
(``manage.py db_worker``), all on the test database (PostgreSQL in CI, the SQLite file otherwise).

The editor uploads the 5,019-row workbook on server A, watches the check and sees the preview on server B,
confirms on B and watches the import on A: the progress ("1.200 von 5.019 Zeilen geprüft"), then the result. The
worker runs the tasks both servers enqueued; the import, deliberately slowed, lasts longer than the servers'
gunicorn timeout, and no request waits for it. And nothing else keeps state on a node.
"""

import ast
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.bench_import import AEMTER, build_workbook
from catalog.models import Amt, Leistung, StatusAenderung
from erhebungsrunde.models import Erinnerung
from erhebungsrunde.services import erhebungsrunde_oeffnen
from jobs.models import Job, Upload
from tests.ops.besucher import Besucher

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)
GUNICORN_TIMEOUT = 2  # seconds: a request that ran longer would be killed
PAUSE_JE_MELDUNG = 0.2  # applying waits this long after each progress report (every 500 rows): ≥ 2,4 s
ZEILEN = 5019
IMPORT_URL = reverse("admin:catalog_leistung_importieren")


def _datenbank_url() -> str:
    daten = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{daten['NAME']}"
    anmeldung = quote(daten["USER"] or "", safe="")
    if daten.get("PASSWORD"):
        anmeldung += ":" + quote(daten["PASSWORD"], safe="")
    return f"postgres://{anmeldung}@{daten['HOST'] or '127.0.0.1'}:{daten['PORT'] or 5432}/{daten['NAME']}"


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Betrieb:
    """The processes of one test: app servers and the worker, their logs, and their stop."""

    def __init__(self, ordner: Path):
        self.ordner = ordner
        self.ablage = ordner / "gemeinsame-ablage"  # the shared volume (MEDIA_ROOT) of every server and the worker
        self.prozesse: list[tuple[str, subprocess.Popen]] = []

    def umgebung(self, name: str) -> dict:
        temp = self.ordner / f"tmp-{name}"  # each node its own temporary folder
        temp.mkdir()
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ozgportal.settings_test",
            "DATABASE_URL": _datenbank_url(),
            "MEDIA_ROOT": str(self.ablage),
            "TMPDIR": str(temp),
            "TASKS_BACKEND": "database",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "0",
            "SECURE_SSL_REDIRECT": "1",  # as in production: /healthz must answer over HTTP all the same
            "PYTHONPATH": str(ROOT),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # the reminders' mails stay in memory
        }

    def starten(self, name: str, befehl: list[str], **extra) -> None:
        with open(self.ordner / f"{name}.log", "wb") as log:  # the process writes on; the test reads it later
            prozess = subprocess.Popen(  # noqa: S603 - fixed commands of this test
                befehl, cwd=ROOT, env={**self.umgebung(name), **extra}, stdout=log, stderr=subprocess.STDOUT
            )
        self.prozesse.append((name, prozess))

    def server(self, name: str) -> str:
        port = _freier_port()
        self.starten(
            name,
            [sys.executable, "-m", "gunicorn", "ozgportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--timeout", str(GUNICORN_TIMEOUT), "--graceful-timeout", "1"],
        )  # fmt: skip
        return f"http://127.0.0.1:{port}"

    def log(self, name: str) -> str:
        return (self.ordner / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {name} ---\n{self.log(name)[-3000:]}" for name, _ in self.prozesse)

    def stoppen(self) -> None:
        for _, prozess in self.prozesse:
            if prozess.poll() is None:
                prozess.send_signal(signal.SIGTERM)
        for _, prozess in self.prozesse:
            try:
                prozess.wait(timeout=10)
            except subprocess.TimeoutExpired:
                prozess.kill()
                prozess.wait()


@pytest.fixture
def betrieb(tmp_path):
    betrieb = Betrieb(tmp_path)
    yield betrieb
    betrieb.stoppen()  # before the test database is flushed


def bereit(betrieb: Betrieb, adresse: str, frist: float = 60) -> None:
    """Waits until the server answers /healthz (as a load balancer would probe it: another host name, HTTP)."""
    ende = time.monotonic() + frist
    while time.monotonic() < ende:
        try:
            status, text = _sonde(adresse)
            if status == 200:
                assert text == "ok\n"
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{adresse} antwortet nicht.\n{betrieb.logs()}")


def _sonde(adresse: str) -> tuple[int, str]:
    host, port = adresse.removeprefix("http://").split(":")
    verbindung = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        verbindung.request("GET", "/healthz", headers={"Host": "10.1.2.3:8001"})  # the node's own address
        antwort = verbindung.getresponse()
        return antwort.status, antwort.read().decode()
    finally:
        verbindung.close()


def job_id(besucher: Besucher) -> str:
    ziel = besucher.kopfzeilen["Location"]
    treffer = re.fullmatch(r"/admin/catalog/leistung/importieren/([0-9a-f-]{36})/", ziel)
    assert treffer, ziel
    return treffer.group(1)


def beobachten(betrieb: Betrieb, besucher: Besucher, job: str, frist: float = 90, url: str = "") -> list[dict]:
    """Polls the job's progress (as the page's script does) until it has ended; every answer seen."""
    url = url or reverse("admin:catalog_leistung_import_fortschritt", args=[job])
    gesehen = []
    ende = time.monotonic() + frist
    while time.monotonic() < ende:
        status, text = besucher.anfrage("GET", url)
        assert status == 200, f"{text[:300]}\n{betrieb.logs()}"
        stand = json.loads(text)
        gesehen.append(stand)
        if stand["beendet"]:
            return gesehen
        time.sleep(0.1)
    pytest.fail(f"Der Auftrag {job} ist nicht fertig geworden: {gesehen[-1]}\n{betrieb.logs()}")


def test_upload_on_one_server_preview_and_confirm_on_the_other_a_worker_imports(
    betrieb, redaktion, amtsleitung33, amtsleitung51, tmp_path
):
    for nummer in AEMTER:  # the Ämter the workbook names
        Amt.objects.get_or_create(nummer=nummer, defaults={"name": f"Amt {nummer}"})
    a, b = betrieb.server("server-a"), betrieb.server("server-b")
    betrieb.starten(
        "worker", [sys.executable, "-m", "tests.ops.worker_mit_pause"], PAUSE_JE_MELDUNG=str(PAUSE_JE_MELDUNG)
    )
    mappe = build_workbook(tmp_path / "hessen.xlsx", ZEILEN).read_bytes()  # while the servers start
    bereit(betrieb, a)
    bereit(betrieb, b)

    # upload on A
    redakteurin = Besucher(a, redaktion, hinter_proxy=True)
    status, seite = redakteurin.anfrage("GET", IMPORT_URL)
    assert status == 200, seite[:300]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite).group(1)
    status, _ = redakteurin.anfrage(
        "POST",
        IMPORT_URL,
        {"csrfmiddlewaretoken": csrf, "schritt": "hochladen", "stichtag": "2022-05-31"},
        dateien={"datei": ("hessen.xlsx", mappe)},
    )
    assert status == 302
    pruefen = job_id(redakteurin)

    # the check and the preview on B
    redakteurin.umziehen(b)
    gesehen = beobachten(betrieb, redakteurin, pruefen)
    status, seite = redakteurin.anfrage("GET", reverse("admin:catalog_leistung_import_auftrag", args=[pruefen]))
    assert status == 200
    assert f"Neu: {ZEILEN:,}".replace(",", ".") + " · geändert: 0" in seite
    assert "Import übernehmen" in seite
    token = re.search(r'name="token" value="([0-9a-f]{32})"', seite).group(1)

    # confirm on B, watch the import on A
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite).group(1)
    status, _ = redakteurin.anfrage(
        "POST", IMPORT_URL, {"csrfmiddlewaretoken": csrf, "schritt": "bestaetigen", "token": token}
    )
    assert status == 302
    uebernehmen = job_id(redakteurin)
    redakteurin.umziehen(a)
    gesehen = beobachten(betrieb, redakteurin, uebernehmen)
    status, seite = redakteurin.anfrage("GET", reverse("admin:catalog_leistung_import_auftrag", args=[uebernehmen]))
    assert status == 200
    assert "Import übernommen. Neu: 5.019 · geändert: 0" in seite

    # the page showed the progress: rows checked of the workbook's 5,019, then writing
    zeilen = [s for s in gesehen if s["text"].endswith("von 5.019 Zeilen geprüft")]
    assert any(0 < s["erledigt"] < ZEILEN and s["gesamt"] == ZEILEN for s in zeilen), [s["text"] for s in gesehen]
    assert any(s["text"].startswith("Die Änderungen werden geschrieben") for s in gesehen), gesehen

    # the data, written once, by the worker; longer than a request may take, and no request took long
    assert Leistung.objects.count() == ZEILEN
    assert StatusAenderung.objects.filter(grund="Import hessen.xlsx").exists()
    for job in Job.objects.filter(pk__in=[pruefen, uebernehmen]):
        assert job.status == Job.Status.FERTIG
        ergebnis = DBTaskResult.objects.get(pk=job.task_id)
        assert ergebnis.status == "SUCCESSFUL" and len(ergebnis.worker_ids) == 1
    job = Job.objects.get(pk=uebernehmen)
    assert (job.beendet_am - job.begonnen_am).total_seconds() > GUNICORN_TIMEOUT
    logs = betrieb.logs()
    assert "WORKER TIMEOUT" not in logs and "Traceback" not in logs, logs

    # the reminders of a round on the imported catalogue: started on B, sent by the worker, the result on A
    erinnerungen_durch_den_worker(betrieb, redakteurin, b, a, [amtsleitung33, amtsleitung51])

    # nothing left behind: no upload, nothing in either server's temporary folder
    assert not Upload.objects.exists()
    assert list((betrieb.ablage / "uploads").iterdir()) == []
    assert [p for name in ("server-a", "server-b", "worker") for p in (tmp_path / f"tmp-{name}").rglob("*")] == []


def erinnerungen_durch_den_worker(betrieb, redakteurin, start, ergebnis, amtsleitungen) -> None:
    for user in amtsleitungen:
        user.email = f"{user.username}@wiesbaden.example"
        user.save()
    heute = timezone.localdate()
    runde = erhebungsrunde_oeffnen(name="Erhebungsstand Betrieb", stichtag=heute, frist=heute, aemter=[33, 51])
    erinnern = reverse("admin:erhebungsrunde_erhebungsrunde_erinnern", args=[runde.pk])
    redakteurin.umziehen(start)
    status, seite = redakteurin.anfrage("GET", erinnern)
    assert status == 200, seite[:300]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite).group(1)
    status, _ = redakteurin.anfrage("POST", erinnern, {"csrfmiddlewaretoken": csrf})
    assert status == 302
    job = Job.objects.get(art="erhebungsrunde_erinnern")
    seite_des_auftrags = redakteurin.kopfzeilen["Location"]
    assert seite_des_auftrags == reverse(
        "admin:erhebungsrunde_erhebungsrunde_erinnern_auftrag", args=[runde.pk, job.pk]
    )
    redakteurin.umziehen(ergebnis)
    url = reverse("admin:erhebungsrunde_erhebungsrunde_erinnern_fortschritt", args=[runde.pk, job.pk])
    beobachten(betrieb, redakteurin, str(job.pk), url=url)
    status, seite = redakteurin.anfrage("GET", seite_des_auftrags)
    assert status == 200
    assert "2 E-Mails versandt." in seite, seite[-2000:]
    job.refresh_from_db()
    assert (job.status, job.erledigt, job.gesamt) == (Job.Status.FERTIG, 2, 2)
    assert len(DBTaskResult.objects.get(pk=job.task_id).worker_ids) == 1
    assert sorted(Erinnerung.objects.filter(fehler="").values_list("adresse", flat=True)) == [
        "amtsleitung33@wiesbaden.example",
        "amtsleitung51@wiesbaden.example",
    ]


# --- no state on a node ----------------------------------------------------------------------------------------

APPS = ["toolkit", "jobs", "catalog", "scorecard", "servicestandard", "planung", "dashboard", "ozgportal"]


def _quelltexte():
    for app in APPS:
        for datei in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in datei.parts:
                yield datei


@pytest.mark.django_db(transaction=False)
def test_no_code_keeps_state_that_must_agree_between_nodes_in_the_process():
    """Caches of the process (Django's cache, functools caches, module-level dictionaries filled at run time) and
    the node's temporary folder would differ between app servers. The portal's code uses none of them for state
    between requests: temporary files only within one request or command (the export, the backup)."""
    funde = []
    for datei in _quelltexte():
        text = datei.read_text(encoding="utf-8")
        baum = ast.parse(text)
        for knoten in ast.walk(baum):
            if isinstance(knoten, ast.ImportFrom) and knoten.module in {"django.core.cache", "functools"}:
                namen = {alias.name for alias in knoten.names}
                if knoten.module == "django.core.cache" or namen & {"lru_cache", "cache"}:
                    funde.append(f"{datei.relative_to(ROOT)}: {knoten.module} {sorted(namen)}")
            if isinstance(knoten, ast.Global):
                funde.append(f"{datei.relative_to(ROOT)}: global {knoten.names}")
        if "gettempdir" in text and datei.name not in {"sicherung.py", "settings_test.py"}:
            funde.append(f"{datei.relative_to(ROOT)}: gettempdir")
    assert funde == []


@pytest.mark.django_db(transaction=False)
def test_shared_state_is_configured_to_be_shared():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.STORAGES["default"]["OPTIONS"]["location"] == settings.MEDIA_ROOT
    assert settings.TASKS["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"  # tests
