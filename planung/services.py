"""The writes of the implementation plan: capacities per quarter and Vorgaben for single services.

Keyword-only and atomic, as the catalogue's services. Every record carries a ``version``: a change based on an
outdated version is refused with :class:`VersionKonflikt` and writes nothing (the catalogue's pattern for
Leistungen). The admin and the demo call these functions; nothing else writes these models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from catalog.berechtigungen import authenticated_user
from catalog.models import Amt, Leistung, Status
from scorecard.selectors import offene_leistungen

from .models import Kapazitaet, Planvorgabe, Teilkapazitaet
from .plan import Art
from .quartal import Quartal


class VersionKonflikt(ValidationError):
    """Someone else changed (or removed) the record since the editor read ``version``; nothing was written."""

    def __init__(self, was: str, aktuell: models.Model | None):
        self.aktuell = aktuell
        jetzt = "inzwischen gelöscht" if aktuell is None else f"jetzt Version {aktuell.version}"
        super().__init__(
            f"{was} wurde inzwischen von jemand anderem geändert ({jetzt}). Ihre Änderung wurde nicht "
            "gespeichert; bitte prüfen Sie die aktuellen Werte und ändern Sie sie erneut.",
            code="version_konflikt",
        )


def _gesperrt(model: type[models.Model], pk: int, version: int, was: str):
    """The row locked for the change, if it still has ``version``; else :class:`VersionKonflikt`."""
    aktuell = model.objects.select_for_update().filter(pk=pk).first()
    if aktuell is None or aktuell.version != version:
        raise VersionKonflikt(was, aktuell)
    return aktuell


def _mit_verlauf(obj: models.Model, user) -> models.Model:
    obj._history_user = authenticated_user(user)  # simple_history: who changed it
    return obj


# --- capacities --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Teil:
    """A limit within a quarter: at most ``anzahl`` services of ``amt``, or of the platform (status) ``plattform``."""

    anzahl: int
    amt: Amt | None = None
    plattform: Status | None = None

    @property
    def schluessel(self) -> tuple[str, int]:
        return ("amt", self.amt.pk) if self.amt is not None else ("plattform", self.plattform.pk)

    @property
    def bezeichnung(self) -> str:
        return f"Amt {self.amt.nummer}" if self.amt is not None else f"die Plattform „{self.plattform}“"


def teile_pruefen(teile: Sequence[Teil], gesamt: int) -> None:
    """Refuse, in German, a limit for neither or both of Amt and platform, above the total, or given twice."""
    gesehen = set()
    for teil in teile:
        if (teil.amt is None) == (teil.plattform is None):
            raise ValidationError("Eine Grenze gilt entweder für ein Amt oder für eine Plattform (Status).")
        if teil.anzahl is None or teil.anzahl < 0:
            raise ValidationError(f"Die Grenze für {teil.bezeichnung} muss eine Zahl ab 0 sein.")
        if teil.anzahl > gesamt:
            raise ValidationError(
                f"Die Grenze für {teil.bezeichnung} ({teil.anzahl}) ist größer als die Kapazität des Quartals "
                f"insgesamt ({gesamt}); mehr als die Gesamtkapazität kann kein Amt und keine Plattform erreichen."
            )
        if teil.schluessel in gesehen:
            raise ValidationError(f"Für {teil.bezeichnung} ist die Grenze doppelt angegeben.")
        gesehen.add(teil.schluessel)


@transaction.atomic
def kapazitaet_speichern(
    *,
    quartal: Quartal,
    anzahl: int,
    teile: Sequence[Teil] = (),
    bemerkung: str = "",
    kapazitaet: Kapazitaet | None = None,
    version: int | None = None,
    user=None,
) -> Kapazitaet:
    """Record a quarter's capacity (new when ``kapazitaet`` is None) with exactly the limits ``teile``.

    A changed capacity needs the ``version`` the editor saw; limits not in ``teile`` are removed, the others
    created or changed (each with its history row). A limit above the total, a limit given twice, or a second
    record for the same quarter is refused in German; nothing is written then.
    """
    if anzahl is None or anzahl < 0:
        raise ValidationError({"anzahl": "Bitte eine Zahl ab 0 angeben."})
    teile_pruefen(teile, anzahl)
    if kapazitaet is None or kapazitaet.pk is None:
        ziel = kapazitaet or Kapazitaet()
        vorhandene = {}
    else:
        bisher = kapazitaet.quartal_wert if kapazitaet.jahr and kapazitaet.quartal else quartal
        ziel = _gesperrt(Kapazitaet, kapazitaet.pk, version, f"Die Kapazität für {bisher}")
        ziel.version += 1
        vorhandene = {
            (("amt", t.amt_id) if t.amt_id else ("plattform", t.plattform_id)): t
            for t in Teilkapazitaet.objects.filter(kapazitaet=ziel)
        }
    doppelt = Kapazitaet.objects.filter(jahr=quartal.jahr, quartal=quartal.nummer).exclude(pk=ziel.pk)
    if doppelt.exists():
        raise ValidationError(f"Für {quartal} ist bereits eine Kapazität erfasst; bitte diese ändern.")
    ziel.jahr, ziel.quartal, ziel.anzahl, ziel.bemerkung = quartal.jahr, quartal.nummer, anzahl, bemerkung.strip()
    ziel.geaendert_von, ziel.geaendert_am = authenticated_user(user), timezone.now()
    ziel.full_clean(validate_unique=False)
    _mit_verlauf(ziel, user).save()

    for teil in teile:
        zeile = vorhandene.pop(teil.schluessel, None)
        if zeile is not None and zeile.anzahl == teil.anzahl:
            continue
        zeile = zeile or Teilkapazitaet(kapazitaet=ziel, amt=teil.amt, plattform=teil.plattform)
        zeile.anzahl = teil.anzahl
        _mit_verlauf(zeile, user).save()
    for zeile in vorhandene.values():
        _mit_verlauf(zeile, user).delete()
    return ziel


@transaction.atomic
def kapazitaet_loeschen(*, kapazitaet: Kapazitaet, version: int, user=None) -> None:
    """Remove a quarter's capacity and its limits (if unchanged since ``version``): the quarter takes no service."""
    ziel = _gesperrt(Kapazitaet, kapazitaet.pk, version, f"Die Kapazität für {kapazitaet.quartal_wert}")
    for teil in Teilkapazitaet.objects.filter(kapazitaet=ziel):
        _mit_verlauf(teil, user).delete()
    _mit_verlauf(ziel, user).delete()


