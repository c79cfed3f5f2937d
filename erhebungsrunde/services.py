"""The Erhebungsrunde's writes: open a round, answer for an Amt, close it (the reminders: :mod:`.erinnerung`).

- :func:`erhebungsrunde_oeffnen`: name, Stichtag, Frist and the Ämter asked; asks every Leistung of those Ämter in
  the base on the day it opens (a :class:`~erhebungsrunde.models.RundenEintrag` each). One round open at a time.
- :func:`rueckmeldungen_abgeben`: an Amt's answers, all or nothing: "unverändert bestätigen" records who confirmed
  which status when (no status history row: a confirmation is not a change); a change goes through the status
  service with its date and reason. Refused when the round is closed, an entry belongs to another Amt, someone
  answered it meanwhile, or a Leistung changed since the page showed it (the portal's version check).
- :func:`leistung_aendern_mit_rueckmeldung`: the status form's save; a new current status of a Leistung the open
  round still asks counts as the round's answer "geändert" when its Amtsleitung or the Redaktion makes it.
- :func:`erhebungsrunde_abschliessen`: freezes the Erhebung of the round's Stichtag with
  :func:`catalog.services.erhebung_anlegen` (the same rows as any Erhebung); the entries keep their answers, and
  the unanswered ones count as unanswered. A closed round is never answered, reminded or closed again.

Every refusal is a :class:`~django.core.exceptions.ValidationError` (or ``PermissionDenied``) with a German
message, and nothing is written then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.berechtigungen import authenticated_user
from catalog.models import Amt, Erhebung, Leistung, Status, StatusAenderung
from catalog.selectors import basis_eintraege
from catalog.services import VersionKonflikt, check_date, erhebung_anlegen, leistung_aendern, leistung_status_setzen
from catalog.versions import check_versions
from toolkit.formatting import format_date

from .berechtigungen import darf_rueckmelden
from .models import Antwort, Erhebungsrunde, RundenEintrag

KOMMENTAR_MAX = 1000
GRUND_MAX = 500


def _datum(wert, feld: str, was: str) -> None:
    if not isinstance(wert, dt.date) or isinstance(wert, dt.datetime):
        raise ValidationError({feld: f"Bitte {was} als Datum angeben (z. B. 10.12.2026)."})


def offene_runde_meldung(runde: Erhebungsrunde) -> str:
    return (
        f"Die Erhebungsrunde „{runde.name}“ ist noch offen (Frist {format_date(runde.frist)}); es kann nur eine "
        "Runde offen sein. Bitte schließen Sie sie zuerst ab."
    )


def _runde_pruefen(
    *, name: str, stichtag, frist, aemter: Sequence[int] | None, tag: dt.date, eintraege: list[dict]
) -> tuple[str, list[Amt]]:
    """The checks of :func:`erhebungsrunde_oeffnen` without writing: every mistake at once, as field → messages.
    Returns the cleaned name and the Ämter asked."""
    fehler: dict[str, list[str]] = {}
    name = (name or "").strip()
    laenge = Erhebungsrunde._meta.get_field("name").max_length
    if not name:
        fehler.setdefault("name", []).append(
            "Bitte einen Namen für die Runde angeben, z. B. „Erhebungsstand Dezember 2026“."
        )
    elif len(name) > laenge:
        fehler.setdefault("name", []).append(
            f"Der Name darf höchstens {laenge} Zeichen lang sein (er hat {len(name)})."
        )
    elif Erhebungsrunde.objects.filter(name__iexact=name).exists():
        fehler.setdefault("name", []).append(f"Eine Erhebungsrunde mit dem Namen „{name}“ gibt es bereits.")
    elif Erhebung.objects.filter(name__iexact=name).exists():
        fehler.setdefault("name", []).append(
            f"Eine Erhebung mit dem Namen „{name}“ gibt es bereits; der Abschluss der Runde legt eine Erhebung "
            "ihres Namens an. Bitte einen anderen Namen wählen."
        )
    for feld, wert, was in (("stichtag", stichtag, "den Stichtag"), ("frist", frist, "die Frist")):
        try:
            _datum(wert, feld, was)
        except ValidationError as exc:
            fehler.setdefault(feld, []).extend(exc.message_dict[feld])
    if "stichtag" not in fehler and stichtag < tag:
        fehler.setdefault("stichtag", []).append(
            f"Der Stichtag {format_date(stichtag)} liegt vor dem Tag, an dem die Runde öffnet ({format_date(tag)}); "
            "die Erhebung der Runde soll die Rückmeldungen enthalten. Bitte einen Stichtag ab diesem Tag wählen."
        )
    if "frist" not in fehler and frist < tag:
        fehler.setdefault("frist", []).append(
            f"Die Frist {format_date(frist)} liegt vor dem Tag, an dem die Runde öffnet ({format_date(tag)})."
        )
    offen = Erhebungsrunde.objects.filter(offen=True).first()
    if offen is not None:
        fehler.setdefault("__all__", []).append(offene_runde_meldung(offen))

    mit_leistungen = {e["amt_id"] for e in eintraege if e["amt_id"] is not None}
    if aemter:
        nummern = sorted(set(aemter))
        gefunden = {a.nummer: a for a in Amt.objects.filter(nummer__in=nummern)}
        for nummer in nummern:
            amt = gefunden.get(nummer)
            if amt is None:
                fehler.setdefault("aemter", []).append(f"Ein Amt mit der Nummer {nummer} gibt es nicht.")
            elif amt.pk not in mit_leistungen:
                fehler.setdefault("aemter", []).append(
                    f"Amt {nummer} hat keine Leistung, die von Wiesbaden umzusetzen ist; es gibt dort nichts zu fragen."
                )
        gefragt = [gefunden[n] for n in nummern if n in gefunden]
    else:
        gefragt = list(Amt.objects.filter(pk__in=mit_leistungen).order_by("nummer"))
        if not gefragt:
            fehler.setdefault("aemter", []).append(
                "Kein Amt hat Leistungen, die von Wiesbaden umzusetzen sind; es gibt nichts zu fragen."
            )
    if fehler:
        raise ValidationError(fehler)
    return name, gefragt


def erhebungsrunde_pruefen(*, name: str, stichtag, frist, aemter: Sequence[int] | None = None) -> None:
    """Raise the :class:`ValidationError` that :func:`erhebungsrunde_oeffnen` would raise today (for forms)."""
    tag = timezone.localdate()
    _runde_pruefen(name=name, stichtag=stichtag, frist=frist, aemter=aemter, tag=tag, eintraege=basis_eintraege(tag))


@transaction.atomic
def erhebungsrunde_oeffnen(
    *,
    name: str,
    stichtag: dt.date,
    frist: dt.date,
    aemter: Sequence[int] | None = None,
    user=None,
    geoeffnet_am: dt.datetime | None = None,
) -> Erhebungsrunde:
    """Open a round: ask the Ämter numbered ``aemter`` (default: every Amt with Leistungen "von Wiesbaden
    umzusetzen") about each of their Leistungen in the base on the day it opens.

    Refuses (German :class:`ValidationError`, nothing written) an empty, too long or used name (also an
    Erhebung's: closing makes an Erhebung of that name), a Stichtag or a Frist before the opening day (the answers
    are dated from then on; an earlier Erhebung would not contain them), an unknown Amt or one without Leistungen, and
    a second open round, also when two open one at the same moment (a partial unique index decides).
    ``geoeffnet_am`` (default: now) records when a round held before the portal existed was opened (the demo).
    """
    jetzt = timezone.now()
    if geoeffnet_am is not None and geoeffnet_am > jetzt:
        raise ValidationError({"geoeffnet_am": "Eine Runde kann nicht in der Zukunft geöffnet werden."})
    am = geoeffnet_am or jetzt
    tag = timezone.localdate(am)
    eintraege = basis_eintraege(tag)
    name, gefragt = _runde_pruefen(
        name=name, stichtag=stichtag, frist=frist, aemter=aemter, tag=tag, eintraege=eintraege
    )
    runde = Erhebungsrunde(
        name=name, stichtag=stichtag, frist=frist, geoeffnet_am=am, geoeffnet_von=authenticated_user(user)
    )
    try:
        with transaction.atomic():
            runde.save()
    except IntegrityError as exc:  # opened at the same moment by someone else
        offen = Erhebungsrunde.objects.filter(offen=True).first()
        if offen is not None:
            raise ValidationError(offene_runde_meldung(offen)) from exc
        raise ValidationError({"name": f"Eine Erhebungsrunde mit dem Namen „{name}“ gibt es bereits."}) from exc
    ids = {amt.pk for amt in gefragt}
    RundenEintrag.objects.bulk_create(
        (
            RundenEintrag(
                runde=runde, leistung_id=e["leistung_id"], amt_id=e["amt_id"], status_bei_oeffnung_id=e["status_id"]
            )
            for e in eintraege
            if e["amt_id"] in ids
        ),
        batch_size=2000,
    )
    return runde


# --- answers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rueckmeldung:
    """One answer: confirm the entry's Leistung unchanged (``status`` None) or change it to ``status`` from
    ``gueltig_ab`` (default: today) with ``grund``; ``version`` is the Leistung's version the page showed."""

    eintrag_id: int
    version: int
    status: Status | None = None
    gueltig_ab: dt.date | None = None
    grund: str = ""
    kommentar: str = ""


@dataclass(frozen=True)
class Ergebnis:
    bestaetigt: int
    geaendert: int

    def __str__(self) -> str:
        teile = []
        if self.bestaetigt:
            teile.append(
                f"{self.bestaetigt} {'Leistung' if self.bestaetigt == 1 else 'Leistungen'} unverändert bestätigt"
            )
        if self.geaendert:
            teile.append(f"{self.geaendert} geändert")
        return " und ".join(teile)


class RueckmeldungKonflikt(ValidationError):
    """Someone else changed or answered some of the entries since the page showed them; nothing was written.
    ``eintrag_ids``: the entries concerned (the page shows them again with what is saved now)."""

    def __init__(self, meldungen: list[str], eintrag_ids: set[int]):
        self.eintrag_ids = eintrag_ids
        super().__init__(" ".join(meldungen), code="version_konflikt")


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "jemand anderem"


def _konflikte(eintraege: dict[int, RundenEintrag], rueckmeldungen) -> dict[int, tuple]:
    """Lock the Leistungen, refuse entries answered meanwhile and Leistungen changed since their version was read;
    returns Leistung pk → (version, bezeichnung, status_id) as locked. The messages name each Leistung by its
    name, as the answer form does."""
    beantwortet = [e for e in eintraege.values() if e.antwort]
    geaendert: set[int] = set()

    def beschreibung(row) -> str:
        geaendert.add(row.pk)
        return f"„{row.bezeichnung}“"

    meldungen, gesperrt = [], {}
    versionen = {eintraege[r.eintrag_id].leistung_id: r.version for r in rueckmeldungen}
    try:
        gesperrt = check_versions(
            Leistung.objects, versionen, beschreibung=beschreibung, fields=("bezeichnung", "status_id")
        )
    except VersionKonflikt as exc:
        meldungen.append(exc.messages[0])
    if beantwortet:
        namen = [
            f"„{e.leistung.bezeichnung}“ ({_person(e.beantwortet_von)}, "
            f"{timezone.localtime(e.beantwortet_am):%d.%m.%Y %H:%M})"
            for e in beantwortet
        ]
        was = (
            f"Die Leistung {namen[0]} wurde"
            if len(namen) == 1
            else f"{len(namen)} Leistungen ({', '.join(namen)}) wurden"
        )
        meldungen.append(f"{was} inzwischen beantwortet. Ihre Rückmeldung wurde nicht gespeichert.")
    if meldungen:
        ids = {e.pk for e in eintraege.values() if e.leistung_id in geaendert} | {e.pk for e in beantwortet}
        raise RueckmeldungKonflikt(meldungen, ids)
    return gesperrt


def _aenderungen_pruefen(rueckmeldungen, eintraege, gesperrt, *, heute: dt.date) -> None:
    fehler = []
    for r in rueckmeldungen:
        eintrag = eintraege[r.eintrag_id]
        name = eintrag.leistung.bezeichnung
        aktuell = gesperrt[eintrag.leistung_id][2]
        if len(r.kommentar) > KOMMENTAR_MAX:
            fehler.append(f"{name}: Der Kommentar darf höchstens {KOMMENTAR_MAX} Zeichen lang sein.")
        if r.status is None:
            if aktuell is None:
                fehler.append(f"{name}: Die Leistung hat noch keinen Status; bitte einen Status setzen.")
            continue
        if r.status.pk == aktuell:
            fehler.append(f"{name}: „{r.status}“ ist schon der aktuelle Status; bitte „unverändert bestätigen“ wählen.")
        if not r.grund.strip():
            fehler.append(f"{name}: Bitte einen Grund für die Statusänderung angeben.")
        elif len(r.grund) > GRUND_MAX:
            fehler.append(f"{name}: Der Grund darf höchstens {GRUND_MAX} Zeichen lang sein.")
        try:
            check_date(r.gueltig_ab or heute, today=heute)
        except ValidationError as exc:
            fehler.append(f"{name}: {exc.message_dict['gueltig_ab'][0]}")
    if fehler:
        raise ValidationError(fehler)


@transaction.atomic
def rueckmeldungen_abgeben(
    *, runde: Erhebungsrunde, rueckmeldungen: Sequence[Rueckmeldung], user, am: dt.datetime | None = None
) -> Ergebnis:
    """Record an Amt's answers in the open ``runde``, all or nothing.

    A confirmation stores the current status as confirmed by ``user`` at ``am`` (default: now; an earlier time
    only for answers given before the portal existed, the demo, and never with a change); a change goes through
    :func:`catalog.services.leistung_status_setzen` and must become the current status (a change back-dated
    behind a later one is refused). Refused with :class:`RueckmeldungKonflikt` when someone answered an entry or
    changed its Leistung since (``version``), ``PermissionDenied`` for an entry of another round or of an Amt
    ``user`` does not answer for, :class:`ValidationError` for a closed round or a wrong answer.
    """
    if not rueckmeldungen:
        raise ValidationError(
            "Bitte bei mindestens einer Leistung „unverändert bestätigen“ oder „Status ändern“ wählen."
        )
    jetzt = timezone.now()
    if am is not None and (am > jetzt or any(r.status is not None for r in rueckmeldungen)):
        raise ValueError("Ein früherer Zeitpunkt gilt nur für Bestätigungen vor dem Portal, nie in der Zukunft.")
    am = am or jetzt
    gesperrt_runde = Erhebungsrunde.objects.select_for_update().get(pk=runde.pk)
    if not gesperrt_runde.offen:
        raise ValidationError(
            f"Die Erhebungsrunde „{runde.name}“ ist seit dem {format_date(gesperrt_runde.abgeschlossen_am)} "
            "abgeschlossen; Rückmeldungen sind nicht mehr möglich."
        )
    if am < gesperrt_runde.geoeffnet_am:
        raise ValueError("Eine Rückmeldung liegt nicht vor der Öffnung ihrer Runde.")
    ids = [r.eintrag_id for r in rueckmeldungen]
    if len(set(ids)) != len(ids):
        raise ValidationError("Jede Leistung kann in einer Rückmeldung nur einmal beantwortet werden.")
    eintraege = {
        e.pk: e
        for e in RundenEintrag.objects.select_for_update(of=("self",))
        .filter(runde=gesperrt_runde, pk__in=ids)
        .select_related("amt", "leistung", "beantwortet_von")
        .order_by("pk")
    }
    if len(eintraege) != len(ids):
        raise PermissionDenied("Die Rückmeldung nennt Leistungen, die in dieser Runde nicht gefragt sind.")
    for amt in {e.amt_id: e.amt for e in eintraege.values()}.values():
        if not darf_rueckmelden(user, amt):
            raise PermissionDenied(f"Sie dürfen nicht für Amt {amt.nummer} antworten; es wurde nichts gespeichert.")

    gesperrt = _konflikte(eintraege, rueckmeldungen)
    heute = timezone.localdate(am)
    _aenderungen_pruefen(rueckmeldungen, eintraege, gesperrt, heute=heute)

    von = authenticated_user(user)
    geaendert = 0
    for r in sorted(rueckmeldungen, key=lambda r: r.eintrag_id):
        eintrag = eintraege[r.eintrag_id]
        eintrag.antwort, eintrag.kommentar = Antwort.BESTAETIGT, r.kommentar.strip()
        eintrag.beantwortet_von, eintrag.beantwortet_am = von, am
        eintrag.status_id = gesperrt[eintrag.leistung_id][2]
        if r.status is None:
            continue
        gueltig_ab = r.gueltig_ab or heute
        zeile = leistung_status_setzen(
            leistung=eintrag.leistung, status=r.status, gueltig_ab=gueltig_ab, user=user, grund=r.grund.strip()
        )
        if zeile is None:
            raise ValidationError(
                f"{eintrag.leistung.bezeichnung}: Am {format_date(gueltig_ab)} galt bereits "
                f"„{r.status}“; bitte das Datum wählen, ab dem der neue Status gilt."
            )
        eintrag.antwort, eintrag.status_id, eintrag.statusaenderung = Antwort.GEAENDERT, r.status.pk, zeile
        geaendert += 1
    if geaendert:
        _aktuell_pruefen([eintraege[r.eintrag_id] for r in rueckmeldungen if r.status is not None])
    RundenEintrag.objects.bulk_update(
        eintraege.values(),
        ["antwort", "status", "statusaenderung", "kommentar", "beantwortet_von", "beantwortet_am"],
        batch_size=2000,
    )
    return Ergebnis(bestaetigt=len(rueckmeldungen) - geaendert, geaendert=geaendert)


def _aktuell_pruefen(eintraege: list[RundenEintrag]) -> None:
    """A round asks for the current status: a change that a later change keeps from being current is refused."""
    aktuell = dict(Leistung.objects.filter(pk__in=[e.leistung_id for e in eintraege]).values_list("pk", "status_id"))
    fehler = [
        f"{e.leistung.bezeichnung}: Der neue Status gilt ab "
        f"{format_date(e.statusaenderung.gueltig_ab)}, doch eine spätere Statusänderung bleibt der aktuelle Status; "
        "bitte ein späteres Datum wählen."
        for e in eintraege
        if aktuell[e.leistung_id] != e.status_id
    ]
    if fehler:
        raise ValidationError(fehler)


@dataclass(frozen=True)
class Gespeichert:
    """What the status form saved: the Leistung as saved, and the round it answered (None: no answer)."""

    leistung: Leistung
    runde: Erhebungsrunde | None = None


@transaction.atomic
def leistung_aendern_mit_rueckmeldung(*, leistung: Leistung, user, **aenderung) -> Gespeichert:
    """Save the status form through :func:`catalog.services.leistung_aendern` (``aenderung``: its arguments) and,
    in the same transaction, record the Leistung's unanswered entry in the open round as "geändert" (by ``user``,
    when the change was recorded) when the save wrote a status change that is now the current status and ``user``
    answers for the entry's Amt (its Amtsleitung or the Redaktion). Notes only, a change that a later one keeps from
    being current, an entry answered already, or no open round: saved as always, no answer.

    Locks the round, then the entry, then the Leistung: the order of :func:`rueckmeldungen_abgeben`."""
    eintrag = None
    runde = (
        Erhebungsrunde.objects.select_for_update(of=("self",)).filter(offen=True, eintraege__leistung=leistung).first()
    )
    if runde is not None:
        eintrag = (
            RundenEintrag.objects.select_for_update(of=("self",))
            .select_related("amt")
            .filter(runde=runde, leistung=leistung, antwort="")
            .first()
        )
    if eintrag is None or not darf_rueckmelden(user, eintrag.amt):
        return Gespeichert(leistung_aendern(leistung=leistung, user=user, **aenderung))
    bisher = StatusAenderung.objects.filter(leistung=leistung).order_by("-id").values_list("id", flat=True).first()
    gespeichert = leistung_aendern(leistung=leistung, user=user, **aenderung)
    zeile = StatusAenderung.objects.filter(leistung=leistung, id__gt=bisher or 0).order_by("-id").first()
    if zeile is None or zeile.neuer_status_id != gespeichert.status_id:
        return Gespeichert(gespeichert)
    eintrag.antwort, eintrag.status_id, eintrag.statusaenderung = Antwort.GEAENDERT, zeile.neuer_status_id, zeile
    eintrag.beantwortet_von, eintrag.beantwortet_am = authenticated_user(user), zeile.erfasst_am
    eintrag.save(update_fields=["antwort", "status", "statusaenderung", "beantwortet_von", "beantwortet_am"])
    return Gespeichert(gespeichert, runde)


# --- closing ------------------------------------------------------------------------------------------------


@transaction.atomic
def erhebungsrunde_abschliessen(
    *, runde: Erhebungsrunde, user=None, abgeschlossen_am: dt.datetime | None = None
) -> Erhebung:
    """Close ``runde``: freeze the Erhebung of its Stichtag (named as the round) exactly as
    :func:`catalog.services.erhebung_anlegen` does, and keep every entry's answer (unanswered ones stay without).

    Refused (German :class:`ValidationError`, nothing written) for a round closed already, also when two close it
    at the same moment (the round's row is locked), and before its Stichtag (an Erhebung freezes a day that has
    begun). ``abgeschlossen_am`` (default: now) records when a round held before the portal existed was closed.
    """
    jetzt = timezone.now()
    if abgeschlossen_am is not None and abgeschlossen_am > jetzt:
        raise ValidationError("Eine Runde kann nicht in der Zukunft abgeschlossen werden.")
    am = abgeschlossen_am or jetzt
    gesperrt = Erhebungsrunde.objects.select_for_update().get(pk=runde.pk)
    if not gesperrt.offen:
        erhebung = f" (Erhebung „{gesperrt.erhebung.name}“)" if gesperrt.erhebung else ""
        raise ValidationError(
            f"Die Erhebungsrunde „{gesperrt.name}“ ist bereits am "
            f"{format_date(gesperrt.abgeschlossen_am)} abgeschlossen worden{erhebung}."
        )
    if gesperrt.stichtag > timezone.localdate(am):
        raise ValidationError(
            f"Die Erhebungsrunde „{gesperrt.name}“ hat den Stichtag {format_date(gesperrt.stichtag)}; abschließen "
            "lässt sie sich frühestens an diesem Tag, weil ihre Erhebung den Stand des Stichtags einfriert."
        )
    erhebung = erhebung_anlegen(name=gesperrt.name, stichtag=gesperrt.stichtag, user=user, erstellt_am=abgeschlossen_am)
    gesperrt.offen, gesperrt.abgeschlossen_am = False, am
    gesperrt.abgeschlossen_von, gesperrt.erhebung = authenticated_user(user), erhebung
    gesperrt.save(update_fields=["offen", "abgeschlossen_am", "abgeschlossen_von", "erhebung"])
    runde.offen, runde.abgeschlossen_am, runde.erhebung = False, am, erhebung
    return erhebung
