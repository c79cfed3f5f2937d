"""The catalogue's writes. Every change of a Leistung's status goes through :func:`leistung_set_status`.

Services are keyword-only and atomic; the admin, the importer, forms, commands and the demo loader call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.models import Leistung, Status, StatusAenderung


def _history_order(queryset):
    return queryset.order_by("-gueltig_ab", "-erfasst_am", "-id")


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
    if status is None or status.pk is None:
        raise ValidationError({"status": "Bitte einen Status wählen."})

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
        erfasst_von=user if user is not None and user.is_authenticated else None,
        grund=grund.strip(),
    )
    change.full_clean()
    change.save()

    latest = _history_order(history).values_list("neuer_status", flat=True).first()
    if locked.status_id != latest:
        locked.status_id = latest
        if user is not None and user.is_authenticated:
            locked._history_user = user  # simple_history: who made this record change
        locked.save(update_fields=["status", "geaendert_am"])
    leistung.status_id = locked.status_id
    return change


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
    changed = 0
    with transaction.atomic():
        for leistung in leistungen:
            if leistung_set_status(leistung=leistung, status=status, gueltig_ab=gueltig_ab, user=user, grund=grund):
                changed += 1
    return changed
