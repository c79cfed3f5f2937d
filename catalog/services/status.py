"""The one write path of statuses: every status change goes through :func:`leistungen_status_setzen`.

The admin (form and bulk action), the importer, the portal's form, the demo and the scale data call it, for one
Leistung through :func:`leistung_status_setzen` (the same service, returning the history row it wrote). It
appends :class:`~catalog.models.StatusAenderung` rows and keeps ``Leistung.status`` equal to the latest effective
row, in one transaction and a fixed number of statements per chunk of Leistungen, whatever the number of changes.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from itertools import batched

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.models import Leistung, Status, StatusAenderung
from catalog.rows import CHANGED, CHUNK, insert_rows, update_rows, write_history
from catalog.versions import check_versions
from toolkit.formatting import format_date

from .leistungen import leistung_beschreibung
from .statuswochen import ORDER as _ORDER
from .statuswochen import schluessel, statuswochen_sammeln, statuswochen_vormerken, wechsel

# The Onlinezugangsgesetz came into force on 14.08.2017 (BGBl. I S. 3122, 3138); a status "since" an earlier day is
# possible (e.g. "Nicht relevant" since ever) but more often a typing error: the forms ask for a confirmation
# (:func:`status_datum_pruefen`). Before FRUEHESTES_DATUM no status of the portal holds: 01.01.0001 or 1999 is a
# typing error (a year too few digits, a date field left at its start), refused by every write path.
OZG_IN_KRAFT = dt.date(2017, 8, 14)
FRUEHESTES_DATUM = dt.date(2000, 1, 1)
VOR_OZG_BESTAETIGUNG = f"Ja, der Status gilt wirklich schon vor dem {OZG_IN_KRAFT:%d.%m.%Y}."


def check_date(gueltig_ab, *, today: dt.date | None = None) -> None:
    """A status holds from a date, not a datetime, not from before :data:`FRUEHESTES_DATUM` and not from a day in
    the future."""
    if not isinstance(gueltig_ab, dt.date) or isinstance(gueltig_ab, dt.datetime):
        raise ValidationError({"gueltig_ab": "Bitte ein Datum angeben, ab dem der Status gilt."})
    if gueltig_ab < FRUEHESTES_DATUM:
        raise ValidationError(
            {
                "gueltig_ab": f"Das Datum {format_date(gueltig_ab)} liegt vor dem {format_date(FRUEHESTES_DATUM)}; "
                "so früh gilt kein Status. Bitte das Datum prüfen (vor allem das Jahr)."
            }
        )
    today = today or timezone.localdate()
    if gueltig_ab > today:
        raise ValidationError(
            {
                "gueltig_ab": f"Das Datum {gueltig_ab:%d.%m.%Y} liegt in der Zukunft; ein Status kann höchstens "
                f"ab heute ({today:%d.%m.%Y}) gelten."
            }
        )


def vor_ozg_frage(gueltig_ab: dt.date) -> str:
    """The question a form asks (with the checkbox :data:`VOR_OZG_BESTAETIGUNG`) before it takes a status from a
    day before the OZG came into force; "" from that day on. The status forms and the round's answer form use it."""
    if gueltig_ab >= OZG_IN_KRAFT:
        return ""
    return (
        f"Das Datum {gueltig_ab:%d.%m.%Y} liegt vor dem Inkrafttreten des Onlinezugangsgesetzes am "
        f"{OZG_IN_KRAFT:%d.%m.%Y}. Ist es richtig, bitte unten bestätigen."
    )


def status_datum_pruefen(gueltig_ab, *, bestaetigt: bool, today: dt.date | None = None) -> None:
    """The one check of a status date a person types in (the portal's status form, the admin's form and bulk
    action): :func:`check_date`, and a date before the OZG came into force only when ``bestaetigt``. Raises a
    :class:`ValidationError` on ``gueltig_ab`` or on ``datum_bestaetigt`` (the confirmation to ask for)."""
    check_date(gueltig_ab, today=today)
    if (frage := vor_ozg_frage(gueltig_ab)) and not bestaetigt:
        raise ValidationError({"datum_bestaetigt": frage})


