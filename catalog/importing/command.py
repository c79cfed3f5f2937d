"""The management command of a key-column import: a LeiKa-key column and one column per item (the scorecard's
``import_bewertungen``, the Servicestandard's ``import_servicestandard``).

Both read the file, say what they read (sheet, header row, data rows, item columns, skipped columns and sheets),
then list every error and write nothing, or write all through the app's import function. Exit codes: 0 applied
(or, with ``--dry-run``, would apply) cleanly; 1 the file has errors (nothing written); 2 the file cannot be read.

A command subclasses :class:`KeyColumnImportCommand` and says what is its own: how to read and to write, and the
words of its summary. The batch it reads has the attributes of :class:`KeyColumnBatch`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError

from .cells import RowError
from .reader import UnreadableFile


class KeyColumnBatch(Protocol):
    """What a read file tells the command (``scorecard.importing.BewertungsBatch``, ``PruefungsBatch``)."""

    dateiname: str
    blatt: str
    kopfzeile: int
    datenzeilen: int
    ignorierte_spalten: Sequence[str]
    andere_blaetter: Sequence[str]
    fehler: Sequence[RowError]


class KeyColumnImportCommand(BaseCommand):
    """``manage.py <command> PATH [--dry-run]`` for a key-column import; subclasses set the texts and the hooks."""

    path_help = "Die Datei (.xlsx oder .csv)."
    done_text = "Eingespielt."  # the last line after writing, e.g. "Bewertungen eingespielt."

    # --- hooks ---------------------------------------------------------------------------------------------------

    def read(self, path: str) -> KeyColumnBatch:
        """Read and validate the file; raises :class:`~catalog.importing.reader.UnreadableFile`."""
        raise NotImplementedError

    def apply(self, batch: KeyColumnBatch, *, dry_run: bool) -> Any:
        """Write a batch without errors (roll back with ``dry_run``); returns what changed."""
        raise NotImplementedError

    def columns_text(self, batch: KeyColumnBatch) -> str:
        """The item columns found, e.g. "6 Kriterien-Spalten"."""
        raise NotImplementedError

    def result_text(self, batch: KeyColumnBatch, result: Any) -> str:
        """What was written, e.g. "3 Leistungen, 12 Antworten: 12 neu, 0 geändert …"."""
        raise NotImplementedError

    # --- the one flow --------------------------------------------------------------------------------------------

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help=self.path_help)
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen und zusammenfassen, nichts schreiben.")

    def handle(self, *args, path, dry_run, **options):
        try:
            batch = self.read(path)
        except UnreadableFile as exc:
            raise CommandError(exc.message, returncode=2) from exc

        self.stdout.write(
            f"„{batch.dateiname}“, Blatt „{batch.blatt}“, Kopfzeile in Zeile {batch.kopfzeile}: "
            f"{batch.datenzeilen} Datenzeilen, {self.columns_text(batch)}."
        )
        if batch.ignorierte_spalten:
            self.stdout.write("Nicht eingelesene Spalten: " + ", ".join(f"„{s}“" for s in batch.ignorierte_spalten))
        if batch.andere_blaetter:
            self.stdout.write("Nicht gelesene Blätter: " + ", ".join(f"„{s}“" for s in batch.andere_blaetter))
        if batch.fehler:
            self.stderr.write(f"Fehler ({len(batch.fehler)}):")
            for error in batch.fehler:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"Die Datei enthält {len(batch.fehler)} Fehler; es wurde nichts geschrieben.", returncode=1
            )

        result = self.apply(batch, dry_run=dry_run)
        self.stdout.write(f"{self.result_text(batch, result)}.")
        if dry_run:
            self.stdout.write("Probelauf (--dry-run): es wurde nichts geschrieben.")
        else:
            self.stdout.write(self.style.SUCCESS(self.done_text))
