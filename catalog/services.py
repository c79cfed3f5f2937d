"""The catalogue's writes. Every change of a Leistung's status goes through :func:`leistung_set_status`.

Services are keyword-only and atomic; the admin, the importer, forms, commands and the demo loader call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import batched
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.berechtigungen import authenticated_user
from catalog.historie import CHUNK, ERSTELLT, GEAENDERT, historie_schreiben, zeilen_einfuegen
from catalog.models import Leistung, Status, StatusAenderung
from catalog.statusschutz import status_schreiben


class VersionKonflikt(ValidationError):
    """A change based on an outdated version of a Leistung: someone else changed it in the meantime.

    ``aktuell`` is the Leistung as it is now, so that the user can see the current values.
    """

    def __init__(self, aktuell: Leistung):
        self.aktuell = aktuell
        super().__init__(
            f"Die Leistung {aktuell.schluessel_formatiert} wurde inzwischen von jemand anderem geändert "
            f"(jetzt Version {aktuell.version}). Ihre Änderung wurde nicht gespeichert; bitte prüfen Sie die "
            "aktuellen Werte und ändern Sie sie erneut.",
            code="version_konflikt",
        )

    def meldung(self) -> str:
        """The message with the values someone else saved, for the form that was refused."""
        a = self.aktuell
        return (
            f"{self.messages[0]} Aktuell gespeichert: Bezeichnung „{a.bezeichnung}“, "
            f"Amt {a.amt.nummer if a.amt else '–'}, Status {a.status or '–'}, "
            f"zusätzliche Informationen „{a.zusaetzliche_informationen or '–'}“."
        )


@transaction.atomic
def leistung_aendern(*, leistung: Leistung, version: int, user=None, **felder) -> Leistung:
    """Change fields of a Leistung (not its status) if nobody changed it since ``version`` was read.

    Locks the row, compares the version, applies ``felder``, validates and saves with the version raised by one.
    Raises :class:`VersionKonflikt` (nothing written) when the stored version differs. Used by the admin's
    edit form and the Amtsleitung's form on the Leistung page.
    """
    if "status" in felder or "status_id" in felder:
        raise ValueError("Den Status ändert nur leistung_set_status.")
    locked = Leistung.objects.select_for_update().get(pk=leistung.pk)
    if locked.version != version:
        raise VersionKonflikt(locked)
    for name, value in felder.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    if authenticated_user(user) is not None:
        locked._history_user = user
    locked.save()
    return locked


@transaction.atomic
def leistung_fortschreiben(
    *,
    leistung: Leistung,
    version: int,
    zusaetzliche_informationen: str,
    status: Status | None = None,
    gueltig_ab: dt.date | None = None,
    grund: str = "",
    user=None,
) -> Leistung:
    """The portal's small form on a Leistung's page (Amtsleitung, Redaktion): new additional information and,
    if given and different, a new status with date and reason. All or nothing; refused with
    :class:`VersionKonflikt` when the Leistung changed since ``version`` was read."""
    pruefe_version(leistung=leistung, version=version)
    if status is not None and status.pk != leistung.status_id:
        if not grund.strip():
            raise ValidationError({"grund": "Bitte einen Grund für die Statusänderung angeben."})
        _check_change(status=status, gueltig_ab=gueltig_ab)
    if zusaetzliche_informationen != leistung.zusaetzliche_informationen:
        leistung = leistung_aendern(
            leistung=leistung, version=version, user=user, zusaetzliche_informationen=zusaetzliche_informationen
        )
    if status is not None and status.pk != leistung.status_id:
        leistung_set_status(leistung=leistung, status=status, gueltig_ab=gueltig_ab, user=user, grund=grund)
    return Leistung.objects.get(pk=leistung.pk)


def pruefe_version(*, leistung: Leistung, version: int) -> None:
    """Refuse, with the current values, a change based on an outdated version (inside a transaction: locks)."""
    locked = Leistung.objects.select_for_update().get(pk=leistung.pk)
    if locked.version != version:
        raise VersionKonflikt(locked)


def _history_order(queryset):
    return queryset.order_by("-gueltig_ab", "-erfasst_am", "-id")


def _check_change(*, status: Status | None, gueltig_ab) -> None:
    _check_date(gueltig_ab)
    _check_status(status)


def _check_date(gueltig_ab) -> None:
    if not isinstance(gueltig_ab, dt.date) or isinstance(gueltig_ab, dt.datetime):
        raise ValidationError({"gueltig_ab": "Bitte ein Datum angeben, ab dem der Status gilt."})
    today = timezone.localdate()
    if gueltig_ab > today:
        raise ValidationError(
            {
                "gueltig_ab": f"Das Datum {gueltig_ab:%d.%m.%Y} liegt in der Zukunft; ein Status kann höchstens "
                f"ab heute ({today:%d.%m.%Y}) gelten."
            }
        )


def _check_status(status: Status | None) -> None:
    if status is None or status.pk is None:
        raise ValidationError({"status": "Bitte einen Status wählen."})


@transaction.atomic
def leistung_set_status(
    *,
    leistung: Leistung,
    status: Status,
    gueltig_ab: dt.date,
    user=None,
    grund: str = "",
) -> StatusAenderung | None:
    """Set ``leistung``'s status to ``status``, effective on ``gueltig_ab``, and record why and by whom.

    Appends one :class:`StatusAenderung` and updates ``Leistung.status`` to the latest effective history row,
    in one transaction. A back-dated change (before an existing one) is recorded but leaves the current status
    to the later row. Refuses an effective date in the future. Returns ``None`` (and writes nothing) when the
    status in effect on that date already is ``status``.

    Read by: the figures "as of a date" (``catalog.selectors``), Erhebungen, the history timeline.
    """
    _check_change(status=status, gueltig_ab=gueltig_ab)

    # Lock the Leistung so two concurrent changes cannot both compute the "latest" row.
    locked = Leistung.objects.select_for_update().get(pk=leistung.pk)
    history = StatusAenderung.objects.filter(leistung=locked)
    in_effect = (
        _history_order(history.filter(gueltig_ab__lte=gueltig_ab)).values_list("neuer_status", flat=True).first()
    )
    if in_effect == status.pk:
        return None

    change = StatusAenderung(
        leistung=locked,
        alter_status_id=in_effect,
        neuer_status=status,
        gueltig_ab=gueltig_ab,
        erfasst_von=authenticated_user(user),
        grund=grund.strip(),
    )
    change.full_clean()
    change.save()

    latest = _history_order(history).values_list("neuer_status", flat=True).first()
    locked.status_id = latest
    locked.version += 1
    if authenticated_user(user) is not None:
        locked._history_user = user  # simple_history: who made this record change
    with status_schreiben():
        locked.save(update_fields=["status", "version", "geaendert_am"])
    leistung.status_id, leistung.version = locked.status_id, locked.version
    return change


@transaction.atomic
def leistungen_status_setzen(
    *,
    aenderungen: Sequence[tuple[Leistung, Status]],
    gueltig_ab: dt.date,
    user=None,
    grund: str = "",
) -> int:
    """Set many Leistungen's statuses at once, each to its own status, with one date and reason (the catalogue
    import, the admin's bulk action): the same rules and result as :func:`leistung_set_status` for each, but a
    fixed number of queries per chunk instead of several per Leistung.

    Returns the number of history rows written.
    """
    _check_date(gueltig_ab)
    for _, status in aenderungen:
        _check_status(status)
    erfasst_von = authenticated_user(user)
    grund = grund.strip()
    written = 0
    for chunk in batched(aenderungen, CHUNK):
        wanted = {leistung.pk: status for leistung, status in chunk}
        locked = {  # pk → (current status id, version)
            pk: (status_id, version)
            for pk, status_id, version in Leistung.objects.select_for_update()
            .filter(pk__in=wanted)
            .order_by("pk")
            .values_list("pk", "status_id", "version")
        }
        if len(locked) != len(wanted):
            raise Leistung.DoesNotExist(f"{len(wanted) - len(locked)} der Leistungen gibt es nicht (mehr).")
        history = StatusAenderung.objects.filter(leistung_id__in=wanted)
        in_effect = dict(  # ascending order: the last row per Leistung wins
            history.filter(gueltig_ab__lte=gueltig_ab)
            .order_by("leistung_id", "gueltig_ab", "erfasst_am", "id")
            .values_list("leistung_id", "neuer_status_id")
        )
        later = set(history.filter(gueltig_ab__gt=gueltig_ab).order_by().values_list("leistung_id", flat=True))
        now = timezone.now()
        rows = []
        by_status: dict[int | None, list[int]] = {}  # the current status after this change → Leistungen
        for pk, status in wanted.items():
            if in_effect.get(pk) == status.pk:
                continue
            rows.append(
                {
                    "leistung_id": pk,
                    "alter_status_id": in_effect.get(pk),
                    "neuer_status_id": status.pk,
                    "gueltig_ab": gueltig_ab,
                    "erfasst_am": now,
                    "erfasst_von_id": erfasst_von.pk if erfasst_von else None,
                    "grund": grund,
                }
            )
            current = locked[pk][0] if pk in later else status.pk  # a later change stays the current status
            by_status.setdefault(current, []).append(pk)
        zeilen_einfuegen(StatusAenderung, rows, jetzt=now)
        # One UPDATE per new status (not a CASE per row), then the audit rows of exactly these records:
        # this path writes its history itself.
        for status_id, pks in by_status.items():
            Leistung.objects.filter(pk__in=pks).update(status_id=status_id, version=F("version") + 1, geaendert_am=now)
        historie_schreiben(
            Leistung,
            [pk for pks in by_status.values() for pk in pks],
            art=GEAENDERT,
            zeitpunkt=now,
            user=erfasst_von,
            grund=grund,
        )
        neu = {pk: status_id for status_id, pks in by_status.items() for pk in pks}
        for leistung, _ in chunk:
            status_id, version = locked[leistung.pk]
            leistung.status_id, leistung.version = neu.get(leistung.pk, status_id), version + (leistung.pk in neu)
        written += len(rows)
    return written


@transaction.atomic
def leistungen_anlegen(*, zeilen: Sequence[dict[str, Any]], user=None, grund: str = "") -> dict[str, int]:
    """Create many Leistungen at once (the catalogue import), each with its "created" history row.

    ``zeilen`` hold field attnames → validated values (foreign keys as ids), each with ``leika_schluessel``; a
    status is not among them: a new Leistung gets its status afterwards through :func:`leistungen_status_setzen`,
    so that it has its history like any other. Returns LeiKa key → primary key of the new Leistungen.
    """
    if any("status_id" in zeile or "status" in zeile for zeile in zeilen):
        raise ValueError("Den Status ändert nur leistung_set_status.")
    now = timezone.now()
    zeilen_einfuegen(Leistung, zeilen, jetzt=now)
    keys = [zeile["leika_schluessel"] for zeile in zeilen]
    pks: dict[str, int] = {}
    for chunk in batched(keys, CHUNK):
        pks.update(Leistung.objects.filter(leika_schluessel__in=chunk).values_list("leika_schluessel", "pk"))
    historie_schreiben(Leistung, pks.values(), art=ERSTELLT, zeitpunkt=now, user=user, grund=grund)
    return pks


def leistungen_set_status(
    *,
    leistungen: Iterable[Leistung],
    status: Status,
    gueltig_ab: dt.date,
    user=None,
    grund: str = "",
) -> int:
    """Set the same status on several Leistungen (the admin's bulk action); all or nothing.

    Returns the number of Leistungen whose status history received a row.
    """
    return leistungen_status_setzen(
        aenderungen=[(leistung, status) for leistung in leistungen], gueltig_ab=gueltig_ab, user=user, grund=grund
    )


def _erhebung_pruefen(*, name: str, stichtag: dt.date) -> str:
    """The checks of :func:`erhebung_anlegen` without writing: returns the cleaned name or raises."""
    from catalog.models import Erhebung

    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Bitte einen Namen für die Erhebung angeben, z. B. „Erhebungsstand Mai 2022“."})
    if not isinstance(stichtag, dt.date) or isinstance(stichtag, dt.datetime):
        raise ValidationError({"stichtag": "Bitte einen Stichtag als Datum angeben (z. B. 15.05.2022)."})
    today = timezone.localdate()
    if stichtag > today:
        raise ValidationError(
            {
                "stichtag": f"Der Stichtag {stichtag:%d.%m.%Y} liegt in der Zukunft; eine Erhebung kann höchstens "
                f"den heutigen Stand ({today:%d.%m.%Y}) festhalten."
            }
        )
    if Erhebung.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"Eine Erhebung mit dem Namen „{name}“ gibt es bereits."})
    return name


def erhebung_pruefen(*, name: str, stichtag: dt.date) -> None:
    """Raise the :class:`ValidationError` that :func:`erhebung_anlegen` would raise (for forms), or nothing."""
    _erhebung_pruefen(name=name, stichtag=stichtag)


@transaction.atomic
def erhebung_anlegen(*, name: str, stichtag: dt.date, user=None, erstellt_am: dt.datetime | None = None):
    """Make an Erhebung: freeze, for every Leistung in the base on ``stichtag``, its status and Amt then.

    The base is the default one ("von Wiesbaden umzusetzen", status on the Stichtag not "außer Betracht");
    Leistungen without any status on the Stichtag are frozen as "ohne Status", as the live figures count them.
    The frozen :class:`~catalog.models.ErhebungsEintrag` rows are what every figure of the Erhebung reads, so they never
    change afterwards, even when a status change is later back-dated before the Stichtag.

    Refuses a Stichtag in the future and a name that another Erhebung has (ignoring case), with German
    messages; writes nothing then. Returns the new :class:`~catalog.models.Erhebung`.

    ``erstellt_am`` (default: now) records when an Erhebung made before the portal existed was taken, e.g. the
    demo's "Erhebungsstand Dez. 2021"; it may not lie before the Stichtag or in the future.
    """
    from django.db import IntegrityError

    from catalog.models import Erhebung, ErhebungsEintrag
    from catalog.selectors import basis_eintraege

    name = _erhebung_pruefen(name=name, stichtag=stichtag)
    if erstellt_am is not None and not (stichtag <= timezone.localdate(erstellt_am) and erstellt_am <= timezone.now()):
        raise ValidationError(
            {"erstellt_am": "Eine Erhebung wird an oder nach ihrem Stichtag erstellt, nicht in der Zukunft."}
        )
    erhebung = Erhebung(name=name, stichtag=stichtag, erstellt_von=authenticated_user(user))
    if erstellt_am is not None:
        erhebung.erstellt_am = erstellt_am
    erhebung.full_clean()
    try:
        with transaction.atomic():
            erhebung.save()
    except IntegrityError as exc:  # the same name saved concurrently
        raise ValidationError({"name": f"Eine Erhebung mit dem Namen „{name}“ gibt es bereits."}) from exc
    ErhebungsEintrag.objects.bulk_create(
        (ErhebungsEintrag(erhebung=erhebung, **eintrag) for eintrag in basis_eintraege(stichtag)), batch_size=2000
    )
    return erhebung