def check_status(status: Status | None) -> None:
    if status is None or status.pk is None:
        raise ValidationError({"status": "Bitte einen Status wählen."})


@transaction.atomic
def leistungen_status_setzen(
    *,
    aenderungen: Iterable[tuple[Leistung | int, Status, dt.date]],
    user=None,
    grund: str = "",
    versionen: Mapping[int, int] | None = None,
    erfasst_am: dt.datetime | None = None,
) -> int:
    """Set statuses: each ``(Leistung, status, gueltig_ab)`` in the given order, as if one after the other.

    For each change: the status in effect on ``gueltig_ab`` (after the changes before it) is its ``alter_status``;
    if that already is the status, nothing is written for it. A back-dated change (before a later one) is recorded
    but leaves the current status to the later row. Dates in the future are refused, and so is everything when
    ``versionen`` (primary key → the version the user saw) names a Leistung someone changed since
    (:class:`~catalog.versions.VersionKonflikt`). A Leistung that received a history row gets its version raised
    and one audit row (who, when, ``grund``). Leistung objects passed in get their new status and version.

    ``erfasst_am`` (default: now) records when a change made before the portal existed was recorded, e.g. the
    demo's history since 2021 ("zuletzt bestätigt" reads it); it may not lie in the future or before a change
    already recorded for one of these Leistungen (rows take effect in the order they were recorded).

    Returns the number of history rows written. Read by: the figures "as of a date" (``catalog.selectors``),
    Erhebungen, the history timeline.
    """
    today = timezone.localdate()
    now = timezone.now()
    if erfasst_am is not None and erfasst_am > now:
        raise ValidationError({"erfasst_am": "Eine Statusänderung kann nicht in der Zukunft erfasst werden."})
    per_leistung: dict[int, list[tuple[int, dt.date]]] = {}
    objects: dict[int, list[Leistung]] = {}
    for leistung, status, gueltig_ab in aenderungen:
        check_date(gueltig_ab, today=today)
        check_status(status)
        pk = leistung.pk if isinstance(leistung, Leistung) else leistung
        per_leistung.setdefault(pk, []).append((status.pk, gueltig_ab))
        if isinstance(leistung, Leistung):
            objects.setdefault(pk, []).append(leistung)
    if versionen:
        check_versions(Leistung.objects, versionen, beschreibung=leistung_beschreibung, fields=("leika_schluessel",))
    erfasst_von = user if user is not None and user.is_authenticated else None
    grund = grund.strip()
    written = 0
    with statuswochen_sammeln():
        for chunk in batched(sorted(per_leistung), CHUNK):
            written += _chunk_setzen(
                chunk, per_leistung, objects, erfasst_von=erfasst_von, grund=grund, now=now, erfasst_am=erfasst_am
            )
    return written


def _chunk_setzen(chunk, per_leistung, objects, *, erfasst_von, grund: str, now, erfasst_am) -> int:
    """Lock one chunk of Leistungen, write their history rows, new statuses, audit rows and weekly counts."""
    felder = ("pk", "status_id", "amt_id", "von_wiesbaden_umzusetzen", "vollzugsebene")
    gelesen = {
        row[0]: row[1:]
        for row in Leistung.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list(*felder)
    }
    if len(gelesen) != len(chunk):
        raise Leistung.DoesNotExist(f"{len(chunk) - len(gelesen)} der Leistungen gibt es nicht (mehr).")
    locked = {pk: row[0] for pk, row in gelesen.items()}  # pk → current status id
    if (
        erfasst_am is not None
        and StatusAenderung.objects.filter(leistung_id__in=chunk, erfasst_am__gt=erfasst_am).exists()
    ):
        raise ValidationError(
            {"erfasst_am": "Für eine der Leistungen ist schon eine später erfasste Statusänderung gespeichert."}
        )
    rows, current, zeitleisten = _plan(
        chunk, per_leistung, locked, erfasst_von=erfasst_von, grund=grund, erfasst_am=erfasst_am or now
    )
    insert_rows(StatusAenderung, rows, now=now)
    update_rows(Leistung, ["status_id"], [(pk, status_id) for pk, status_id in current.items()], now=now)
    write_history(Leistung, current, kind=CHANGED, when=now, user=erfasst_von, reason=grund)
    for pk, (davor, alt, neu) in zeitleisten.items():
        statuswochen_vormerken(schluessel(*gelesen[pk][1:]), alt=wechsel(davor, alt), neu=wechsel(davor, neu))
    for pk in chunk:
        for leistung in objects.get(pk, ()):
            if pk in current:
                leistung.status_id, leistung.version = current[pk], leistung.version + 1
    return len(rows)


