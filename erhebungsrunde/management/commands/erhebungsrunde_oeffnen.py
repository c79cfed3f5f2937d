"""python manage.py erhebungsrunde_oeffnen --name "Erhebungsstand Dezember 2026" --stichtag 2026-12-15
--frist 2026-12-10 [--amt 33 --amt 51]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from erhebungsrunde.selectors import erhebungsrunde_fortschritt
from erhebungsrunde.services import erhebungsrunde_oeffnen
from toolkit.dates import DateError, parse_date
from toolkit.formatting import format_date, format_number


def datum(text: str, was: str):
    try:
        return parse_date(text)
    except DateError:
        raise CommandError(
            f"{was} „{text}“ ist kein Datum; bitte als JJJJ-MM-TT (2026-12-15) oder TT.MM.JJJJ angeben."
        ) from None


def meldungen(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = (
        "Öffnet eine Erhebungsrunde: fragt die Ämter (Vorgabe: jedes Amt mit Leistungen, die von Wiesbaden "
        "umzusetzen sind) nach dem Status jeder ihrer Leistungen. Es kann nur eine Runde offen sein."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name", required=True, help="Name der Runde und ihrer Erhebung, z. B. „Erhebungsstand Dezember 2026“"
        )
        parser.add_argument("--stichtag", required=True, help="Stichtag der Erhebung (JJJJ-MM-TT oder TT.MM.JJJJ)")
        parser.add_argument("--frist", required=True, help="Frist für die Rückmeldungen (JJJJ-MM-TT oder TT.MM.JJJJ)")
        parser.add_argument(
            "--amt", action="append", type=str, default=[], help="Nummer eines gefragten Amts; mehrfach möglich"
        )

    def handle(self, *args, **options):
        aemter = []
        for text in options["amt"]:
            if not (text.isascii() and text.isdigit()):
                raise CommandError(f"--amt braucht die Nummer eines Amts (z. B. 33), nicht „{text}“.")
            aemter.append(int(text))
        try:
            runde = erhebungsrunde_oeffnen(
                name=options["name"],
                stichtag=datum(options["stichtag"], "Der Stichtag"),
                frist=datum(options["frist"], "Die Frist"),
                aemter=aemter or None,
            )
        except ValidationError as exc:
            raise CommandError(meldungen(exc)) from exc
        fortschritt = erhebungsrunde_fortschritt(runde)
        self.stdout.write(
            f"Erhebungsrunde „{runde.name}“ geöffnet: Stichtag {format_date(runde.stichtag)}, Frist "
            f"{format_date(runde.frist)}, {format_number(fortschritt.gesamt.gefragt)} Leistungen in "
            f"{len(fortschritt.aemter)} Ämtern gefragt."
        )
        for amt in fortschritt.aemter:
            self.stdout.write(f"  Amt {amt.nummer:<4} {format_number(amt.gefragt):>5} Leistungen  {amt.name}")
