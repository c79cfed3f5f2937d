"""The one write path of a Leistung's fields (everything but its status): :func:`leistungen_aendern`.

The admin's edit form, the importer, the portal's form on a Leistung's page and the demo call it, for one Leistung
through :func:`leistung_aendern` (which also takes a status change to the status service, all in one transaction).
New Leistungen come from :func:`leistungen_anlegen` (the importer, the scale data) or the admin's add form.
``Leistung.save()`` refuses to change a stored Leistung, so there is no other way (see the model).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import batched
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from catalog.keys import format_key
from catalog.models import Leistung, Status
from catalog.rows import CHANGED, CHUNK, CREATED, insert_rows, update_rows, write_history
from catalog.versions import VersionKonflikt, check_versions

from .statuswochen import schluessel, statuswochen_sammeln, statuswochen_umziehen

# Not fields a caller sets: the status has its own service, the rest the database or the services keep.
_NOT_SETTABLE = {"id", "status", "version", "angelegt_am", "geaendert_am"}
SCHLUESSEL_FELDER = ("amt_id", "von_wiesbaden_umzusetzen", "vollzugsebene")  # in the order schluessel() takes them


def leistung_beschreibung(row) -> str:
    """A Leistung as conflict messages name it (from a row with ``leika_schluessel``)."""
    return format_key(row.leika_schluessel)


def _saved_values(pk: int) -> str:
    a = Leistung.objects.select_related("amt", "status").get(pk=pk)
    return (
        f"Aktuell gespeichert: Bezeichnung „{a.bezeichnung}“, Amt {a.amt.nummer if a.amt else '–'}, "
        f"Status {a.status or '–'}, zusätzliche Informationen „{a.zusaetzliche_informationen or '–'}“."
    )


def version_konflikt(leistung: Leistung) -> VersionKonflikt:
    """The conflict to show when a form was based on an older version than ``leistung`` (as loaded now)."""
    return VersionKonflikt([leistung_beschreibung(leistung)], werte=_saved_values(leistung.pk))


def leistung_versionen_pruefen(versionen: Mapping[int, int | None]) -> None:
    """Lock the Leistungen ``versionen`` names and refuse (:class:`VersionKonflikt`) if any changed since."""
    check_versions(
        Leistung.objects,
        versionen,
        beschreibung=leistung_beschreibung,
        fields=("leika_schluessel",),
        werte=_saved_values,
    )


def _attnames(felder: Mapping[str, Any]) -> dict[str, Any]:
    """Field name or attname → value, as attname → value (a related object as its primary key)."""
    result = {}
    for name, value in felder.items():
        field = Leistung._meta.get_field(name)
        if field.name in _NOT_SETTABLE:
            if field.name == "status":
                raise ValueError("Den Status ändert nur leistung_status_setzen.")
            raise ValueError(f"Das Feld „{field.name}“ setzen die Services selbst.")
        if isinstance(value, models.Model):
            value = value.pk
        result[field.attname] = value
    return result


@transaction.atomic
def leistungen_aendern(
    *,
    aenderungen: Mapping[int, Mapping[str, Any]],
    user=None,
    grund: str = "",
    versionen: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """Change fields (not the status) of many Leistungen at once: primary key → {field: new value}.

    The values are validated by the caller (forms, the importer's cell readers). Locks the Leistungen in ascending
    order of their key; with ``versionen`` (primary key → the version the user saw) refuses everything with
    :class:`VersionKonflikt` if someone changed one of them since. Writes only the Leistungen whose values differ
    from the stored ones: one ``UPDATE`` per chunk of 2,000, the version raised by the database
    (``version + 1``), and one audit row each (who, when, ``grund``); a Leistung that changes Amt or base takes
    its history along in the weekly counts (:mod:`.statuswochen`). Returns primary key → new version of the
    Leistungen written.
    """
    werte = {pk: _attnames(felder) for pk, felder in aenderungen.items()}
    spalten = sorted(set().union(*werte.values())) if werte else []
    if versionen:
        leistung_versionen_pruefen(versionen)
    now = timezone.now()
    geschrieben: dict[int, int] = {}
    # the fields that decide where a Leistung's history is counted in the weekly figures (.statuswochen)
    schluessel_felder = [f for f in SCHLUESSEL_FELDER if f in spalten]
    gelesen_felder = spalten + [f for f in SCHLUESSEL_FELDER if f not in spalten] if schluessel_felder else spalten
    with statuswochen_sammeln():
        for chunk in batched(sorted(werte), CHUNK):
            gespeichert = {
                row[0]: row[1:]
                for row in Leistung.objects.select_for_update()
                .filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", "version", *gelesen_felder)
            }
            if len(gespeichert) != len(chunk):
                raise Leistung.DoesNotExist(f"{len(chunk) - len(gespeichert)} der Leistungen gibt es nicht (mehr).")
            rows, umzuege = [], {}
            for pk in chunk:
                version, *alt_gelesen = gespeichert[pk]
                alt = alt_gelesen[: len(spalten)]
                neu = [werte[pk].get(spalte, wert) for spalte, wert in zip(spalten, alt, strict=True)]
                if neu != alt:
                    rows.append((pk, *neu))
                    geschrieben[pk] = version + 1
                    if schluessel_felder:
                        vorher = dict(zip(gelesen_felder, alt_gelesen, strict=True))
                        nachher = vorher | dict(zip(spalten, neu, strict=True))
                        umzuege[pk] = (
                            schluessel(*(vorher[f] for f in SCHLUESSEL_FELDER)),
                            schluessel(*(nachher[f] for f in SCHLUESSEL_FELDER)),
                        )
            update_rows(Leistung, spalten, rows, now=now)
            write_history(Leistung, [row[0] for row in rows], kind=CHANGED, when=now, user=user, reason=grund)
            statuswochen_umziehen(umzuege)
    return geschrieben


@transaction.atomic
def leistung_aendern(
    *,
    leistung: Leistung,
    version: int,
    felder: Mapping[str, Any] | None = None,
    status: Status | None = None,
    gueltig_ab: dt.date | None = None,
    grund: str = "",
    user=None,
) -> Leistung:
    """One Leistung as a form changes it: fields through :func:`leistungen_aendern` and, if given and different,
    a new status with date and reason through the status service; all or nothing.

    Refused with :class:`VersionKonflikt` (naming the values saved now) when the Leistung changed since ``version``
    was read; validates the changed fields like a model form (``full_clean``). Returns the Leistung as saved.
    """
    from .status import check_date, check_status, leistung_status_setzen

    leistung_versionen_pruefen({leistung.pk: version})
    gespeichert = Leistung.objects.get(pk=leistung.pk)
    status_neu = status is not None and status.pk != gespeichert.status_id
    if status_neu:
        if not grund.strip():
            raise ValidationError({"grund": "Bitte einen Grund für die Statusänderung angeben."})
        check_date(gueltig_ab)
        check_status(status)
    with statuswochen_sammeln():  # one write of the weekly counts for both
        if felder:
            for name, value in felder.items():
                setattr(gespeichert, name, value)
            gespeichert.full_clean()
            leistungen_aendern(aenderungen={leistung.pk: felder}, user=user)
        if status_neu:
            leistung_status_setzen(leistung=gespeichert, status=status, gueltig_ab=gueltig_ab, user=user, grund=grund)
    return Leistung.objects.select_related("status", "amt").get(pk=leistung.pk)


@transaction.atomic
def leistungen_anlegen(*, zeilen: Sequence[Mapping[str, Any]], user=None, grund: str = "") -> dict[str, int]:
    """Create many Leistungen at once (the catalogue import, the scale data), each with its "created" audit row.

    ``zeilen`` hold field attnames → validated values (foreign keys as ids), each with ``leika_schluessel``; a
    status is not among them: a new Leistung gets its status afterwards through the status service, so that it has
    its history like any other. Returns LeiKa key → primary key of the new Leistungen.
    """
    if any("status_id" in zeile or "status" in zeile for zeile in zeilen):
        raise ValueError("Den Status ändert nur leistung_status_setzen.")
    now = timezone.now()
    insert_rows(Leistung, zeilen, now=now)
    keys = [zeile["leika_schluessel"] for zeile in zeilen]
    pks: dict[str, int] = {}
    for chunk in batched(keys, CHUNK):
        pks.update(Leistung.objects.filter(leika_schluessel__in=chunk).values_list("leika_schluessel", "pk"))
    write_history(Leistung, pks.values(), kind=CREATED, when=now, user=user, reason=grund)
    return pks
