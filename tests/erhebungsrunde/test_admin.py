"""The Redaktion's admin for rounds: open (with the Ämter asked), remind, close; German messages for every mistake."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog.models import Erhebung
from erhebungsrunde.models import Erhebungsrunde, RundenEintrag
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db
ADD = "/admin/erhebungsrunde/erhebungsrunde/add/"


def test_the_redaktion_opens_a_round_for_chosen_aemter_in_the_admin(editor, katalog, amt51, redaktion):
    heute = timezone.localdate()
    seite = text_von(editor.get(ADD))
    assert "Amt 33 – Bürgeramt" in seite and "Amt 51 – Amt für Jugend und Familie" in seite
    antwort = editor.post(
        ADD,
        {
            "name": "Erhebungsstand Dezember",
            "stichtag": heute.isoformat(),
            "frist": (heute + dt.timedelta(days=7)).isoformat(),
            "aemter": [amt51.pk],
        },
    )
    assert antwort.status_code == 302
    runde = Erhebungsrunde.objects.get()
    assert (runde.name, runde.geoeffnet_von) == ("Erhebungsstand Dezember", redaktion)
    assert set(RundenEintrag.objects.values_list("amt__nummer", flat=True)) == {51}
    seite = text_von(editor.get(reverse("admin:erhebungsrunde_erhebungsrunde_change", args=[runde.pk])))
    assert "Amt 51 – Amt für Jugend und Familie 2 0 0 2 0" in seite.replace("\u202f", " ")
    assert "Erinnerungen senden" in seite and "Runde abschließen" in seite


def test_mistakes_in_the_admin_are_german_field_errors_and_nothing_is_opened(editor, runde):
    antwort = editor.post(ADD, {"name": "Erhebungsstand Test", "stichtag": "15.13.2026", "frist": "2020-01-01"})
    text = text_von(antwort)
    assert antwort.status_code == 200
    assert "Bitte ein gültiges Datum eingeben." in text
    antwort = editor.post(ADD, {"name": "Erhebungsstand Test", "stichtag": "2020-01-02", "frist": "2020-01-01"})
    text = text_von(antwort)
    assert "Eine Erhebungsrunde mit dem Namen „Erhebungsstand Test“ gibt es bereits." in text
    assert "Der Stichtag 02.01.2020 liegt vor dem Tag, an dem die Runde öffnet" in text
    assert "Die Frist 01.01.2020 liegt vor dem Tag, an dem die Runde öffnet" in text
    assert "es kann nur eine Runde offen sein" in text
    assert Erhebungsrunde.objects.count() == 1


def test_reminding_and_closing_in_the_admin_ask_first_then_act(editor, runde, mit_adressen):
    erinnern = reverse("admin:erhebungsrunde_erhebungsrunde_erinnern", args=[runde.pk])
    abschliessen = reverse("admin:erhebungsrunde_erhebungsrunde_abschliessen", args=[runde.pk])
    assert "Amt 33 – Bürgeramt: 3 von 3 offen" in text_von(editor.get(erinnern))
    assert mail.outbox == []
    antwort = editor.post(erinnern, follow=True)
    assert "2 E-Mails versandt." in text_von(antwort)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amtsleitung33@wiesbaden.example",
        "amtsleitung51@wiesbaden.example",
    ]

    assert "0 von 5 gefragten Leistungen beantwortet" in text_von(editor.get(abschliessen)).replace("\u202f", " ")
    assert not Erhebung.objects.exists()
    text = text_von(editor.post(abschliessen, follow=True))
    assert "Die Erhebungsrunde „Erhebungsstand Test“ ist abgeschlossen; die Erhebung zum Stichtag" in text
    assert Erhebung.objects.get().name == "Erhebungsstand Test"
    text = text_von(editor.post(abschliessen, follow=True))
    assert "ist bereits am" in text and "abgeschlossen worden" in text
    assert Erhebung.objects.count() == 1
    assert "erinnert wird nur an eine offene Runde" in text_von(editor.post(erinnern, follow=True))


def test_a_round_is_looked_at_never_edited_and_deleted_only_by_a_superuser(editor, runde):
    change = reverse("admin:erhebungsrunde_erhebungsrunde_change", args=[runde.pk])
    inhalt = editor.get(change).content.decode()
    assert 'name="_save"' not in inhalt and 'name="name"' not in inhalt
    editor.post(change, {"name": "Umbenannt", "stichtag": "2020-01-01", "frist": "2020-01-01"})
    assert Erhebungsrunde.objects.get().name == "Erhebungsstand Test"
    assert editor.post(reverse("admin:erhebungsrunde_erhebungsrunde_delete", args=[runde.pk])).status_code == 403
