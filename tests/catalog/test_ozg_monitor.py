"""The Hessian OZG-Monitor's weekly figures: recorded by Amt 15 through one service, from the admin form or a file,
all or nothing, with a German message for every mistake; shown beside Wiesbaden's figure of the same week."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.models import MonitorEbene, OzgMonitorWert
from catalog.monitor import monitor_datei_lesen, monitorwerte_erfassen
from catalog.selectors import monitor_vergleich, status_stand
from catalog.services import leistung_status_setzen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

D = dt.date
LAND, KOMMUNEN = MonitorEbene.LAND, MonitorEbene.KOMMUNEN


def wert(jahr=2022, kw=19, ebene=KOMMUNEN, online=139, gesamt=314):
    return OzgMonitorWert(jahr=jahr, kw=kw, ebene=ebene, online=online, gesamt=gesamt)


def meldungen(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_the_service_records_the_decks_week_with_who_recorded_it(redaktion):
    monitorwerte_erfassen(werte=[wert(ebene=LAND, online=210, gesamt=426), wert()], user=redaktion)

    assert sorted(OzgMonitorWert.objects.values_list("ebene", "online", "gesamt", "erfasst_von__username")) == [
        ("kommunen", 139, 314, "redaktion"),
        ("land", 210, 426, "redaktion"),
    ]


@pytest.mark.parametrize(
    ("falsch", "meldung"),
    [
        ({"online": 400, "gesamt": 314}, "„online verfügbar“ (400) kann nicht größer sein als „insgesamt“ (314)."),
        ({"gesamt": 0, "online": 0}, "„Leistungen insgesamt“ muss größer als 0 sein."),
        ({"jahr": 2021, "kw": 53}, "Die Kalenderwoche 53 gibt es 2021 nicht (das Jahr hat 52 Wochen)."),
        ({"kw": 0}, "Die Kalenderwoche 0 gibt es 2022 nicht"),
        ({"jahr": 2999, "kw": 1}, "Bitte ein Jahr zwischen 2000 und 2100 angeben."),
        ({"jahr": 2099, "kw": 1}, "Die KW 1/2099 hat noch nicht begonnen."),
    ],
)
def test_a_wrong_figure_is_refused_with_a_german_message_and_nothing_is_written(falsch, meldung):
    with pytest.raises(ValidationError) as fehler:
        monitorwerte_erfassen(werte=[wert(ebene=LAND, online=210, gesamt=426), wert(**falsch)])

    assert meldung in meldungen(fehler)
    assert not OzgMonitorWert.objects.exists()  # the right one beside it is not written either


def test_week_53_exists_in_a_year_that_has_it():
    monitorwerte_erfassen(werte=[wert(jahr=2020, kw=53)])
    assert OzgMonitorWert.objects.get().sonntag == D(2021, 1, 3)


def test_a_week_and_level_is_recorded_once(redaktion):
    monitorwerte_erfassen(werte=[wert()])

    with pytest.raises(ValidationError) as schon_da:
        monitorwerte_erfassen(werte=[wert(online=140)])
    with pytest.raises(ValidationError) as doppelt:
        monitorwerte_erfassen(werte=[wert(kw=20), wert(kw=20, online=1)])

    assert "Für KW 19/2022 (Kommunen) ist schon ein Wert erfasst." in meldungen(schon_da)
    assert "KW 20/2022 (Kommunen) ist doppelt angegeben." in meldungen(doppelt)
    assert OzgMonitorWert.objects.count() == 1


def datei(tmp_path, inhalt: str, name="monitor.csv"):
    pfad = tmp_path / name
    pfad.write_text(inhalt, encoding="utf-8")
    return pfad


def test_a_file_is_read_in_any_usual_week_notation(tmp_path):
    pfad = datei(
        tmp_path,
        "Kalenderwoche;Ebene;online verfügbar;Leistungen insgesamt\n"
        "19/2022;Landesbehörden;210;426\n"
        "KW 19/2022;Kommunen;139;314\n"
        "2022-W20;Land;212;426\n",
    )

    batch = monitor_datei_lesen(pfad)

    assert batch.fehler == []
    assert [(w.jahr, w.kw, w.ebene, w.online, w.gesamt) for w in batch.werte] == [
        (2022, 19, "land", 210, 426),
        (2022, 19, "kommunen", 139, 314),
        (2022, 20, "land", 212, 426),
    ]
    assert not OzgMonitorWert.objects.exists()  # reading never writes


def test_the_command_records_a_clean_file_and_refuses_a_file_with_errors_entirely(tmp_path):
    gut = datei(tmp_path, "KW;Jahr;Ebene;online;gesamt\n19;2022;Landesbehörden;210;426\n19;2022;Kommunen;139;314\n")
    schlecht = datei(
        tmp_path,
        "Kalenderwoche;Ebene;online verfügbar;Leistungen insgesamt\n"
        "20/2022;Kommunen;140;314\n"
        "20/2022;Kreise;10;20\n"
        "53/2021;Kommunen;1;2\n"
        "21/2022;Kommunen;400;314\n"
        "20/2022;Kommunen;141;314\n",
        name="schlecht.csv",
    )
    ausgabe = StringIO()

    call_command("import_ozg_monitor", str(gut), stdout=ausgabe)
    with pytest.raises(CommandError) as beendet:
        call_command("import_ozg_monitor", str(schlecht), stdout=StringIO(), stderr=(fehler := StringIO()))

    assert "2 Wochenwerte des OZG-Monitors erfasst." in ausgabe.getvalue()
    assert beendet.value.returncode == 1
    assert str(beendet.value) == "Die Datei enthält 4 Fehler; es wurde nichts geschrieben."
    text = fehler.getvalue()
    assert "Zeile 3, Spalte „Ebene“: „Kreise“ ist keine Ebene des OZG-Monitors." in text
    assert "Zeile 4" in text and "Die Kalenderwoche 53 gibt es 2021 nicht" in text
    assert "Zeile 5" in text and "kann nicht größer sein als „insgesamt“" in text
    assert "Zeile 6" in text and "KW 20/2022 (Kommunen) steht schon in Zeile 2." in text
    assert OzgMonitorWert.objects.count() == 2  # nothing of the bad file


def test_the_command_exits_2_for_a_file_without_the_columns(tmp_path):
    pfad = datei(tmp_path, "Woche;Wert\n19;1\n")
    with pytest.raises(CommandError) as beendet:
        call_command("import_ozg_monitor", str(pfad), stdout=StringIO(), stderr=StringIO())
    assert beendet.value.returncode == 2
    assert "es fehlen die Pflichtspalten „Ebene“, „online verfügbar“, „Leistungen insgesamt“" in str(beendet.value)


def test_the_redaktion_records_a_week_in_the_admin_and_uploads_a_file(client, redaktion, tmp_path):
    client.force_login(redaktion)
    hinzufuegen = reverse("admin:catalog_ozgmonitorwert_add")
    importieren = reverse("admin:catalog_ozgmonitorwert_importieren")

    falsch = client.post(hinzufuegen, {"jahr": 2022, "kw": 19, "ebene": "kommunen", "online": 400, "gesamt": 314})
    richtig = client.post(hinzufuegen, {"jahr": 2022, "kw": 19, "ebene": "kommunen", "online": 139, "gesamt": 314})
    with open(datei(tmp_path, "Kalenderwoche;Ebene;online;gesamt\n19/2022;Kommunen;1;2\n"), "rb") as handle:
        doppelt = client.post(importieren, {"datei": handle})
    with open(datei(tmp_path, "Kalenderwoche;Ebene;online;gesamt\n19/2022;Land;210;426\n"), "rb") as handle:
        hochgeladen = client.post(importieren, {"datei": handle})

    assert falsch.status_code == 200 and "kann nicht größer sein als „insgesamt“ (314)" in text_von(falsch)
    assert richtig.status_code == 302
    assert "es wurde nichts gespeichert" in text_von(doppelt)
    assert "Für KW 19/2022 (Kommunen) ist schon ein Wert erfasst." in text_von(doppelt)
    assert hochgeladen.status_code == 302
    assert sorted(OzgMonitorWert.objects.values_list("ebene", "erfasst_von__username")) == [
        ("kommunen", "redaktion"),
        ("land", "redaktion"),
    ]
    gespeichert = OzgMonitorWert.objects.get(ebene="kommunen")
    aendern = client.post(
        reverse("admin:catalog_ozgmonitorwert_change", args=[gespeichert.pk]),
        {"jahr": 2022, "kw": 19, "ebene": "kommunen", "online": 1, "gesamt": 314},
    )
    assert aendern.status_code == 403  # a recorded figure is not overwritten; delete and record anew
    assert OzgMonitorWert.objects.get(pk=gespeichert.pk).online == 139


def test_wiesbaden_stands_beside_each_recorded_week_with_its_figure_at_the_end_of_that_week(make_leistung, statuses):
    for _ in range(4):
        leistung_status_setzen(leistung=make_leistung(), status=statuses["Wartend"], gueltig_ab=D(2022, 1, 3))
    erste = make_leistung()
    leistung_status_setzen(leistung=erste, status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 5, 12))
    monitorwerte_erfassen(
        werte=[wert(kw=18), wert(kw=19, ebene=LAND, online=210, gesamt=426), wert(kw=19), wert(kw=21)]
    )

    vergleich = monitor_vergleich(bis=D(2022, 5, 18))  # Wednesday of KW 20: KW 21 lies ahead

    assert [w.bezeichnung for w in vergleich.wochen] == ["KW 18/2022", "KW 19/2022"]
    kw18, kw19 = vergleich.wochen
    assert (kw18.land, kw18.kommunen.online, kw18.hessen) == (None, 139, None)
    assert (kw19.hessen.online, kw19.hessen.gesamt, kw19.hessen.noch_umzusetzen) == (349, 740, 391)
    assert (kw18.wiesbaden.online, kw19.wiesbaden.online, kw19.wiesbaden.gesamt) == (0, 1, 5)
    assert kw19.wiesbaden.stand == "KW 19/2022, Stand 15.05.2022"
    assert kw19.wiesbaden.online == status_stand(stichtag=D(2022, 5, 15)).online
    assert [w.bezeichnung for w in monitor_vergleich(bis=D(2022, 5, 18), anzahl=1).wochen] == ["KW 19/2022"]


def test_the_overview_shows_the_monitor_beside_wiesbaden_with_source_and_week(client, leitung, make_leistung, statuses):
    client.force_login(leitung)
    leistung_status_setzen(leistung=make_leistung(), status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 1, 3))
    monitorwerte_erfassen(werte=[wert(ebene=LAND, online=210, gesamt=426), wert()])

    mit = text_von(client.get(reverse("dashboard:uebersicht"), {"stichtag": "2022-05-15"}))
    ohne = text_von(client.get(reverse("dashboard:uebersicht"), {"stichtag": "2022-05-01"}))

    assert "Wiesbaden neben dem Hessischen OZG-Monitor" in mit
    assert (
        "KW 19/2022 (bis 15.05.2022) 44 % (139 von 314; OZG-Monitor, KW 19/2022) 49 % (210 von 426; OZG-Monitor, "
        "KW 19/2022) 47 % (349 von 740; OZG-Monitor, KW 19/2022) 100 % (1 von 1; OZG-Portal, KW 19/2022, Stand "
        "15.05.2022)" in mit.replace("\u202f", " ")
    )
    assert "Für die Wochen bis zum 01.05.2022 sind keine Werte des Hessischen OZG-Monitors erfasst." in ohne
