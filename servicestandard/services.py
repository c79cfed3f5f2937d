"""The Servicestandard's writes: assessing Leistungen' online services. The form on a Leistung's page, the import
and the demo call them; nothing else writes assessments.

Keyword-only and atomic: a call's results change together or not at all. Every changed result records who and
when and lands in the result history (``Ergebnis.history``); every assessment that changes gets its version
raised, so that a form based on an older version is refused instead of overwriting (:class:`PruefungKonflikt`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.berechtigungen import authenticated_user
from catalog.models import Leistung
from catalog.versions import VersionKonflikt

from .berechtigungen import darf_pruefen
from .models import Erfuellung, Ergebnis, Prinzip, Pruefung, mit_online_dienst

NOTIZ_MAX = Ergebnis._meta.get_field("notiz").max_length
_GENANNT = 5  # Leistungen named in one message at most


@dataclass(frozen=True)
class Eintrag:
    """The result for one principle (an :class:`Erfuellung` value; ``None`` = no result, removes it) and a short
    note (``None`` keeps the note the result has, as the import does)."""

    ergebnis: str | None
    notiz: str | None = ""


@dataclass
class Aenderungen:
    """What an assessment call changed, counted in results."""

    angelegt: int = 0
    geaendert: int = 0
    entfernt: int = 0
    unveraendert: int = 0

    @property
    def gesamt(self) -> int:
        """How many results were written (created, changed or removed)."""
        return self.angelegt + self.geaendert + self.entfernt

    def __str__(self) -> str:
        return (
            f"{self.angelegt} neu, {self.geaendert} geändert, {self.entfernt} entfernt, {self.unveraendert} unverändert"
        )


class PruefungKonflikt(VersionKonflikt):
    """The assessment changed since the editor's form was loaded; nothing was written (the portal's one conflict,
    :mod:`catalog.versions`, with its one message)."""

    def __init__(self, leistung: Leistung, aktuell: int):
        self.aktuell = aktuell
        super().__init__(
            [leistung.schluessel_formatiert], was=("Die Prüfung nach dem Servicestandard der Leistung", "Prüfungen")
        )


def pruefung_version(*, leistung: Leistung, fassung) -> int:
    """The version of ``leistung``'s assessment against ``fassung`` (0 before the first result); for the form."""
    version = Pruefung.objects.filter(leistung_id=leistung.pk, fassung=fassung).values_list("version", flat=True)
    return version.first() or 0


@transaction.atomic
def leistung_pruefen(*, leistung: Leistung, eintraege: Mapping[Prinzip, Eintrag], version: int, user) -> Aenderungen:
    """Set ``leistung``'s results for the given principles; principles not in ``eintraege`` keep theirs.

    Only for a user who may assess this Leistung (:func:`~servicestandard.berechtigungen.darf_pruefen`: the
    Redaktion every Leistung, an Amtsleitung those of its own Amt), else :class:`PermissionDenied`. ``version``
    is what :func:`pruefung_version` said when the form was shown; if the assessment changed since, raises
    :class:`PruefungKonflikt`. All or nothing; writes nothing on any error.

    Read by: the checklist on the Leistung page, the figures and exports (``servicestandard.selectors``).
    """
    if not darf_pruefen(user, leistung):
        raise PermissionDenied("Sie dürfen diese Leistung nicht nach dem Servicestandard prüfen.")
    _sperren([leistung.pk])
    fassung_id = _fassung_id(eintraege)
    if fassung_id is not None:
        aktuell = Pruefung.objects.filter(leistung_id=leistung.pk, fassung_id=fassung_id).first()
        aktuell_version = aktuell.version if aktuell else 0
        if aktuell_version != version:
            raise PruefungKonflikt(leistung, aktuell_version)
    return _schreiben({leistung: eintraege}, fassung_id=fassung_id, user=user)


@transaction.atomic
def leistungen_pruefen(*, pruefungen: Mapping[Leistung, Mapping[Prinzip, Eintrag]], user=None) -> Aenderungen:
    """Set the results of several Leistungen at once (the import, the demo), as :func:`leistung_pruefen` does,
    without a version check (an import is all or nothing on its own); it still raises the versions, so that
    forms opened before the import are refused. With a ``user``, each Leistung must be one the user may assess.
    """
    if user is not None:
        verboten = [le for le in pruefungen if not darf_pruefen(user, le)]
        if verboten:
            raise PermissionDenied(
                "Sie dürfen diese Leistungen nicht nach dem Servicestandard prüfen: " + _schluessel(verboten) + "."
            )
    _sperren([le.pk for le in pruefungen])
    eintraege: dict[Prinzip, Eintrag] = {}
    for je_leistung in pruefungen.values():
        eintraege.update(je_leistung)
    return _schreiben(pruefungen, fassung_id=_fassung_id(eintraege), user=user)


def _sperren(ids: list[int]) -> None:
    # Lock the Leistungen so that two editors assessing one at once cannot both create its assessment.
    list(Leistung.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))


def _schluessel(leistungen) -> str:
    namen = [le.schluessel_formatiert for le in leistungen]
    mehr = len(namen) - _GENANNT
    return ", ".join(namen[:_GENANNT]) + (f" und {mehr} weitere" if mehr > 0 else "")