def _plan(chunk, per_leistung, locked, *, erfasst_von, grund: str, erfasst_am):
    """The history rows to write for the Leistungen in ``chunk``, each changed Leistung's status afterwards, and
    its timeline from the chunk's earliest new date on, before and after: ``(status before it, old rows, new
    rows)``, each row ``(gueltig_ab, status id)``.

    Reads only the history from the earliest new date on (plus, for the Leistungen that have such rows, the status
    just before it): a Leistung without any is, until then, in its current status.
    """
    earliest = min(gueltig_ab for pk in chunk for _, gueltig_ab in per_leistung[pk])
    later: dict[int, list[tuple[dt.date, int]]] = {}
    for pk, gueltig_ab, status_id in (
        StatusAenderung.objects.filter(leistung_id__in=chunk, gueltig_ab__gte=earliest)
        .order_by(*_ORDER)
        .values_list("leistung_id", "gueltig_ab", "neuer_status_id")
    ):
        later.setdefault(pk, []).append((gueltig_ab, status_id))
    before = {}
    if later:
        before = dict(  # ascending: the last row per Leistung wins
            StatusAenderung.objects.filter(leistung_id__in=list(later), gueltig_ab__lt=earliest)
            .order_by(*_ORDER)
            .values_list("leistung_id", "neuer_status_id")
        )
    rows: list[dict] = []
    current: dict[int, int] = {}
    zeitleisten: dict[int, tuple] = {}
    for pk in chunk:
        # the Leistung's timeline from ``earliest`` on: (date, order) → status, the first entry "before"
        keys: list[tuple[dt.date, int]] = [(dt.date.min, -1)]
        stati: list[int | None] = [before.get(pk) if pk in later else locked[pk]]
        for seq, (gueltig_ab, status_id) in enumerate(later.get(pk, ())):
            keys.append((gueltig_ab, seq))
            stati.append(status_id)
        seq = len(keys)
        for status_id, gueltig_ab in per_leistung[pk]:
            seq += 1  # after every row so far with the same date: recorded later
            position = bisect_right(keys, (gueltig_ab, seq))
            in_effect = stati[position - 1]
            if in_effect == status_id:
                continue
            keys.insert(position, (gueltig_ab, seq))
            stati.insert(position, status_id)
            rows.append(
                {
                    "leistung_id": pk,
                    "alter_status_id": in_effect,
                    "neuer_status_id": status_id,
                    "gueltig_ab": gueltig_ab,
                    "erfasst_am": erfasst_am,
                    "erfasst_von_id": erfasst_von.pk if erfasst_von else None,
                    "grund": grund,
                }
            )
            current[pk] = stati[-1]
        if pk in current:
            neu = [(key[0], status_id) for key, status_id in zip(keys[1:], stati[1:], strict=True)]
            zeitleisten[pk] = (stati[0], later.get(pk, []), neu)
    return rows, current, zeitleisten


def leistung_status_setzen(
    *,
    leistung: Leistung,
    status: Status,
    gueltig_ab: dt.date,
    user=None,
    grund: str = "",
    version: int | None = None,
) -> StatusAenderung | None:
    """:func:`leistungen_status_setzen` for one Leistung; returns the history row written, or ``None`` when the
    status in effect on ``gueltig_ab`` already is ``status`` (nothing written)."""
    with transaction.atomic():
        written = leistungen_status_setzen(
            aenderungen=[(leistung, status, gueltig_ab)],
            user=user,
            grund=grund,
            versionen={leistung.pk: version} if version is not None else None,
        )
        return StatusAenderung.objects.filter(leistung_id=leistung.pk).latest("id") if written else None
