"""A handful of people at once, through the live server, on the real database (on SQLite a file, as in production).

Several HTTP clients, each with a session of its own, save the same Leistung at the same moment: one change
lands, the others get the portal's German conflict message, nobody gets a 500. Pages read while a long write runs
(an import, say) are answered and keep their session.
"""

import re
import sqlite3
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from catalog.models import Leistung
from catalog.services import leistung_aendern
from tests.ops.besucher import Besucher

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
KONFLIKT = "inzwischen von jemand anderem geändert"


def formular(besucher, pfad) -> dict:
    """The form's hidden fields as the page shows them (CSRF token, version)."""
    status, seite = besucher.anfrage("GET", pfad)
    assert status == 200, seite[:500]
    felder = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', seite))
    return {name: felder[name] for name in ("csrfmiddlewaretoken", "version")}


def gleichzeitig(aufgaben) -> list:
    """Run the callables in threads released at the same moment; their results in order."""
    start = threading.Barrier(len(aufgaben))
    ergebnisse = [None] * len(aufgaben)

    def lauf(i, aufgabe):
        start.wait(timeout=30)
        try:
            ergebnisse[i] = aufgabe()
        except Exception as exc:  # noqa: BLE001 - reported by the test's assertion
            ergebnisse[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lauf, args=(i, aufgabe)) for i, aufgabe in enumerate(aufgaben)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return ergebnisse


def test_parallel_saves_of_one_leistung_one_lands_the_others_get_the_conflict_message(
    live_server, leistung, statuses, redaktion, amtsleitung33
):
    pfad = f"/leistungen/{leistung.leika_schluessel}/bearbeiten/"
    besucher = [Besucher(live_server.url, user) for user in (redaktion, amtsleitung33, redaktion, amtsleitung33)]
    gesehen = [formular(b, pfad) for b in besucher]  # everybody opens the form on the same version
    assert {g["version"] for g in gesehen} == {str(leistung.version)}

    def speichern(i):
        daten = {**gesehen[i], "status": statuses["Umsetzung"].pk, "gueltig_ab": "2022-06-01", "grund": f"Start {i}"}
        return besucher[i].anfrage("POST", pfad, {**daten, "zusaetzliche_informationen": f"Notiz {i}"})

    antworten = gleichzeitig([lambda i=i: speichern(i) for i in range(len(besucher))])

    codes = sorted(status for status, _ in antworten)
    assert codes == [200, 200, 200, 302], [(status, seite[:300]) for status, seite in antworten]
    assert all(KONFLIKT in seite for status, seite in antworten if status == 200)
    gewinner = next(i for i, (status, _) in enumerate(antworten) if status == 302)
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == f"Notiz {gewinner}"
    assert list(leistung.status_aenderungen.values_list("grund", flat=True)) == [f"Start {gewinner}"]


def test_pages_read_during_a_long_write_are_answered_and_keep_their_session(live_server, leistung, redaktion, leitung):
    leser = [Besucher(live_server.url, user) for user in (leitung, redaktion, leitung)]
    seiten = ["/", "/leistungen/", f"/leistungen/{leistung.leika_schluessel}/"]
    schreibt = threading.Event()

    def langer_schreibvorgang():  # e.g. an import: one transaction that writes and takes its time
        with transaction.atomic():
            leistung_aendern(
                leistung=Leistung(pk=leistung.pk), version=leistung.version, felder={"zusaetzliche_informationen": "x"}
            )
            schreibt.set()
            time.sleep(1.5)
        return "fertig"

    def lesen(besucher, pfad):
        schreibt.wait(timeout=30)
        return besucher.anfrage("GET", pfad)

    ergebnisse = gleichzeitig(
        [langer_schreibvorgang, *(lambda b=b, p=p: lesen(b, p) for b, p in zip(leser, seiten, strict=True))]
    )

    assert ergebnisse[0] == "fertig"
    assert [status for status, _ in ergebnisse[1:]] == [200, 200, 200], [s[:300] for _, s in ergebnisse[1:]]
    for besucher in leser:  # still signed in
        assert besucher.anfrage("GET", "/leistungen/")[0] == 200


SQLITE = pytest.mark.skipif(connection.vendor != "sqlite", reason="nur SQLite")


@SQLITE
def test_sqlite_reads_beside_a_writer_queues_writers_and_waits_for_them():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"  # pages are read while someone writes
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000  # a writer waits up to 20 s for the one before it
    assert connection.transaction_mode == "IMMEDIATE"  # and takes the write lock when its transaction begins


@SQLITE
def test_a_write_that_waits_too_long_gets_a_german_try_again_page_never_a_500(client, leistung, statuses, redaktion):
    client.force_login(redaktion)
    pfad = f"/leistungen/{leistung.leika_schluessel}/bearbeiten/"
    daten = {"version": leistung.version, "zusaetzliche_informationen": "wartet", "status": "", "gueltig_ab": ""}
    andere = sqlite3.connect(connection.settings_dict["NAME"])  # someone else writes, longer than one may wait
    andere.execute("BEGIN IMMEDIATE")
    connection.close()
    connection.settings_dict["OPTIONS"]["timeout"] = 0.2
    try:
        response = client.post(pfad, daten)
    finally:
        connection.close()
        connection.settings_dict["OPTIONS"]["timeout"] = settings.DATABASES["default"]["OPTIONS"]["timeout"]
        andere.rollback()
        andere.close()
    assert response.status_code == 503
    assert "Die Datenbank ist gerade mit einer anderen Änderung beschäftigt" in response.content.decode()
    assert response["Retry-After"] == "5"
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == ""