# --- Vorgaben ----------------------------------------------------------------------------------------------------


def planvorgabe_pruefen(*, leistung: Leistung, art: Art, grund: str, quartal: Quartal | None, heute=None) -> None:
    """Refuse, in German: no reason, a pin without a quarter or on a past one, a quarter with a held-back
    service, a service that is not open (not "von Wiesbaden umzusetzen", online already or out of scope)."""
    heute = heute or timezone.localdate()
    if not (grund or "").strip():
        raise ValidationError({"grund": "Bitte einen Grund angeben."})
    if art == Art.FESTGELEGT and quartal is None:
        raise ValidationError({"quartal": "Bitte das Quartal angeben, auf das die Leistung festgelegt wird."})
    if art == Art.ZURUECKGESTELLT and quartal is not None:
        raise ValidationError({"quartal": "Eine zurückgestellte Leistung hat kein Quartal; bitte das Quartal leeren."})
    if quartal is not None and quartal < Quartal.von_datum(heute):
        raise ValidationError(
            {"quartal": f"{quartal} liegt in der Vergangenheit; festlegen lässt sich ab dem laufenden Quartal."}
        )
    if not offene_leistungen().filter(pk=leistung.pk).exists():
        raise ValidationError(
            {
                "leistung": f"Die Leistung {leistung.schluessel_formatiert} ist nicht offen (nicht von Wiesbaden "
                "umzusetzen, schon online verfügbar oder außer Betracht) und wird daher nicht geplant."
            }
        )


@transaction.atomic
def planvorgabe_setzen(
    *,
    leistung: Leistung,
    art: Art,
    grund: str,
    quartal: Quartal | None = None,
    planvorgabe: Planvorgabe | None = None,
    version: int | None = None,
    user=None,
    heute=None,
) -> Planvorgabe:
    """Pin ``leistung`` on ``quartal`` or hold it back (``art``), with a reason; record who and when.

    New when ``planvorgabe`` is None or unsaved (refused if the service has one already: someone else was
    faster); a change needs the ``version`` the editor saw. Checked as :func:`planvorgabe_pruefen` says.
    """
    art, grund = Art(art), (grund or "").strip()
    planvorgabe_pruefen(leistung=leistung, art=art, grund=grund, quartal=quartal, heute=heute)
    was = f"Die Vorgabe für die Leistung {leistung.schluessel_formatiert}"
    # Lock the Leistung, so that two editors adding a Vorgabe at once cannot both pass the check below.
    list(Leistung.objects.select_for_update().filter(pk=leistung.pk).values_list("pk", flat=True))
    if planvorgabe is None or planvorgabe.pk is None:
        vorhanden = Planvorgabe.objects.filter(leistung=leistung).first()
        if vorhanden is not None:
            raise VersionKonflikt(was, vorhanden)
        ziel = planvorgabe or Planvorgabe(leistung=leistung)
    else:
        ziel = _gesperrt(Planvorgabe, planvorgabe.pk, version, was)
        ziel.version += 1
    ziel.leistung = leistung
    ziel.art, ziel.grund = art.value, grund
    ziel.jahr, ziel.quartal = (quartal.jahr, quartal.nummer) if quartal else (None, None)
    ziel.erfasst_von, ziel.erfasst_am = authenticated_user(user), timezone.now()
    ziel.full_clean(validate_unique=False)
    _mit_verlauf(ziel, user).save()
    return ziel


@transaction.atomic
def planvorgabe_aufheben(*, planvorgabe: Planvorgabe, version: int, user=None) -> None:
    """Remove a Vorgabe (if unchanged since ``version``): the service is planned by capacity again."""
    was = f"Die Vorgabe für die Leistung {planvorgabe.leistung.schluessel_formatiert}"
    _mit_verlauf(_gesperrt(Planvorgabe, planvorgabe.pk, version, was), user).delete()