def _fassung_id(eintraege: Mapping[Prinzip, Eintrag]) -> int | None:
    """The one Fassung all principles belong to (``None`` without principles); checks each entry."""
    for prinzip, eintrag in eintraege.items():
        if eintrag.ergebnis is not None and eintrag.ergebnis not in Erfuellung.values:
            raise ValidationError(
                f"„{eintrag.ergebnis}“ ist kein Ergebnis; möglich sind: "
                + ", ".join(f"„{label}“" for label in Erfuellung.labels)
                + "."
            )
        notiz = (eintrag.notiz or "").strip()
        if len(notiz) > NOTIZ_MAX:
            raise ValidationError(f"Die Notiz zu Prinzip {prinzip.nummer} ist länger als {NOTIZ_MAX} Zeichen.")
        if notiz and eintrag.ergebnis is None:
            raise ValidationError(f"Die Notiz zu Prinzip {prinzip.nummer} braucht ein Ergebnis.")
    fassungen = set(
        Prinzip.objects.filter(pk__in=[p.pk for p in eintraege]).values_list("gruppe__fassung_id", flat=True)
    )
    if len(fassungen) > 1:
        raise ValidationError("Die Prinzipien gehören zu verschiedenen Fassungen des Servicestandards.")
    return fassungen.pop() if fassungen else None


def _schreiben(pruefungen: Mapping[Leistung, Mapping[Prinzip, Eintrag]], *, fassung_id, user) -> Aenderungen:
    result = Aenderungen()
    if fassung_id is None:
        return result
    ids = [le.pk for le in pruefungen]
    vorhanden = {p.leistung_id: p for p in Pruefung.objects.filter(fassung_id=fassung_id, leistung_id__in=ids)}
    pruefbar = set(Leistung.objects.filter(mit_online_dienst(), pk__in=ids).values_list("pk", flat=True))
    ohne = [le for le in pruefungen if le.pk not in pruefbar and le.pk not in vorhanden]
    if ohne:
        raise ValidationError(
            "Nach dem Servicestandard wird nur eine Leistung mit Online-Dienst geprüft (online, in Umsetzung oder "
            "mit Adresse bzw. Plattform des Online-Dienstes); das ist nicht der Fall bei: " + _schluessel(ohne) + "."
        )
    bisher = {
        (e.pruefung.leistung_id, e.prinzip_id): e
        for e in Ergebnis.objects.filter(pruefung__in=vorhanden.values()).select_related("pruefung")
    }
    editor = authenticated_user(user)
    jetzt = timezone.now()
    neue, geaenderte, entfernte, geaenderte_leistungen = [], [], [], {}
    for leistung, eintraege in pruefungen.items():
        for prinzip, eintrag in eintraege.items():
            aktuell = bisher.get((leistung.pk, prinzip.pk))
            notiz = eintrag.notiz.strip() if eintrag.notiz is not None else (aktuell.notiz if aktuell else "")
            if eintrag.ergebnis is None:
                if aktuell is None:
                    result.unveraendert += 1
                else:
                    entfernte.append(aktuell)
                    geaenderte_leistungen[leistung.pk] = leistung
                continue
            if aktuell is not None and (aktuell.ergebnis, aktuell.notiz) == (eintrag.ergebnis, notiz):
                result.unveraendert += 1
                continue
            ergebnis = aktuell or Ergebnis(prinzip_id=prinzip.pk)
            ergebnis.ergebnis, ergebnis.notiz = eintrag.ergebnis, notiz
            ergebnis.geprueft_von, ergebnis.geprueft_am = editor, jetzt
            (geaenderte if aktuell is not None else neue).append((leistung.pk, ergebnis))
            geaenderte_leistungen[leistung.pk] = leistung

    # One assessment per changed Leistung, its version raised (created at version 1).
    neue_pruefungen = [
        Pruefung(leistung_id=pk, fassung_id=fassung_id, geaendert_am=jetzt, geaendert_von=editor)
        for pk in geaenderte_leistungen
        if pk not in vorhanden
    ]
    Pruefung.objects.bulk_create(neue_pruefungen)
    alte_pruefungen = [vorhanden[pk] for pk in geaenderte_leistungen if pk in vorhanden]
    for pruefung in alte_pruefungen:
        pruefung.version += 1
        pruefung.geaendert_am, pruefung.geaendert_von = jetzt, editor
    Pruefung.objects.bulk_update(alte_pruefungen, ["version", "geaendert_am", "geaendert_von"])
    pruefung_je_leistung = {p.leistung_id: p for p in (*vorhanden.values(), *neue_pruefungen)}
    for leistung_id, ergebnis in neue:
        ergebnis.pruefung = pruefung_je_leistung[leistung_id]

    bulk_create_with_history([e for _, e in neue], Ergebnis, batch_size=500, default_user=editor, default_date=jetzt)
    bulk_update_with_history(
        [e for _, e in geaenderte],
        Ergebnis,
        ["ergebnis", "notiz", "geprueft_von", "geprueft_am"],
        batch_size=500,
        default_user=editor,
        default_date=jetzt,
    )
    for ergebnis in entfernte:
        ergebnis._history_user = editor  # simple_history: who removed it
        ergebnis.delete()
    result.angelegt += len(neue)
    result.geaendert += len(geaenderte)
    result.entfernt += len(entfernte)
    return result
