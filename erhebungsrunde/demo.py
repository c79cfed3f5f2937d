"""The demo's rounds, through the services, after the catalogue, its histories and "Erhebungsstand Dez. 2021" exist.

- **"Erhebungsstand Mai 2022"**, closed: opened on 19.04.2022, Frist 13.05.2022, Stichtag 15.05.2022, closed on
  17.05.2022 at 09:40, which freezes the deck's Erhebung (its figures are the same as an Erhebung made without a
  round: closing calls ``erhebung_anlegen``). Most Ämter answered in time, Amt 32 late (16.05.2022), Amt 50 and
  Amt 63 left a few Leistungen unanswered. Amt 33 and Amt 51 answered through their demo users; the others had sent
  their answers by e-mail, which the Redaktion recorded.
- **"Erhebungsstand <Monat> <Jahr>"**, open: opened a week ago, Stichtag today, Frist in ten days; four Ämter have
  answered (two of them in part), so ``/rueckmeldung/`` has work for ``amtsleitung33`` and ``amtsleitung51``.

Every answer in the demo confirms a status unchanged: the demo's status changes are its histories, recorded
through the status service when they happened (the deck's figures depend on them).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.utils import timezone

from catalog.demo.users import ensure_demo_users
from catalog.demo.verlauf import ERHEBUNG_MAI_2022

from .models import Erhebungsrunde, RundenEintrag
from .services import Rueckmeldung, erhebungsrunde_abschliessen, erhebungsrunde_oeffnen, rueckmeldungen_abgeben

MAI_2022 = "Erhebungsstand Mai 2022"
MAI_GEOEFFNET = dt.datetime(2022, 4, 19, 10, 0)
MAI_FRIST = dt.date(2022, 5, 13)
MAI_ABGESCHLOSSEN = dt.datetime(2022, 5, 17, 9, 40)
MAI_VERSPAETET = 32  # answered on 16.05.2022, after the Frist
MAI_UNBEANTWORTET = {50: 3, 63: 2}  # Amt → Leistungen left unanswered
OFFEN_BEANTWORTET = {10: None, 20: None, 36: 4, 66: 2}  # Amt → answered (None: all) in the open round
OFFEN_TAGE = 7  # the open round was opened a week ago
OFFEN_FRIST_TAGE = 10
PER_EMAIL = "per E-Mail an Amt 15 gemeldet"
MONATE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def _lokal(zeitpunkt: dt.datetime) -> dt.datetime:
    return timezone.make_aware(zeitpunkt)


def _antworten(runde, eintraege, *, user, am, kommentar="") -> None:
    rueckmeldungen_abgeben(
        runde=runde,
        rueckmeldungen=[
            Rueckmeldung(eintrag_id=e.pk, version=e.leistung.version, kommentar=kommentar) for e in eintraege
        ],
        user=user,
        am=am,
    )


def _nach_amt(runde) -> dict[int, list[RundenEintrag]]:
    je_amt: dict[int, list[RundenEintrag]] = {}
    for eintrag in (
        RundenEintrag.objects.filter(runde=runde, leistung__status__isnull=False)
        .select_related("amt", "leistung")
        .order_by("amt__nummer", "leistung__leika_schluessel")
    ):
        je_amt.setdefault(eintrag.amt.nummer, []).append(eintrag)
    return je_amt


def _mai_2022(rng: random.Random, leute: dict[str, User]) -> Erhebungsrunde:
    runde = erhebungsrunde_oeffnen(
        name=MAI_2022,
        stichtag=ERHEBUNG_MAI_2022,
        frist=MAI_FRIST,
        user=leute["redaktion"],
        geoeffnet_am=_lokal(MAI_GEOEFFNET),
    )
    for nummer, eintraege in _nach_amt(runde).items():
        eintraege = eintraege[: len(eintraege) - MAI_UNBEANTWORTET.get(nummer, 0)]
        if nummer == MAI_VERSPAETET:
            tag = dt.date(2022, 5, 16)
        else:
            tag = dt.date(2022, 4, 22) + dt.timedelta(days=rng.randrange(21))  # 22.04. to 12.05.
        am = _lokal(dt.datetime.combine(tag, dt.time(8 + rng.randrange(9), rng.randrange(60))))
        eigene = leute.get(f"amtsleitung{nummer}")
        if eigene is not None:
            _antworten(runde, eintraege, user=eigene, am=am)
        else:
            _antworten(runde, eintraege, user=leute["redaktion"], am=am, kommentar=PER_EMAIL)
    erhebungsrunde_abschliessen(runde=runde, user=leute["redaktion"], abgeschlossen_am=_lokal(MAI_ABGESCHLOSSEN))
    return runde


def _offen(rng: random.Random, leute: dict[str, User]) -> Erhebungsrunde:
    jetzt = timezone.now()
    heute = timezone.localdate()
    geoeffnet = min(_lokal(dt.datetime.combine(heute - dt.timedelta(days=OFFEN_TAGE), dt.time(9, 0))), jetzt)
    runde = erhebungsrunde_oeffnen(
        name=f"Erhebungsstand {MONATE[heute.month - 1]} {heute.year}",
        stichtag=heute,
        frist=heute + dt.timedelta(days=OFFEN_FRIST_TAGE),
        user=leute["redaktion"],
        geoeffnet_am=geoeffnet,
    )
    je_amt = _nach_amt(runde)
    for nummer, anzahl in OFFEN_BEANTWORTET.items():
        eintraege = je_amt.get(nummer, [])[:anzahl]
        if eintraege:
            am = geoeffnet + (jetzt - geoeffnet) * rng.uniform(0.2, 0.9)
            _antworten(runde, eintraege, user=leute["redaktion"], am=am, kommentar=PER_EMAIL)
    return runde


def runden_anlegen(*, rng: random.Random, stdout=None) -> list[Erhebungsrunde]:
    """Make the demo's two rounds unless they exist; returns both (closed first)."""
    ensure_demo_users()  # the answers name their people; load_demo_data resets the users again at its end
    leute = {u.username: u for u in User.objects.filter(username__in=["redaktion", "amtsleitung33", "amtsleitung51"])}
    runden = []
    mai = Erhebungsrunde.objects.filter(name=MAI_2022).first() or _mai_2022(rng, leute)
    runden.append(mai)
    offen = Erhebungsrunde.objects.filter(offen=True).first() or _offen(rng, leute)
    runden.append(offen)
    if stdout is not None:
        for runde in runden:
            gefragt = runde.eintraege.count()
            beantwortet = runde.eintraege.exclude(antwort="").count()
            stand = "abgeschlossen" if not runde.offen else f"offen bis {runde.frist:%d.%m.%Y}"
            stdout.write(
                f"Erhebungsrunde „{runde.name}“ ({stand}): {beantwortet} von {gefragt} Leistungen beantwortet."
            )
    return runden
