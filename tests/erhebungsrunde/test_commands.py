"""The commands of a round: open with Ämter, close by name; every mistake a German message and exit code 1."""

import datetime as dt
import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from catalog.models import Erhebung
from erhebungsrunde.models import Erhebungsrunde

pytestmark = pytest.mark.django_db


def test_opening_for_named_aemter_prints_what_it_asked(katalog):
    heute = timezone.localdate()
    out = io.StringIO()
    call_command(
        "erhebungsrunde_oeffnen",
        "--name=Erhebungsstand Dezember",
        f"--stichtag={heute:%d.%m.%Y}",
        f"--frist={heute + dt.timedelta(days=10):%Y-%m-%d}",
        "--amt=51",
        stdout=out,
    )
    assert out.getvalue().splitlines() == [
        f"Erhebungsrunde „Erhebungsstand Dezember“ geöffnet: Stichtag {heute:%d.%m.%Y}, Frist "
        f"{heute + dt.timedelta(days=10):%d.%m.%Y}, 2 Leistungen in 1 Ämtern gefragt.",
        "  Amt 51       2 Leistungen  Amt für Jugend und Familie",
    ]
    assert Erhebungsrunde.objects.get().eintraege.count() == 2


@pytest.mark.parametrize(
    ("argumente", "meldung"),
    [
        (["--stichtag=gestern"], "Der Stichtag „gestern“ ist kein Datum"),
        (["--amt=dreiunddreißig"], "--amt braucht die Nummer eines Amts (z. B. 33), nicht „dreiunddreißig“."),
        (["--amt=99"], "Ein Amt mit der Nummer 99 gibt es nicht."),
        (["--frist=2020-01-01"], "Die Frist 01.01.2020 liegt vor dem Tag, an dem die Runde öffnet"),
        (
            ["--stichtag=2020-01-01"],
            "Der Stichtag 01.01.2020 liegt vor dem Tag, an dem die Runde öffnet",
        ),
        (["--name=" + "N" * 201], "Der Name darf höchstens 200 Zeichen lang sein (er hat 201)."),
    ],
)
def test_every_mistake_opening_is_a_german_message(katalog, argumente, meldung):
    standard = {"--name": "X", "--stichtag": "2099-12-15", "--frist": "2099-12-10"}
    standard |= dict(a.split("=", 1) for a in argumente if a.split("=", 1)[0] in standard)
    rest = [a for a in argumente if a.split("=", 1)[0] not in standard]
    with pytest.raises(CommandError) as fehler:
        call_command("erhebungsrunde_oeffnen", *[f"{k}={v}" for k, v in standard.items()], *rest)
    assert meldung in str(fehler.value)
    assert not Erhebungsrunde.objects.exists()


def test_closing_by_name_freezes_the_erhebung_and_a_second_close_fails(runde):
    out = io.StringIO()
    call_command("erhebungsrunde_abschliessen", "--name", "  erhebungsstand test ", stdout=out)
    assert out.getvalue().splitlines()[:2] == [
        f"Erhebungsrunde „Erhebungsstand Test“ abgeschlossen; Erhebung zum Stichtag {runde.stichtag:%d.%m.%Y} "
        f"angelegt (5 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne Status „Nicht relevant“), "
        f"eingefroren in der Erhebung „Erhebungsstand Test“, Stand {runde.stichtag:%d.%m.%Y}).",
        "Rücklauf: 0 von 5 gefragten Leistungen beantwortet (0\u202f%): 0 bestätigt, 0 geändert, 5 unbeantwortet.",
    ]
    with pytest.raises(CommandError, match="ist bereits am .* abgeschlossen worden"):
        call_command("erhebungsrunde_abschliessen", "--name", "Erhebungsstand Test")
    with pytest.raises(CommandError, match="Eine Erhebungsrunde mit dem Namen „Gibt es nicht“ gibt es nicht."):
        call_command("erhebungsrunde_abschliessen", "--name", "Gibt es nicht")
    assert Erhebung.objects.count() == 1


def test_a_mistake_ends_the_process_with_a_code_other_than_0():
    """What cron sees: manage.py exits with 1 on a CommandError (no database needed for this one)."""
    lauf = subprocess.run(
        [sys.executable, "manage.py", "erhebungsrunde_oeffnen", "--name=X", "--stichtag=kein Datum", "--frist=x"],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "ozgportal.settings_test", "PATH": "/usr/bin:/bin"},
    )
    assert lauf.returncode == 1
    assert "Der Stichtag „kein Datum“ ist kein Datum" in lauf.stderr
