"""The Erhebungen' write: freezing the figures of a Stichtag."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import Erhebung, ErhebungsEintrag


def _erhebung_pruefen(*, name: str, stichtag: dt.date) -> str:
    """The checks of :func:`erhebung_anlegen` without writing: returns the cleaned name or raises."""
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
def erhebung_anlegen(*, name: str, stichtag: dt.date, user=None, erstellt_am: dt.datetime | None = None) -> Erhebung:
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
    from catalog.selectors import basis_eintraege

    name = _erhebung_pruefen(name=name, stichtag=stichtag)
    if erstellt_am is not None and not (stichtag <= timezone.localdate(erstellt_am) and erstellt_am <= timezone.now()):
        raise ValidationError(
            {"erstellt_am": "Eine Erhebung wird an oder nach ihrem Stichtag erstellt, nicht in der Zukunft."}
        )
    erhebung = Erhebung(
        name=name, stichtag=stichtag, erstellt_von=user if user is not None and user.is_authenticated else None
    )
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
