"""Times every page of the portal at 1×, 10× and 50× the catalogue, on PostgreSQL and SQLite, with query counts.

    .venv/bin/python bench/bench_seiten.py --pg postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_seiten.py --pg … --behalten          # keep the databases for the next run
    .venv/bin/python bench/bench_seiten.py --pg-faktoren 1 10 --sqlite-faktoren   # PostgreSQL 1× and 10× only

The databases (``<prefix>_pg_f50`` on the server of ``--pg``, SQLite files in ``--ordner``) are built by
``generate_scale_data`` (factor 1: 4,813 Leistungen with about 49,000 status changes; 50×: 240,650 and 2.4
million, all Hessian municipalities' scale) plus two Erhebungen, the demo's ratings, Servicestandard assessments,
capacities and OZG-Monitor figures (``bench/datenbanken.py``); a database that a run kept with ``--behalten`` is
used again. Then, in ``--runden`` rounds (at least 3) that visit the databases in turn, each starting with
another, a fresh process per database signs in as a reading user (Verwaltungsführung), requests every page once
to warm up (and counts its queries), then once more, timed: the whole response through Django's middleware, as
the test client sees it. Every figure is the median of its rounds and is printed with the load average (1 minute)
at the start of each round on that database. The query count of a page must be the same at every size.

Goals (issue 15): every page at 10× at most 3 × its time at 1×, the same number of queries; every page at 50× on
PostgreSQL under 0.5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datenbanken import (  # noqa: E402 - the bench folder is not a package
    LESER,
    Datenbank,
    bereitstellen,
    datenbank,
    de,
    django_einrichten,
    last,
    loeschen,
    starten,
    worker,
)

ZIEL_VERHAELTNIS = 3.0
ZIEL_SEKUNDEN = 0.5


def seiten() -> list[tuple[str, str]]:
    """(label, address) of every page measured, with the ids of this database."""
    from django.urls import NoReverseMatch, reverse

    from catalog.models import Erhebung, Leistung

    mai = Erhebung.objects.get(name="Erhebungsstand Mai 2022")
    leistung = (
        Leistung.objects.filter(amt__nummer=33, von_wiesbaden_umzusetzen=True).order_by("leika_schluessel").first()
    )
    liste = [
        ("/", "/"),
        ("/?stichtag=2022-05-15", "/?stichtag=2022-05-15"),
        ("/aemter/", "/aemter/"),
        ("/aemter/33/", "/aemter/33/"),
        ("/leistungen/", "/leistungen/"),
        ("/leistungen/?q=melde", "/leistungen/?q=melde"),
        ("/leistungen/<Schlüssel>/", f"/leistungen/{leistung.leika_schluessel}/"),
        ("/efa/", "/efa/"),
        ("/fallzahlen/", "/fallzahlen/"),
        ("/priorisierung/", "/priorisierung/"),
        ("/servicestandard/", "/servicestandard/"),
        ("/erhebungen/", "/erhebungen/"),
        ("/erhebungen/<Mai>/ (mit Dez.)", f"/erhebungen/{mai.pk}/"),
        ("/erhebungen/<Mai>/?vergleich=heute", f"/erhebungen/{mai.pk}/?vergleich=heute"),
        ("/daten/kennzahlen.json", "/daten/kennzahlen.json"),
        ("/daten/kennzahlen.csv", "/daten/kennzahlen.csv"),
        ("/daten/erhebungen.json", "/daten/erhebungen.json"),
        ("/daten/servicestandard.json", "/daten/servicestandard.json"),
        ("/daten/prognose.json", "/daten/prognose.json"),
        ("/bericht/foliensatz.pptx", "/bericht/foliensatz.pptx"),
    ]
    for name, label in (("planung:planung", "/planung/"), ("dashboard:mein_amt", "/mein-amt/")):
        with contextlib.suppress(NoReverseMatch):  # not there (yet) on this branch
            liste.append((label, reverse(name)))
    return liste


def messen() -> dict:
    """Worker: every page once to warm up (counting its queries), then once timed."""
    django_einrichten()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=LESER))

    def abrufen(adresse: str) -> tuple[int, int]:
        antwort = client.get(adresse)
        inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
        return antwort.status_code, len(inhalt)

    ergebnis = {}
    for label, adresse in seiten():
        with CaptureQueriesContext(connection) as abfragen:
            status, groesse = abrufen(adresse)
        if status != 200:
            raise SystemExit(f"{adresse}: Status {status}")
        ergebnis[label] = {"abfragen": len(abfragen), "bytes": groesse}
    for label, adresse in seiten():
        gestartet = time.perf_counter()
        abrufen(adresse)
        ergebnis[label]["s"] = time.perf_counter() - gestartet
    return ergebnis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", help="PostgreSQL-Server (URL einer beliebigen Datenbank darauf)")
    parser.add_argument("--pg-faktoren", type=float, nargs="*", default=[1, 10, 50])
    parser.add_argument("--sqlite-faktoren", type=float, nargs="*", default=[1, 10])
    parser.add_argument("--runden", type=int, default=3)
    parser.add_argument("--praefix", default="bench_seiten", help="Namensanfang der Datenbanken")
    parser.add_argument("--ordner", type=Path, default=Path(tempfile.gettempdir()), help="Ordner der SQLite-Dateien")
    parser.add_argument("--behalten", action="store_true", help="Datenbanken für den nächsten Lauf behalten")
    parser.add_argument("--messen", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.messen:
        print(json.dumps(messen()))
        return
    if args.runden < 3:
        parser.error("--runden: mindestens 3 (Median)")
    dbs = [datenbank("SQLite", f, prefix=args.praefix, ordner=args.ordner, server=None) for f in args.sqlite_faktoren]
    if args.pg:
        dbs += [
            datenbank("PostgreSQL", f, prefix=args.praefix, ordner=args.ordner, server=args.pg)
            for f in args.pg_faktoren
        ]
    if not dbs:
        parser.error("keine Datenbank: --pg angeben oder --sqlite-faktoren")
    try:
        bereitstellen(dbs)
        groessen = {db: worker(db, "--zaehlen") for db in dbs}
        ergebnisse: dict[Datenbank, list[dict]] = {db: [] for db in dbs}
        for runde in range(args.runden):
            for db in dbs[runde % len(dbs) :] + dbs[: runde % len(dbs)]:
                load = last()
                prozess = starten(__file__, db, "--messen")
                stdout, stderr = prozess.communicate()
                if prozess.returncode:
                    sys.stderr.write(stderr)
                    raise SystemExit(f"Messen auf {db.name} fehlgeschlagen.")
                ergebnisse[db].append({"last": load, "seiten": json.loads(stdout.strip().splitlines()[-1])})
            print(f"  Runde {runde + 1} fertig (Last {de(last())})", file=sys.stderr, flush=True)
        bericht(dbs, groessen, ergebnisse)
    finally:
        if not args.behalten:
            for db in dbs:
                loeschen(db)


def bericht(dbs: list[Datenbank], groessen: dict, ergebnisse: dict) -> None:
    print()
    for db in dbs:
        lasten = [r["last"] for r in ergebnisse[db]]
        g = groessen[db]
        print(
            f"{db.bezeichnung}: {de(g['leistungen'], 0)} Leistungen, {de(g['aenderungen'], 0)} Statusänderungen; "
            f"Last zu Beginn der Runden {' / '.join(de(x) for x in lasten)}"
        )
    median = {
        db: {
            seite: statistics.median(r["seiten"][seite]["s"] for r in ergebnisse[db])
            for seite in ergebnisse[db][0]["seiten"]
        }
        for db in dbs
    }
    abfragen = {db: {seite: wert["abfragen"] for seite, wert in ergebnisse[db][0]["seiten"].items()} for db in dbs}
    groesse = {db: {seite: wert["bytes"] for seite, wert in ergebnisse[db][0]["seiten"].items()} for db in dbs}
    backends = list(dict.fromkeys(db.backend for db in dbs))
    kopf, trenn = ["Seite"], ["---"]
    for backend in backends:
        eigene = [db for db in dbs if db.backend == backend]
        kopf += [db.bezeichnung for db in eigene]
        trenn += ["---:"] * len(eigene)
        if len(eigene) > 1:
            kopf.append(f"{backend} ×{eigene[1].faktor:g}/×{eigene[0].faktor:g}")
            trenn.append("---:")
        kopf.append("Abfragen")
        trenn.append("---:")
    print("\nMedian in ms (Verhältnis der Zeiten; Abfragen je Größe)\n")
    print("| " + " | ".join(kopf) + " |")
    print("| " + " | ".join(trenn) + " |")
    verfehlt = []
    for seite in median[dbs[0]]:
        zeile = [seite]
        for backend in backends:
            eigene = [db for db in dbs if db.backend == backend]
            zeile += [de(median[db][seite] * 1000, 0) for db in eigene]
            if len(eigene) > 1:
                verhaeltnis = median[eigene[1]][seite] / median[eigene[0]][seite]
                zeile.append(de(verhaeltnis))
                if verhaeltnis > ZIEL_VERHAELTNIS:
                    verfehlt.append(f"{seite}: {eigene[1].bezeichnung} = {de(verhaeltnis)} × {eigene[0].bezeichnung}")
            zahlen = [abfragen[db][seite] for db in eigene]
            zeile.append(" / ".join(str(z) for z in zahlen))
            if len(set(zahlen)) > 1:
                verfehlt.append(f"{seite}: Abfragen {backend} {' / '.join(str(z) for z in zahlen)}")
            for db in eigene:
                if db.backend == "PostgreSQL" and db.faktor >= 50 and median[db][seite] >= ZIEL_SEKUNDEN:
                    verfehlt.append(f"{seite}: {db.bezeichnung} {de(median[db][seite] * 1000, 0)} ms")
        print("| " + " | ".join(zeile) + " |")
    gross = dbs[-1]
    print(
        f"\nAntwortgrößen bei {gross.bezeichnung}: "
        + ", ".join(f"{s} {de(b / 1024, 0)} KB" for s, b in groesse[gross].items())
    )
    print(
        f"\nZiele: jede Seite bei 10× höchstens {de(ZIEL_VERHAELTNIS)} × so lange wie bei 1×, gleiche Abfragen; "
        f"bei 50× auf PostgreSQL unter {de(ZIEL_SEKUNDEN)} s."
    )
    print("Verfehlt: " + ("; ".join(verfehlt) if verfehlt else "nichts"))


if __name__ == "__main__":
    main()
