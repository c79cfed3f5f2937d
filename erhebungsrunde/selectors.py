"""What the pages show of the rounds: plain data, a fixed number of queries whatever the number of Leistungen.

- :func:`erhebungsrunde_offen`, :func:`erhebungsrunde_finden`: the open round, a round by name;
- :func:`erhebungsrunde_fortschritt`: per Amt asked, how many entries are confirmed, changed, open, who answered
  when, whether the Amt is late (the progress page, the admin, an Erhebung's response rate);
- :func:`rueckmeldung_zeilen`: one Amt's entries in a round (the answer page);
- :func:`status_aktualitaet`: how current the figures are (the share of the base confirmed in the last closed
  round and within a period, in all and per Amt);
- :func:`leistung_bestaetigung`: when and by whom one Leistung's status was last confirmed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from catalog.models import Amt, Leistung, StatusAenderung
from catalog.selectors import (
    Basis,
    anteil,
    auf_stichtag_zurueckrechnen,
    ausser_ids,
    leistungen_mit_status_am,
    status_am,
    status_laden,
)
from toolkit.formatting import format_date, format_number, format_percent

from .models import Antwort, Erhebungsrunde, Erinnerung, RundenEintrag

AKTUELL_TAGE = 180  # "confirmed within the period": the half year between two rounds


def person(user) -> str:
    """A user as the pages name them ("Anton Amtsleitung"); empty without one."""
    return (user.get_full_name() or user.get_username()) if user else ""


def _person_aus(vorname: str | None, nachname: str | None, username: str | None) -> str:
    return " ".join(t for t in (vorname, nachname) if t) or (username or "")


def tagesende(tag: dt.date) -> dt.datetime:
    """The first moment after ``tag`` (local time): answers before it came on or before that day."""
    return timezone.make_aware(dt.datetime.combine(tag + dt.timedelta(days=1), dt.time()))


def erhebungsrunde_offen() -> Erhebungsrunde | None:
    """The open round (there is at most one), or None. One query."""
    return Erhebungsrunde.objects.filter(offen=True).first()


def erhebungsrunde_finden(name: str) -> Erhebungsrunde | None:
    """The round of this name (ignoring case and surrounding spaces), or None. One query."""
    return Erhebungsrunde.objects.filter(name__iexact=(name or "").strip()).first()


def runde_fragt_benutzer(user) -> bool:
    """Whether the open round asks the Amt of ``user`` (from its Benutzerprofil). One query."""
    return RundenEintrag.objects.filter(runde__offen=True, amt__profile__user=user).exists()


# --- progress -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Antwortende:
    """Who answered for an Amt: how many entries, the last one when."""

    name: str
    anzahl: int
    zuletzt: dt.datetime


def ruecklauf_text(beantwortet: int, gefragt: int) -> str:
    """The response rate in words naming its base: "422 von 427 gefragten Leistungen beantwortet (99 %)"."""
    return (
        f"{format_number(beantwortet)} von {format_number(gefragt)} gefragten Leistungen beantwortet "
        f"({format_percent(anteil(beantwortet, gefragt))})"
    )


class _Ruecklauf:
    """Answered, open and the response rate of entries asked (``gefragt``, ``bestaetigt``, ``geaendert``)."""

    gefragt: int
    bestaetigt: int
    geaendert: int

    @property
    def beantwortet(self) -> int:
        return self.bestaetigt + self.geaendert

    @property
    def offen(self) -> int:
        return self.gefragt - self.beantwortet

    @property
    def ruecklauf(self) -> float:
        """The response rate: answered entries of those asked (0..1)."""
        return anteil(self.beantwortet, self.gefragt)

    @property
    def ruecklauf_text(self) -> str:
        """The response rate in words naming its base, the same on every page ("422 von 427 gefragten Leistungen
        beantwortet (99 %)"); the base is the entries asked when the round opened, not today's count."""
        return ruecklauf_text(self.beantwortet, self.gefragt)


@dataclass(frozen=True)
class AmtFortschritt(_Ruecklauf):
    """One Amt asked in a round (``nummer`` None: all Ämter together)."""

    amt_id: int | None
    nummer: int | None
    name: str
    gefragt: int
    bestaetigt: int
    geaendert: int
    nach_frist: int  # answers after the Frist
    letzte: dt.datetime | None
    antwortende: list[Antwortende] = field(default_factory=list)
    erinnert_am: dt.datetime | None = None
    frist_vorbei: bool = False
    abgeschlossen: bool = False

    @property
    def bezeichnung(self) -> str:
        return f"Amt {self.nummer} – {self.name}" if self.nummer is not None else self.name

    @property
    def verspaetet(self) -> bool:
        """Late: open entries after the Frist (or at closing), or answers given after it."""
        return bool(self.nach_frist) or (self.offen > 0 and (self.frist_vorbei or self.abgeschlossen))

    @property
    def lage(self) -> str:
        """The Amt's state in words, as the progress table and the export write it."""
        if self.offen == 0:
            return "vollständig" + (f", {self.nach_frist} nach der Frist" if self.nach_frist else ", fristgerecht")
        if self.abgeschlossen:
            return f"unvollständig: {self.offen} unbeantwortet"
        if self.frist_vorbei:
            return f"Frist versäumt: {self.offen} offen"
        return "noch keine Rückmeldung" if self.beantwortet == 0 else "in Arbeit"


@dataclass(frozen=True)
class Fortschritt:
    runde: Erhebungsrunde
    heute: dt.date
    aemter: list[AmtFortschritt]
    gesamt: AmtFortschritt

    @property
    def frist_vorbei(self) -> bool:
        return self.heute > self.runde.frist

    @property
    def verspaetete(self) -> list[AmtFortschritt]:
        return [a for a in self.aemter if a.verspaetet]


def erhebungsrunde_fortschritt(runde: Erhebungsrunde, *, heute: dt.date | None = None) -> Fortschritt:
    """Per Amt asked in ``runde``: asked, confirmed, changed, open, answers after the Frist, who answered when,
    the last reminder; and all Ämter together. Three queries, whatever the number of entries."""
    heute = heute or timezone.localdate()
    frist_ende = tagesende(runde.frist)
    eintraege = RundenEintrag.objects.filter(runde=runde)
    zeilen = (
        eintraege.values("amt_id", "amt__nummer", "amt__name")
        .annotate(
            gefragt=Count("pk"),
            bestaetigt=Count("pk", filter=Q(antwort=Antwort.BESTAETIGT)),
            geaendert=Count("pk", filter=Q(antwort=Antwort.GEAENDERT)),
            nach_frist=Count("pk", filter=Q(beantwortet_am__gte=frist_ende)),
            letzte=Max("beantwortet_am"),
        )
        .order_by("amt__nummer")
    )
    personen: dict[int, list[Antwortende]] = {}
    for p in (
        eintraege.exclude(antwort="")
        .values("amt_id", "beantwortet_von__first_name", "beantwortet_von__last_name", "beantwortet_von__username")
        .annotate(anzahl=Count("pk"), zuletzt=Max("beantwortet_am"))
        .order_by("amt_id", "-zuletzt")
    ):
        name = _person_aus(
            p["beantwortet_von__first_name"], p["beantwortet_von__last_name"], p["beantwortet_von__username"]
        )
        personen.setdefault(p["amt_id"], []).append(Antwortende(name or "ohne Person", p["anzahl"], p["zuletzt"]))
    erinnert = dict(
        Erinnerung.objects.filter(runde=runde, fehler="")
        .values("amt_id")
        .annotate(zuletzt=Max("gesendet_am"))
        .values_list("amt_id", "zuletzt")
    )
    frist_vorbei, abgeschlossen = heute > runde.frist, not runde.offen
    aemter = [
        AmtFortschritt(
            amt_id=z["amt_id"],
            nummer=z["amt__nummer"],
            name=z["amt__name"],
            gefragt=z["gefragt"],
            bestaetigt=z["bestaetigt"],
            geaendert=z["geaendert"],
            nach_frist=z["nach_frist"],
            letzte=z["letzte"],
            antwortende=personen.get(z["amt_id"], []),
            erinnert_am=erinnert.get(z["amt_id"]),
            frist_vorbei=frist_vorbei,
            abgeschlossen=abgeschlossen,
        )
        for z in zeilen
    ]
    gesamt = AmtFortschritt(
        amt_id=None,
        nummer=None,
        name="alle gefragten Ämter",
        gefragt=sum(a.gefragt for a in aemter),
        bestaetigt=sum(a.bestaetigt for a in aemter),
        geaendert=sum(a.geaendert for a in aemter),
        nach_frist=sum(a.nach_frist for a in aemter),
        letzte=max((a.letzte for a in aemter if a.letzte), default=None),
        frist_vorbei=frist_vorbei,
        abgeschlossen=abgeschlossen,
    )
    return Fortschritt(runde=runde, heute=heute, aemter=aemter, gesamt=gesamt)


@dataclass(frozen=True)
class RundeZeile(_Ruecklauf):
    """A round in the list of rounds, with its answers counted."""

    runde: Erhebungsrunde
    gefragt: int
    bestaetigt: int
    geaendert: int


def erhebungsrunden_uebersicht() -> list[RundeZeile]:
    """Every round, newest first, with asked, confirmed and changed entries. Two queries."""
    zahlen = {
        z["runde_id"]: z
        for z in RundenEintrag.objects.values("runde_id")
        .annotate(
            gefragt=Count("pk"),
            bestaetigt=Count("pk", filter=Q(antwort=Antwort.BESTAETIGT)),
            geaendert=Count("pk", filter=Q(antwort=Antwort.GEAENDERT)),
        )
        .order_by()
    }
    leer = {"gefragt": 0, "bestaetigt": 0, "geaendert": 0}
    return [
        RundeZeile(runde=runde, **{k: zahlen.get(runde.pk, leer)[k] for k in leer})
        for runde in Erhebungsrunde.objects.select_related("erhebung").order_by("-geoeffnet_am", "-id")
    ]


def amt_fortschritt(runde: Erhebungsrunde, amt: Amt, *, heute: dt.date | None = None) -> AmtFortschritt | None:
    """One Amt's progress in ``runde`` (None if the round did not ask it). One query."""
    heute = heute or timezone.localdate()
    z = RundenEintrag.objects.filter(runde=runde, amt=amt).aggregate(
        gefragt=Count("pk"),
        bestaetigt=Count("pk", filter=Q(antwort=Antwort.BESTAETIGT)),
        geaendert=Count("pk", filter=Q(antwort=Antwort.GEAENDERT)),
        nach_frist=Count("pk", filter=Q(beantwortet_am__gte=tagesende(runde.frist))),
        letzte=Max("beantwortet_am"),
    )
    if not z["gefragt"]:
        return None
    return AmtFortschritt(
        amt_id=amt.pk,
        nummer=amt.nummer,
        name=amt.name,
        frist_vorbei=heute > runde.frist,
        abgeschlossen=not runde.offen,
        **z,
    )


# --- the answer page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RueckmeldungZeile:
    """One Leistung of an Amt in a round: the Leistung as saved now (status, version) and its answer, if any."""

    eintrag_id: int
    leistung_id: int
    leika_schluessel: str
    schluessel_formatiert: str
    bezeichnung: str
    version: int
    status_id: int | None
    status: str
    status_farbe: str
    status_bei_oeffnung: str
    antwort: str
    antwort_text: str
    gemeldet: str
    gemeldet_farbe: str
    kommentar: str
    beantwortet_von: str
    beantwortet_am: dt.datetime | None

    @property
    def offen(self) -> bool:
        return not self.antwort


def rueckmeldung_zeilen(runde: Erhebungsrunde, amt: Amt) -> list[RueckmeldungZeile]:
    """Every entry of ``amt`` in ``runde`` with its Leistung as saved now, by LeiKa key. One query."""
    from catalog.keys import format_key

    antworten = dict(Antwort.choices)
    eintraege = (
        RundenEintrag.objects.filter(runde=runde, amt=amt)
        .select_related("leistung__status", "status_bei_oeffnung", "status", "beantwortet_von")
        .order_by("leistung__leika_schluessel")
    )
    return [
        RueckmeldungZeile(
            eintrag_id=e.pk,
            leistung_id=e.leistung_id,
            leika_schluessel=e.leistung.leika_schluessel,
            schluessel_formatiert=format_key(e.leistung.leika_schluessel),
            bezeichnung=e.leistung.bezeichnung,
            version=e.leistung.version,
            status_id=e.leistung.status_id,
            status=e.leistung.status.bezeichnung if e.leistung.status else "",
            status_farbe=e.leistung.status.farbe if e.leistung.status else "",
            status_bei_oeffnung=str(e.status_bei_oeffnung or ""),
            antwort=e.antwort,
            antwort_text=str(antworten.get(e.antwort, "")),
            gemeldet=e.status.bezeichnung if e.status else "",
            gemeldet_farbe=e.status.farbe if e.status else "",
            kommentar=e.kommentar,
            beantwortet_von=person(e.beantwortet_von),
            beantwortet_am=e.beantwortet_am,
        )
        for e in eintraege
    ]


# --- how current the figures are ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Aktuell:
    """Of ``basis`` Leistungen, how many had their status confirmed in the last round, and within the period."""

    basis: int
    in_runde: int
    im_zeitraum: int

    @property
    def anteil_runde(self) -> float:
        return anteil(self.in_runde, self.basis)

    @property
    def anteil_zeitraum(self) -> float:
        return anteil(self.im_zeitraum, self.basis)


@dataclass(frozen=True)
class AmtAktuell:
    amt_id: int | None
    nummer: int | None
    name: str
    aktuell: Aktuell

    @property
    def bezeichnung(self) -> str:
        return f"Amt {self.nummer} – {self.name}" if self.nummer is not None else self.name


@dataclass(frozen=True)
class Aktualitaet:
    """How current the status figures on ``stichtag`` are. The base is the default one (Leistungen "von Wiesbaden
    umzusetzen", not out of scope), as the rounds ask it. ``runde``: the last closed round with a Stichtag up to
    ``stichtag`` (None if there is none); the period: the ``tage`` days up to ``stichtag``, confirmed by an
    answer in any round or by a status change recorded then."""

    stichtag: dt.date
    tage: int
    runde: Erhebungsrunde | None
    gesamt: Aktuell
    aemter: list[AmtAktuell]

    @property
    def seit(self) -> dt.date:
        return self.stichtag - dt.timedelta(days=self.tage - 1)

    @property
    def gezaehlt(self) -> str:
        """The day of the base in words: "heute gezählten" or "am 15.05.2022 gezählten"."""
        tag = "heute" if self.stichtag == timezone.localdate() else f"am {format_date(self.stichtag)}"
        return f"{tag} gezählten"

    @property
    def runde_text(self) -> str:
        """The share confirmed in the last round in words naming its base ("411 der 416 heute gezählten Leistungen
        in der Runde bestätigt oder geändert (99 %)"): the Leistungen counted on the Stichtag, not those asked."""
        g = self.gesamt
        return (
            f"{format_number(g.in_runde)} der {format_number(g.basis)} {self.gezaehlt} Leistungen in der Runde "
            f"bestätigt oder geändert ({format_percent(g.anteil_runde)})"
        )


def _bestaetigt(runde: Erhebungsrunde | None, von: dt.datetime, bis: dt.datetime, *, je_leistung: bool) -> tuple:
    """The conditions "confirmed in ``runde``" (None without a round) and "confirmed in [von, bis)" on Leistung.

    ``je_leistung``: a look into the answers and the history per Leistung (``EXISTS``: cheap while every status
    is read from the Leistung itself, today); otherwise the confirmed Leistungen as sets that the database reads
    once (``IN``), so that the rest of the query, the status on a past date, runs only for them.
    """
    beantwortet = RundenEintrag.objects.filter(beantwortet_am__isnull=False)
    zeitraum = Q(beantwortet_am__gte=von, beantwortet_am__lt=bis)
    geaendert = StatusAenderung.objects.filter(erfasst_am__gte=von, erfasst_am__lt=bis)
    if je_leistung:
        beantwortet = beantwortet.filter(leistung=OuterRef("pk"))
        in_runde = Exists(beantwortet.filter(runde=runde)) if runde is not None else None
        return in_runde, Exists(beantwortet.filter(zeitraum)) | Exists(geaendert.filter(leistung=OuterRef("pk")))
    in_runde = Q(pk__in=beantwortet.filter(runde=runde).values("leistung_id")) if runde is not None else None
    im_zeitraum = Q(pk__in=beantwortet.filter(zeitraum).values("leistung_id")) | Q(
        pk__in=geaendert.values("leistung_id")
    )
    return in_runde, im_zeitraum


def status_aktualitaet(
    *, stichtag: dt.date | None = None, amt: Amt | None = None, tage: int = AKTUELL_TAGE
) -> Aktualitaet:
    """How current the figures of ``stichtag`` (default today) are, in all (or for ``amt``) and per Amt.

    A status counts as confirmed in the round when its Amt answered for it there (confirmed or changed), and as
    confirmed within the period when an answer or a status change was recorded in the ``tage`` days up to the
    end of ``stichtag``.

    The base on ``stichtag`` is counted as :func:`~catalog.selectors.zaehlung_am` counts it: today's statuses,
    before today walked back through the weekly counts of status changes. Only a confirmed Leistung needs its
    status on ``stichtag`` from the history (one index probe each), to know whether it is in the base then.
    Today four queries (round, statuses, one grouped count, Ämter); before today one more for the weekly counts,
    and one more for the days since the Sunday before ``stichtag`` when it is no Sunday.
    """
    stichtag = stichtag or timezone.localdate()
    vergangen = stichtag < timezone.localdate()
    runde = Erhebungsrunde.objects.filter(offen=False, stichtag__lte=stichtag).order_by("-stichtag", "-id").first()
    bis = tagesende(stichtag)
    von = bis - dt.timedelta(days=tage)
    in_runde, im_zeitraum = _bestaetigt(runde, von, bis, je_leistung=not vergangen)
    bestaetigt = im_zeitraum | in_runde if in_runde is not None else im_zeitraum
    ausser = ausser_ids(status_laden(), Basis.WIESBADEN)
    zaehlung = (
        leistungen_mit_status_am(timezone.localdate(), amt=amt)  # status_am: today's status
        .annotate(
            in_runde=ExpressionWrapper(in_runde, BooleanField()) if in_runde is not None else Value(False),
            im_zeitraum=ExpressionWrapper(im_zeitraum, BooleanField()),
            # on stichtag, for the confirmed ones only
            status_dann=Case(When(bestaetigt, then=status_am(stichtag))) if vergangen else F("status_id"),
        )
        .values("amt_id", "status_am", "in_runde", "im_zeitraum", "status_dann")
        .annotate(anzahl=Count("pk"))
        .order_by()
    )
    stand: Counter = Counter()  # (Amt, status) → Leistungen of the base: today's, then on stichtag
    bestaetigt_je_amt: dict[int | None, list[int]] = {}  # Amt → [in the round, within the period]
    for z in zaehlung:
        stand[z["amt_id"], z["status_am"]] += z["anzahl"]
        if (z["in_runde"] or z["im_zeitraum"]) and z["status_dann"] not in ausser:
            summe = bestaetigt_je_amt.setdefault(z["amt_id"], [0, 0])
            summe[0] += z["anzahl"] if z["in_runde"] else 0
            summe[1] += z["anzahl"] if z["im_zeitraum"] else 0
    if vergangen:
        auf_stichtag_zurueckrechnen(stand, stichtag, basis=Basis.WIESBADEN, amt=amt, je_amt=True)
    je_amt: dict[int | None, list[int]] = {}
    for (amt_id, status_id), anzahl in stand.items():
        if anzahl and status_id not in ausser:
            je_amt.setdefault(amt_id, [0, 0, 0])[0] += anzahl
    for amt_id, (in_der_runde, im_zeitraum_) in bestaetigt_je_amt.items():
        summe = je_amt.setdefault(amt_id, [0, 0, 0])
        summe[1] += in_der_runde
        summe[2] += im_zeitraum_
    aemter = [
        AmtAktuell(a.pk, a.nummer, a.name, Aktuell(*je_amt[a.pk]))
        for a in Amt.objects.filter(pk__in=[pk for pk in je_amt if pk is not None]).order_by("nummer")
    ]
    if None in je_amt:
        aemter.append(AmtAktuell(None, None, "ohne Amt", Aktuell(*je_amt[None])))
    gesamt = Aktuell(*(sum(werte[i] for werte in je_amt.values()) for i in range(3)))
    return Aktualitaet(stichtag=stichtag, tage=tage, runde=runde, gesamt=gesamt, aemter=aemter)


# --- one Leistung -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bestaetigung:
    """When and by whom a Leistung's status was last confirmed, and how (a round's answer or a status change)."""

    am: dt.datetime
    von: str
    wie: str


@dataclass(frozen=True)
class LeistungRunde:
    """The Leistung in the open round: its entry and whether it is answered."""

    runde: Erhebungsrunde
    eintrag_id: int
    amt_id: int
    antwort: str
    beantwortet_am: dt.datetime | None


def leistung_bestaetigung(leistung: Leistung) -> tuple[Bestaetigung | None, LeistungRunde | None]:
    """The last confirmation of ``leistung``'s status (None if never), and its entry in the open round (None if
    no round is open or it was not asked). Three queries."""
    aenderung = (
        StatusAenderung.objects.filter(leistung=leistung).select_related("erfasst_von").order_by("-erfasst_am", "-id")
    ).first()
    antwort = (
        RundenEintrag.objects.filter(leistung=leistung, beantwortet_am__isnull=False)
        .select_related("runde", "beantwortet_von")
        .order_by("-beantwortet_am", "-id")
        .first()
    )
    letzte = None
    if antwort is not None and (aenderung is None or antwort.beantwortet_am >= aenderung.erfasst_am):
        art = "unverändert bestätigt" if antwort.antwort == Antwort.BESTAETIGT else "geändert"
        letzte = Bestaetigung(
            antwort.beantwortet_am,
            person(antwort.beantwortet_von),
            f"in der Erhebungsrunde „{antwort.runde.name}“ ({art})",
        )
    elif aenderung is not None:
        letzte = Bestaetigung(aenderung.erfasst_am, person(aenderung.erfasst_von), "durch eine Statusänderung")
    offen = RundenEintrag.objects.filter(leistung=leistung, runde__offen=True).select_related("runde").first()
    im_lauf = (
        LeistungRunde(offen.runde, offen.pk, offen.amt_id, offen.antwort, offen.beantwortet_am)
        if offen is not None
        else None
    )
    return letzte, im_lauf
