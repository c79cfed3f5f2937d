"""The scorecard's writes: rating a Leistung. The rating page, the admin, the import and the demo call them.

Keyword-only and atomic: a Leistung's ratings change together or not at all, and every change lands in the
rating history (``Bewertung.history``: who changed which rating when).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.berechtigungen import authenticated_user
from catalog.keys import format_key
from catalog.models import Leistung
from catalog.versions import check_versions

from .models import Bewertung, Bewertungsstand, Kriterium, Option

BEGRUENDUNG_MAX = Bewertung._meta.get_field("begruendung").max_length


@dataclass(frozen=True)
class Antwort:
    """The answer to one criterion: the chosen option (``None`` = not rated / remove the rating) and why."""

    option: Option | None
    begruendung: str = ""


@dataclass
class Aenderungen:
    """What a rating call changed."""

    angelegt: int = 0
    geaendert: int = 0
    entfernt: int = 0
    unveraendert: int = 0

    def __iadd__(self, other: Aenderungen) -> Aenderungen:
        self.angelegt += other.angelegt
        self.geaendert += other.geaendert
        self.entfernt += other.entfernt
        self.unveraendert += other.unveraendert
        return self

    @property
    def gesamt(self) -> int:
        """How many ratings were written (created, changed or removed)."""
        return self.angelegt + self.geaendert + self.entfernt

    def __str__(self) -> str:
        return (
            f"{self.angelegt} neu, {self.geaendert} geändert, {self.entfernt} entfernt, {self.unveraendert} unverändert"
        )


def _pruefen(antworten: Mapping[Kriterium, Antwort]) -> None:
    for kriterium, antwort in antworten.items():
        if antwort.option is not None and antwort.option.kriterium_id != kriterium.pk:
            raise ValidationError(
                f"Die Antwort „{antwort.option.bezeichnung}“ gehört nicht zum Kriterium „{kriterium.name}“."
            )
        if len((antwort.begruendung or "").strip()) > BEGRUENDUNG_MAX:
            raise ValidationError(f"Die Begründung zu „{kriterium.name}“ ist länger als {BEGRUENDUNG_MAX} Zeichen.")


WAS_BEWERTUNG = ("Die Bewertung der Leistung", "Bewertungen")


def bewertung_version(leistung: Leistung) -> int:
    """The version of ``leistung``'s ratings (0 if never rated): a rating form remembers it."""
    return Bewertungsstand.objects.filter(pk=leistung.pk).values_list("version", flat=True).first() or 0


@transaction.atomic
def leistung_bewerten(
    *, leistung: Leistung, antworten: Mapping[Kriterium, Antwort], user=None, version: int | None = None
) -> Aenderungen:
    """Rate ``leistung`` on the given criteria; criteria not in ``antworten`` keep their rating.

    For each criterion: an option creates or changes the rating (recording who and when), ``None`` removes
    it. A rating whose option and justification stay the same is not touched (no history row). All or
    nothing: an option that does not belong to its criterion raises :class:`ValidationError` and writes nothing.
    ``version`` (from :func:`bewertung_version` when the form was shown) guards against lost updates: if another
    editor changed the ratings since, :class:`~catalog.versions.VersionKonflikt` is raised and nothing is written.

    Read by: the ranking and the breakdown (``scorecard.selectors``), the rating history.
    """
    if version is not None:
        _create_versions([leistung.pk])
        check_versions(
            Bewertungsstand.objects,
            {leistung.pk: version},
            beschreibung=lambda row: format_key(leistung.leika_schluessel),
            was=WAS_BEWERTUNG,
        )
    return leistungen_bewerten(bewertungen={leistung: antworten}, user=user)


def _create_versions(pks) -> None:
    """A version row for each of these Leistungen that has none (under the Leistungen' lock: no race)."""
    list(Leistung.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
    Bewertungsstand.objects.bulk_create([Bewertungsstand(leistung_id=pk) for pk in pks], ignore_conflicts=True)


@transaction.atomic
def leistungen_bewerten(*, bewertungen: Mapping[Leistung, Mapping[Kriterium, Antwort]], user=None) -> Aenderungen:
    """Rate several Leistungen at once (the import, the demo), as :func:`leistung_bewerten` does; all or nothing.

    New and changed ratings are written in bulk, each with its history row (who, when).
    """
    for antworten in bewertungen.values():
        _pruefen(antworten)
    ids = [leistung.pk for leistung in bewertungen]
    # Lock the Leistungen so that two editors rating one at once cannot both create the same rating.
    _create_versions(ids)
    existing = {(b.leistung_id, b.kriterium_id): b for b in Bewertung.objects.filter(leistung_id__in=ids)}
    editor = authenticated_user(user)
    now = timezone.now()
    result = Aenderungen()
    neue, geaenderte, entfernte = [], [], []
    for leistung, antworten in bewertungen.items():
        for kriterium, antwort in antworten.items():
            begruendung = (antwort.begruendung or "").strip()
            current = existing.get((leistung.pk, kriterium.pk))
            if antwort.option is None:
                if current is None:
                    result.unveraendert += 1
                else:
                    entfernte.append(current)
                continue
            if current is not None and current.option_id == antwort.option.pk and current.begruendung == begruendung:
                result.unveraendert += 1
                continue
            rating = current or Bewertung(leistung_id=leistung.pk, kriterium=kriterium)
            rating.option = antwort.option
            rating.begruendung = begruendung
            rating.bewertet_von = editor
            rating.bewertet_am = now
            (geaenderte if current is not None else neue).append(rating)

    bulk_create_with_history(neue, Bewertung, batch_size=500, default_user=editor, default_date=now)
    bulk_update_with_history(
        geaenderte,
        Bewertung,
        ["option", "begruendung", "bewertet_von", "bewertet_am"],
        batch_size=500,
        default_user=editor,
        default_date=now,
    )
    for rating in entfernte:
        rating._history_user = editor  # simple_history: who removed it
        rating.delete()
    result.angelegt += len(neue)
    result.geaendert += len(geaenderte)
    result.entfernt += len(entfernte)
    geaendert = {rating.leistung_id for rating in (*neue, *geaenderte, *entfernte)}
    Bewertungsstand.objects.filter(pk__in=geaendert).update(version=F("version") + 1)
    return result
