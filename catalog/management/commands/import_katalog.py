"""python manage.py import_katalog PATH [--dry-run] [--skip-invalid] [--stichtag JJJJ-MM-TT] [--teilauszug]
[--ausscheiden-bestaetigen N]

Imports the Hessian catalogue workbook (XLSX or CSV). Exit codes: 0 applied (or, with --dry-run, would apply)
cleanly; 1 the file has errors (nothing written, or with --skip-invalid only the valid rows) or someone changed
a Leistung during the import; 2 the file cannot be read, has no data rows (or the arguments are wrong); 3 the
import would retire more Leistungen than go without asking and ``--ausscheiden-bestaetigen`` does not name their
number (nothing written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from catalog.importing.apply import (
    AusscheidenNichtBestaetigt,
    ImportAbgebrochen,
    ImportErgebnis,
    katalog_importieren,
)
from catalog.importing.katalog import read_katalog
from catalog.importing.reader import UnreadableFile
from toolkit.dates import DateError, parse_date


def stichtag(value: str) -> dt.date:
    try:
        return parse_date(value)
    except DateError:
        raise argparse.ArgumentTypeError(
            f"„{value}“ ist kein Datum; bitte als JJJJ-MM-TT angeben, z. B. 2022-05-31."
        ) from None


class Command(BaseCommand):
    help = (
        "Importiert den Hessischen OZG-Katalog (XLSX oder CSV). Neue Leistungen werden angelegt, vorhandene in "
        "den Spalten der Datei aktualisiert; Statusänderungen gelten ab dem Stichtag. Exit-Code 0: sauber "
        "eingespielt, 1: Fehler in der Datei, 2: Datei nicht lesbar, 3: Bestätigung nötig (viele Leistungen "
        "nicht mehr im Katalog)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="Die Katalog-Datei (.xlsx oder .csv).")
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen und zusammenfassen, nichts schreiben.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Gültige Zeilen schreiben, fehlerhafte überspringen (und auflisten).",
        )
        parser.add_argument(
            "--stichtag",
            type=stichtag,
            default=None,
            help="Ab wann Statusänderungen gelten (JJJJ-MM-TT, Vorgabe: heute).",
        )
        parser.add_argument(
            "--teilauszug",
            action="store_true",
            help="Die Datei ist nur ein Auszug: fehlende Leistungen nicht als „nicht mehr im Katalog“ markieren.",
        )
        parser.add_argument(
            "--ausscheiden-bestaetigen",
            type=int,
            default=None,
            metavar="ANZAHL",
            help="Bestätigt, dass so viele Leistungen als „nicht mehr im Katalog“ markiert werden (nötig, wenn es "
            "mehr als ein Zehntel des Katalogs oder mehr als 250 sind).",
        )

    def handle(self, *args, path, dry_run, skip_invalid, stichtag, teilauszug, ausscheiden_bestaetigen, **options):
        started = time.monotonic()
        heute = timezone.localdate()
        stichtag = stichtag or heute
        if stichtag > heute:
            raise CommandError(
                f"Der Stichtag {stichtag:%d.%m.%Y} liegt in der Zukunft; höchstens heute ({heute:%d.%m.%Y}).",
                returncode=2,
            )
        try:
            batch = read_katalog(path)
        except UnreadableFile as exc:
            raise CommandError(exc.message, returncode=2) from exc
        try:
            ergebnis = katalog_importieren(
                batch,
                stichtag=stichtag,
                skip_invalid=skip_invalid,
                dry_run=dry_run,
                teilauszug=teilauszug,
                ausscheiden_bestaetigt=ausscheiden_bestaetigen,
            )
        except AusscheidenNichtBestaetigt as exc:
            raise CommandError(_bestaetigung(exc.anzahl, exc.message), returncode=3) from exc
        except (ImportAbgebrochen, ValidationError) as exc:
            message = exc.message if isinstance(exc, ImportAbgebrochen) else "; ".join(exc.messages)
            raise CommandError(message, returncode=1) from exc
        self._report(ergebnis, verbosity=options["verbosity"], dry_run=dry_run, skip_invalid=skip_invalid)
        self.stdout.write(f"Dauer: {time.monotonic() - started:.1f} s")
        anzahl = len(ergebnis.nicht_mehr_im_katalog)
        if dry_run and ergebnis.bestaetigung_noetig and ausscheiden_bestaetigen != anzahl:
            raise CommandError(
                _bestaetigung(anzahl, f"Der Import würde {anzahl} Leistungen als „nicht mehr im Katalog“ markieren."),
                returncode=3,
            )
        if ergebnis.fehler:
            if ergebnis.geschrieben:
                raise CommandError(
                    f"{len(ergebnis.uebersprungen)} fehlerhafte Zeilen übersprungen; die gültigen Zeilen wurden "
                    "eingespielt.",
                    returncode=1,
                )
            raise CommandError(
                f"Die Datei enthält {len(ergebnis.fehler)} Fehler; es wurde nichts geschrieben.", returncode=1
            )

    def _report(self, ergebnis: ImportErgebnis, *, verbosity: int, dry_run: bool, skip_invalid: bool) -> None:
        for line in ergebnis.zusammenfassung():
            self.stdout.write(line)
        if verbosity >= 2:
            for title, eintraege in (
                ("Neu", ergebnis.neu),
                ("Geändert", ergebnis.geaendert),
                ("Nicht mehr im Katalog", ergebnis.nicht_mehr_im_katalog),
                ("Neue OZG-Leistungsbündel", ergebnis.buendel_neu),
                ("Geänderte OZG-Leistungsbündel", ergebnis.buendel_geaendert),
            ):
                if eintraege:
                    self.stdout.write(f"{title}:")
                for eintrag in eintraege:
                    details = "; ".join(f"{a.spalte}: {a.alt} → {a.neu}" for a in eintrag.aenderungen)
                    line = f"  {eintrag.schluessel} {eintrag.bezeichnung}"
                    self.stdout.write(line + (f" – {details}" if details else ""))
        if ergebnis.fehler:
            self.stderr.write(f"Fehler ({len(ergebnis.fehler)}):")
            for error in ergebnis.fehler:
                self.stderr.write(f"  {error}")
            if skip_invalid and ergebnis.geschrieben:
                self.stderr.write("Übersprungene Zeilen: " + ", ".join(str(n) for n in ergebnis.uebersprungen))
        if dry_run:
            self.stdout.write("Probelauf (--dry-run): es wurde nichts geschrieben.")
        elif ergebnis.geschrieben:
            self.stdout.write(self.style.SUCCESS("Import eingespielt."))


def _bestaetigung(anzahl: int, message: str) -> str:
    return (
        f"{message} Zum Übernehmen den Befehl mit --ausscheiden-bestaetigen={anzahl} wiederholen (oder mit "
        "--teilauszug, wenn die Datei nur ein Auszug ist)."
    )
