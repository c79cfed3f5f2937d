"""What needs an Amt's attention today ("Mein Amt"): gaps in what is recorded, overdue OZG-Booster services, and
statuses nobody has changed for a long time. Three queries, whatever the size of the catalogue and its history.

- *Lücken*: Leistungen of the Amt online according to their status whose online service is missing or "offline"
  (:func:`catalog.selectors.online_dienste.online_luecke`);
- *OZG-Booster überfällig*: open Leistungen of the Amt (in today's base, neither online nor out of scope) in an
  OZG-Booster Bündel whose rollout deadline has passed;
- *lange unverändert*: open Leistungen of the Amt whose status in effect today has held for at least
  :data:`LANGE_UNVERAENDERT_TAGE` days (or that never had one), oldest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from catalog.models import Amt, Leistung, StatusAenderung, StatusBedeutung

from .efa_fallzahlen import wiesbaden_heute
from .online_dienste import online_luecke

LANGE_UNVERAENDERT_TAGE = 180


@dataclass(frozen=True)
class Handlungsbedarf:
    heute: dt.date
    luecken: list[Leistung]
    booster_ueberfaellig: list[Leistung]
    lange_unveraendert: list[Leistung]  # each with ``status_seit`` (date or None: never had a status)
    unveraendert_vor: dt.date  # "long" means: status in effect since before this day

    @property
    def tage(self) -> int:
        return LANGE_UNVERAENDERT_TAGE

    @property
    def anzahl(self) -> int:
        """How many Leistungen need attention: each once, also when it is in two lists (an overdue OZG-Booster
        service whose status has not changed for long)."""
        return len({leistung.pk for leistung in (*self.luecken, *self.booster_ueberfaellig, *self.lange_unveraendert)})


def offen(prefix: str = "") -> Q:
    """Today's base without the Leistungen online: still to be done."""
    return wiesbaden_heute(prefix) & ~Q(**{f"{prefix}status__bedeutung": StatusBedeutung.ERLEDIGT})


def amt_handlungsbedarf(*, amt: Amt, heute: dt.date) -> Handlungsbedarf:
    """What needs ``amt``'s attention on ``heute`` (see the module); three queries."""
    leistungen = Leistung.objects.filter(amt=amt).select_related("status", "reifegrad", "buendel")
    luecken = list(leistungen.filter(online_luecke()).order_by("leika_schluessel"))
    booster = list(
        leistungen.filter(offen(), buendel__ozg_booster=True, buendel__rollout_frist__lt=heute).order_by(
            "buendel__rollout_frist", "leika_schluessel"
        )
    )
    vor = heute - dt.timedelta(days=LANGE_UNVERAENDERT_TAGE)
    seit = (
        StatusAenderung.objects.filter(leistung=OuterRef("pk"), gueltig_ab__lte=heute)
        .order_by("-gueltig_ab", "-erfasst_am", "-id")
        .values("gueltig_ab")[:1]
    )
    lange = list(
        leistungen.filter(offen())
        .annotate(status_seit=Subquery(seit))
        .filter(Q(status_seit__lte=vor) | Q(status_seit__isnull=True))
        .order_by("status_seit", "leika_schluessel")
    )
    return Handlungsbedarf(
        heute=heute, luecken=luecken, booster_ueberfaellig=booster, lange_unveraendert=lange, unveraendert_vor=vor
    )
