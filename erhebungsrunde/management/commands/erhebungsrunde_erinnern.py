"""python manage.py erhebungsrunde_erinnern: e-mails each Amtsleitung whose Amt has open entries in the open round
(daily, from cron or a systemd timer; see README "Erhebungsrunde")."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from erhebungsrunde.erinnerung import erhebungsrunde_erinnern

from .erhebungsrunde_oeffnen import meldungen


class Command(BaseCommand):
    help = (
        "Erinnert jede Amtsleitung, deren Amt in der offenen Erhebungsrunde noch Leistungen ohne Rückmeldung hat, "
        "per E-Mail (wie viele, die Frist, der Link). Exit-Code 0: erledigt (auch ohne offene Runde), 1: mindestens "
        "eine E-Mail konnte nicht versandt werden."
    )

    def handle(self, *args, **options):
        try:
            ergebnis = erhebungsrunde_erinnern()
        except ValidationError as exc:
            raise CommandError(meldungen(exc)) from exc
        if ergebnis is None:
            self.stdout.write("Keine Erhebungsrunde ist offen; 0 E-Mails versandt.")
            return
        wort = "E-Mail" if ergebnis.anzahl == 1 else "E-Mails"
        self.stdout.write(f"Erhebungsrunde „{ergebnis.runde.name}“: {ergebnis.anzahl} {wort} versandt.")
        for v in ergebnis.versandt:
            self.stdout.write(f"  an {v.empfaenger} <{v.adresse}> ({v.amt}, {v.offen} offen)")
        if ergebnis.erledigt:
            self.stdout.write(f"{ergebnis.erledigt} Ämter haben alles beantwortet und wurden nicht erinnert.")
        if ergebnis.ohne_empfaenger:
            self.stderr.write(
                "Nicht erinnert, weil es keine aktive Amtsleitung mit E-Mail-Adresse gibt: "
                + "; ".join(ergebnis.ohne_empfaenger)
                + "."
            )
        if ergebnis.fehlgeschlagen:
            for v in ergebnis.fehlgeschlagen:
                self.stderr.write(f"Nicht versandt an {v.empfaenger} <{v.adresse}> ({v.amt}): {v.fehler}")
            raise CommandError(
                f"{len(ergebnis.fehlgeschlagen)} von {ergebnis.anzahl + len(ergebnis.fehlgeschlagen)} E-Mails konnten "
                "nicht versandt werden (siehe oben); die übrigen sind versandt."
            )
