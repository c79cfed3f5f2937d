"""The reminders of an open round: one e-mail to each Amtsleitung whose Amt still has open entries.

:func:`erhebungsrunde_erinnern` is the one place that decides who is reminded of what; the command
``erhebungsrunde_erinnern`` (a daily cron job or systemd timer) calls it directly, the admin's button through a
background task (:mod:`erhebungsrunde.tasks`, which shows its progress). Mail goes through Django's e-mail
framework (configured from the environment, see ``ozgportal/settings.py``): each message is sent on its own, so a
failure for one address is recorded and reported (why, in German) while the others still go out. Every attempt is
stored as an :class:`~erhebungsrunde.models.Erinnerung` as soon as it is made: a mail cannot be called back, so
even a run that breaks off halfway leaves a true record of what went out.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Amt
from toolkit.formatting import format_date, format_number

from .models import Erhebungsrunde, Erinnerung, RundenEintrag
from .selectors import erhebungsrunde_offen, person


@dataclass(frozen=True)
class Versand:
    """One reminder: to whom, about which Amt and how many open entries; ``fehler`` empty when it went out."""

    amt: str
    empfaenger: str
    adresse: str
    offen: int
    fehler: str = ""


@dataclass
class Erinnerungen:
    """What one run of the reminders did."""

    runde: Erhebungsrunde
    versandt: list[Versand] = field(default_factory=list)
    fehlgeschlagen: list[Versand] = field(default_factory=list)
    ohne_empfaenger: list[str] = field(default_factory=list)  # Ämter with open entries but nobody to write to
    erledigt: int = 0  # Ämter that answered everything: no mail

    @property
    def anzahl(self) -> int:
        return len(self.versandt)


def _empfaenger(aemter: list[Amt]) -> dict[int, list]:
    """Amt pk → the active users who answer for it (its Amtsleitung) and have an e-mail address. One query."""
    recht = Permission.objects.filter(content_type__app_label="catalog", codename="bearbeiten_eigenes_amt")
    users = (
        get_user_model()
        .objects.filter(is_active=True, profil__amt__in=aemter)
        .exclude(email="")
        .filter(Q(groups__permissions__in=recht) | Q(user_permissions__in=recht) | Q(is_superuser=True))
        .select_related("profil")
        .distinct()
        .order_by("username")
    )
    ergebnis: dict[int, list] = {}
    for user in users:
        ergebnis.setdefault(user.profil.amt_id, []).append(user)
    return ergebnis


def _nachricht(runde: Erhebungsrunde, amt: Amt, user, *, offen: int, gefragt: int, heute) -> EmailMessage:
    link = settings.PORTAL_URL + reverse("erhebungsrunde:rueckmeldung")
    leistungen = "Leistung" if offen == 1 else "Leistungen"
    if heute > runde.frist:
        frist = (
            f"Die Frist ist am {format_date(runde.frist)} abgelaufen; bitte melden Sie sich so bald wie möglich zurück."
        )
    else:
        frist = f"Bitte antworten Sie bis zum {format_date(runde.frist)} (Frist)."
    text = (
        f"Guten Tag {person(user)},\n\n"
        f"in der Erhebungsrunde „{runde.name}“ (Stichtag {format_date(runde.stichtag)}) sind für Amt {amt.nummer} – "
        f"{amt.name} noch {format_number(offen)} von {format_number(gefragt)} "
        f"{'gefragten Leistung' if gefragt == 1 else 'gefragten Leistungen'} ohne Rückmeldung. "
        "Bitte bestätigen Sie für jede Leistung den Status oder ändern Sie ihn.\n\n"
        f"{frist}\n\nZur Rückmeldung: {link}\n\n"
        "Diese Nachricht hat das OZG-Portal (Amt 15) automatisch versandt. Sie erhalten sie, solange für Ihr Amt "
        "Leistungen offen sind.\n"
    )
    betreff = (
        f"Erhebungsrunde „{runde.name}“: {format_number(offen)} {leistungen} von Amt {amt.nummer} offen "
        f"(Frist {format_date(runde.frist)})"
    )
    return EmailMessage(subject=betreff, body=text, to=[user.email])


def erhebungsrunde_erinnern_pruefen(runde: Erhebungsrunde) -> None:
    """Refuses (German :class:`ValidationError`) a closed round and a missing ``PORTAL_URL`` (the link needs it)."""
    if not runde.offen:
        raise ValidationError(
            f"Die Erhebungsrunde „{runde.name}“ ist abgeschlossen; erinnert wird nur an eine offene Runde."
        )
    if not settings.PORTAL_URL:
        raise ValidationError(
            "PORTAL_URL ist nicht gesetzt: die Erinnerung braucht die Adresse des Portals für den Link zur "
            "Rückmeldung (z. B. PORTAL_URL=https://ozg.wiesbaden.intern)."
        )


def erhebungsrunde_erinnern(
    *,
    runde: Erhebungsrunde | None = None,
    mailer=None,
    fortschritt: Callable[[int, int], None] | None = None,
) -> Erinnerungen | None:
    """Remind every Amtsleitung whose Amt has open entries in ``runde`` (default: the open round; None if no round
    is open): how many are open, the Frist, the link to ``/rueckmeldung/``. No mail to an Amt that answered
    everything. Returns what was sent, what failed (with the reason) and which Ämter had nobody to write to.
    ``fortschritt(erledigt, gesamt)`` hears how many of the Ämter with open entries are done, after each Amt.

    Refuses (:func:`erhebungsrunde_erinnern_pruefen`) a closed round and a missing ``PORTAL_URL``.
    """
    runde = runde or erhebungsrunde_offen()
    if runde is None:
        return None
    erhebungsrunde_erinnern_pruefen(runde)
    heute = timezone.localdate()
    zahlen = {
        z["amt_id"]: z
        for z in RundenEintrag.objects.filter(runde=runde)
        .values("amt_id")
        .annotate(gefragt=Count("pk"), offen=Count("pk", filter=Q(antwort="")))
        .order_by()
    }
    aemter = list(Amt.objects.filter(pk__in=zahlen).order_by("nummer"))
    offene = [amt for amt in aemter if zahlen[amt.pk]["offen"]]
    ergebnis = Erinnerungen(runde=runde, erledigt=len(aemter) - len(offene))
    empfaenger = _empfaenger(offene)
    mailer = mailer or mailers.default
    if fortschritt:
        fortschritt(0, len(offene))
    for nummer, amt in enumerate(offene, start=1):
        offen, gefragt = zahlen[amt.pk]["offen"], zahlen[amt.pk]["gefragt"]
        if not empfaenger.get(amt.pk):
            ergebnis.ohne_empfaenger.append(f"Amt {amt.nummer} – {amt.name} ({format_number(offen)} offen)")
        for user in empfaenger.get(amt.pk, []):
            nachricht = _nachricht(runde, amt, user, offen=offen, gefragt=gefragt, heute=heute)
            fehler = ""
            try:
                mailer.send_messages([nachricht])
            except Exception as exc:  # noqa: BLE001 - any failure of one address is reported, the others still go out
                fehler = mailfehler(exc)
            versand = Versand(f"Amt {amt.nummer}", person(user), user.email, offen, fehler)
            (ergebnis.fehlgeschlagen if fehler else ergebnis.versandt).append(versand)
            Erinnerung.objects.create(
                runde=runde, amt=amt, empfaenger=user, adresse=user.email, offen=offen, fehler=fehler
            )
        if fortschritt:
            fortschritt(nummer, len(offene))
    return ergebnis


def mailfehler(exc: Exception) -> str:
    """Why a mail did not go out, in German, with the mail server's own words after it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        grund = "Der Mailserver hat die Adresse abgelehnt"
    elif isinstance(exc, smtplib.SMTPSenderRefused):
        grund = "Der Mailserver hat den Absender (DEFAULT_FROM_EMAIL) abgelehnt"
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        grund = "Die Anmeldung am Mailserver ist fehlgeschlagen (EMAIL_HOST_USER, EMAIL_HOST_PASSWORD)"
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        grund = "Der Mailserver hat die Verbindung getrennt"
    elif isinstance(exc, smtplib.SMTPException):
        grund = "Der Mailserver hat die E-Mail nicht angenommen"
    elif isinstance(exc, TimeoutError):
        grund = "Der Mailserver antwortet nicht (EMAIL_TIMEOUT)"
    elif isinstance(exc, OSError):
        grund = "Der Mailserver ist nicht erreichbar (EMAIL_HOST, EMAIL_PORT)"
    else:
        grund = "Die E-Mail konnte nicht versandt werden"
    return f"{grund} ({type(exc).__name__}: {exc})"[:500]
