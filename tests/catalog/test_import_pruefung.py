"""Review of the faster catalogue import (issue #3): the set-based write path must store what the ORM path stored.

New Leistungen go through ``catalog.services.leistungen_anlegen`` (raw multi-row INSERT + INSERT … SELECT into the
history table) and get their status through ``leistungen_status_setzen``. Each test here builds the expectation
with the ORM (``Leistung.objects.create`` + ``leistung_status_setzen``) or states what a user must see, and runs the
import on the same data. Reading got a per-value cache and skips repeated Bündel cells: those must not change
which errors are reported.
"""

import dataclasses
import datetime as dt

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalog.admin import importieren
from catalog.importing import apply
from catalog.importing.apply import ImportAbgebrochen, katalog_importieren
from catalog.importing.katalog import read_katalog
from catalog.models import Leistung, Leistungsbuendel, Reifegrad, StatusAenderung
from catalog.services import leistung_status_setzen

# The Leistung's own fields an audit row holds (its bookkeeping aside), compared between import and ORM.
FELDER = [
    "vorlaeufig", "bezeichnung", "buendel_id", "leika_typ", "ressort_id", "vollzugsebene", "von_wiesbaden_umzusetzen",
    "amt_id", "status_id", "zusaetzliche_informationen", "antraege_pro_jahr", "reifegrad_id", "online_dienst_url",
    "online_plattform", "anmeldung", "rechtsgrundlage", "nicht_mehr_im_katalog_seit", "version",
]  # fmt: skip
HEADER = [
    "LeiKa-ID",
    "Leistungsbezeichnung",
    "OZG-ID",
    "OZG-Leistung",
    "LeiKa-Typ",
    "Vollzugsbehörde",
    "von Wiesbaden umzusetzen",
    "Amt",
    "Status",
    "zusätzliche Informationen",
    "Anträge pro Jahr",
    "Reifegrad",
    "Online-Dienst",
    "Rechtsgrundlage",
    "nicht mehr im Katalog seit",
]
STICHTAG = dt.date(2022, 5, 31)
LANG = "Ä" * 500  # the longest Bezeichnung allowed, not ASCII
TEXTE = ['Antrag „Wohngeld“ {neu}, Teil "A"', "NULL", "a\\b\\\\c {x,y}", "Zeile 1\nZeile 2", "'; DROP TABLE x; --"]


def mappe(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Katalog"
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def importieren_aus(path, **options):
    return katalog_importieren(read_katalog(path, dateiname=path.name), **options)


def zeile(key, name="Leistung", *, ozg="10559", buendel="Meldebescheinigung", typ="2/3", vollzug="Kommune",
          wi="ja", amt=33, status="Umsetzung", info=None, fallzahl=None, reifegrad=None, url=None, recht=None,
          seit=None):  # fmt: skip
    return [key, name, ozg, buendel, typ, vollzug, wi, amt, status, info, fallzahl, reifegrad, url, recht, seit]


def gespeichert(pk) -> dict:
    return Leistung.objects.filter(pk=pk).values(*FELDER).get()


def historie(pk) -> list[tuple]:
    """Each audit row of a Leistung, oldest first: (type, user id, reason, status id, version)."""
    return list(
        Leistung.history.filter(id=pk)
        .order_by("history_date", "history_id")
        .values_list("history_type", "history_user_id", "history_change_reason", "status_id", "version")
    )


# --- new Leistungen: the rows, the status, the audit trail ----------------------------------------------------


@pytest.mark.parametrize("text", TEXTE)
def test_neue_leistungen_speichern_dieselben_werte_wie_der_orm_weg(tmp_path, amt33, statuses, redaktion, text):
    """Every kind of value the file carries (yes/no, numbers, dates, empty cells, texts that look like SQL or
    array syntax) arrives as the ORM stores it, in the Leistung and in both of its audit rows."""
    reifegrad = Reifegrad.objects.order_by("stufe").last()
    path = mappe(
        tmp_path / "katalog.xlsx",
        [
            zeile(
                "99050042000000",
                LANG,
                info=text,
                fallzahl=1200,
                reifegrad=reifegrad.stufe,
                url="https://www.wiesbaden.de/ä?x=1&y={2}",
                recht=text,
                seit=dt.datetime(2021, 3, 1),
            ),  # fmt: skip
            zeile("99050042001000", "leer", typ=None, vollzug=None, wi=None, amt=None, status=None),
        ],
    )
    vorher = timezone.now()
    ergebnis = importieren_aus(path, stichtag=STICHTAG, user=redaktion)
    nachher = timezone.now()
    assert ergebnis.geschrieben and ergebnis.statusaenderungen == 1

    voll, leer = (Leistung.objects.get(leika_schluessel=k) for k in ("99050042000000", "99050042001000"))
    buendel = Leistungsbuendel.objects.get(ozg_id="10559")
    # the same Leistungen made by the ORM and the status service
    orm_voll = Leistung.objects.create(
        leika_schluessel="99000000000001",
        bezeichnung=LANG,
        buendel=buendel,
        leika_typ="2/3",
        vollzugsebene="kommune",
        von_wiesbaden_umzusetzen=True,
        amt=amt33,
        zusaetzliche_informationen=text,
        antraege_pro_jahr=1200,
        reifegrad=reifegrad,
        online_dienst_url="https://www.wiesbaden.de/ä?x=1&y={2}",
        rechtsgrundlage=text,
        nicht_mehr_im_katalog_seit=dt.date(2021, 3, 1),
    )
    leistung_status_setzen(
        leistung=orm_voll, status=statuses["Umsetzung"], gueltig_ab=STICHTAG, user=redaktion, grund="x"
    )
    orm_leer = Leistung.objects.create(leika_schluessel="99000000000002", bezeichnung="leer", buendel=buendel)
    assert gespeichert(voll.pk) == gespeichert(orm_voll.pk)
    assert gespeichert(leer.pk) == gespeichert(orm_leer.pk)
    assert (voll.status, voll.version, leer.status, leer.version) == (statuses["Umsetzung"], 2, None, 1)
    assert voll.zusaetzliche_informationen == text and voll.rechtsgrundlage == text and voll.bezeichnung == LANG
    assert leer.leika_typ == "" and leer.antraege_pro_jahr is None and leer.nicht_mehr_im_katalog_seit is None

    grund = "Import katalog.xlsx"
    umsetzung = statuses["Umsetzung"].pk
    assert historie(voll.pk) == [("+", redaktion.pk, grund, None, 1), ("~", redaktion.pk, grund, umsetzung, 2)]
    assert historie(leer.pk) == [("+", redaktion.pk, grund, None, 1)]
    for record in Leistung.history.filter(id__in=[voll.pk, leer.pk]):  # each holds the values as stored
        assert (record.zusaetzliche_informationen, record.rechtsgrundlage) == (
            Leistung.objects.get(pk=record.id).zusaetzliche_informationen,
            Leistung.objects.get(pk=record.id).rechtsgrundlage,
        )
        assert record.bezeichnung == Leistung.objects.get(pk=record.id).bezeichnung
        assert record.nicht_mehr_im_katalog_seit == Leistung.objects.get(pk=record.id).nicht_mehr_im_katalog_seit
        # a real point in time (not local time stored as UTC or the other way round)
        assert vorher <= record.history_date <= nachher
    created = Leistung.history.get(id=voll.pk, history_type="+")
    assert created.angelegt_am == voll.angelegt_am
    assert vorher <= voll.angelegt_am <= voll.geaendert_am <= nachher

    change = StatusAenderung.objects.get(leistung=voll)
    assert (change.alter_status, change.neuer_status, change.gueltig_ab) == (None, statuses["Umsetzung"], STICHTAG)
    assert (change.erfasst_von, change.grund) == (redaktion, grund)
    assert vorher <= change.erfasst_am <= nachher
    assert not StatusAenderung.objects.filter(leistung=leer).exists()


def test_jede_neue_leistung_mit_status_bekommt_ihre_statusaenderung(tmp_path, amt33, statuses):
    """Many new Leistungen (more than one write chunk) with different statuses: each has one StatusAenderung and
    one "~" row, and its status and version match them."""
    namen = ["Umsetzung", "Wartend", "Abgeschlossen", None]
    rows = [zeile(f"99{n:012d}", f"L {n}", status=namen[n % 4]) for n in range(1, 2101)]
    path = mappe(tmp_path / "gross.xlsx", rows)
    ergebnis = importieren_aus(path, stichtag=STICHTAG)
    assert ergebnis.geschrieben and ergebnis.statusaenderungen == 1575

    erwartet = {f"99{n:012d}": namen[n % 4] for n in range(1, 2101)}
    stand = {
        k: (s, v) for k, s, v in Leistung.objects.values_list("leika_schluessel", "status__bezeichnung", "version")
    }
    assert stand == {k: (s, 2 if s else 1) for k, s in erwartet.items()}
    aenderungen = dict(StatusAenderung.objects.values_list("leistung__leika_schluessel", "neuer_status__bezeichnung"))
    assert aenderungen == {k: s for k, s in erwartet.items() if s}
    assert not StatusAenderung.objects.exclude(alter_status=None).exists()
    assert Leistung.history.filter(history_type="+", version=1, status=None).count() == 2100
    geaendert = Leistung.history.filter(history_type="~")
    assert dict(geaendert.values_list("leika_schluessel", "status__bezeichnung")) == aenderungen
    assert not geaendert.exclude(version=2).exists()
    assert set(Leistung.history.values_list("history_user", flat=True)) == {None}  # the command: nobody signed in


def test_ein_anonymer_benutzer_wird_nicht_als_bearbeiter_eingetragen(tmp_path, amt33, statuses):
    path = mappe(tmp_path / "katalog.xlsx", [zeile("99050042000000")])
    importieren_aus(path, stichtag=STICHTAG, user=AnonymousUser())
    assert set(Leistung.history.values_list("history_user", flat=True)) == {None}
    assert StatusAenderung.objects.get().erfasst_von is None


def test_ein_erneuter_import_schreibt_nichts(tmp_path, amt33, statuses, redaktion):
    path = mappe(
        tmp_path / "katalog.xlsx", [zeile("99050042000000", info="NULL"), zeile("99050042001000", status=None)]
    )
    importieren_aus(path, stichtag=STICHTAG, user=redaktion)

    def stand():
        return (
            list(Leistung.objects.order_by("pk").values()),
            list(StatusAenderung.objects.order_by("pk").values()),
            Leistung.history.count(),
            Leistungsbuendel.history.count(),
        )

    vorher = stand()
    ergebnis = importieren_aus(path, stichtag=STICHTAG, user=redaktion)
    assert (len(ergebnis.neu), len(ergebnis.geaendert), ergebnis.unveraendert) == (0, 0, 2)
    assert stand() == vorher


def test_ein_stichtag_in_der_vergangenheit_gilt_wie_beim_statusservice(tmp_path, make_leistung, statuses, redaktion):
    """An existing Leistung with a status change after the Stichtag keeps that later status as its current one;
    the import writes the same rows as ``leistung_status_setzen`` for a twin with the same history."""
    importiert = make_leistung(leika_schluessel="99050042000000")
    zwilling = make_leistung(leika_schluessel="99000000000009")
    for leistung in (importiert, zwilling):
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 1))
        leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 9, 1))
    leistung_status_setzen(
        leistung=zwilling, status=statuses["Umsetzung"], gueltig_ab=STICHTAG, user=redaktion, grund="Import x"
    )
    path = mappe(tmp_path / "katalog.xlsx", [zeile("99050042000000", "Leistung 1", typ=None, wi="ja")])
    ergebnis = importieren_aus(path, stichtag=STICHTAG, user=redaktion, teilauszug=True)
    assert ergebnis.statusaenderungen == 1

    importiert.refresh_from_db()
    zwilling.refresh_from_db()
    assert (importiert.status, importiert.version) == (zwilling.status, zwilling.version)
    assert importiert.status == statuses["Abgeschlossen"]
    felder = ("alter_status", "neuer_status", "gueltig_ab", "erfasst_von")
    assert list(importiert.status_aenderungen.values_list(*felder)) == list(
        zwilling.status_aenderungen.values_list(*felder)
    )
    neueste = Leistung.history.filter(id=importiert.pk).order_by("history_date", "history_id").last()
    assert (neueste.history_type, neueste.history_user, neueste.status, neueste.version) == (
        "~",
        redaktion,
        statuses["Abgeschlossen"],
        zwilling.version,
    )


def test_ein_geaenderter_status_und_geaenderte_felder_einer_vorhandenen_leistung(tmp_path, make_leistung, statuses):
    """Status and a field of an existing Leistung change in one import that also creates a new one: the stored
    version counts both writes, and the newest audit row holds the new field and the new status."""
    vorhanden = make_leistung(leika_schluessel="99050042000000", bezeichnung="alt")
    path = mappe(tmp_path / "katalog.xlsx", [zeile("99050042000000", "neu", typ=None), zeile("99050042001000")])
    importieren_aus(path, stichtag=STICHTAG, teilauszug=True)
    vorhanden.refresh_from_db()
    assert (vorhanden.bezeichnung, vorhanden.status, vorhanden.version) == ("neu", statuses["Umsetzung"], 3)
    neueste = Leistung.history.filter(id=vorhanden.pk).order_by("history_date", "history_id").last()
    assert (neueste.bezeichnung, neueste.status, neueste.version) == ("neu", statuses["Umsetzung"], 3)


def test_das_admin_hochladen_traegt_die_redaktion_ueberall_ein(
    client, redaktion, amt33, statuses, tmp_path, upload_dir
):
    client.force_login(redaktion)
    path = mappe(tmp_path / "katalog.xlsx", [zeile("99050042000000"), zeile("99050042001000", status=None)])
    url = reverse("admin:catalog_leistung_importieren")
    datei = SimpleUploadedFile("katalog.xlsx", path.read_bytes())
    client.post(url, {"schritt": "hochladen", "datei": datei, "stichtag": "2022-05-31"})
    token = client.session[importieren.SESSION_KEY]["token"]
    response = client.post(url, {"schritt": "bestaetigen", "token": token}, follow=True)
    assert "Import übernommen." in response.content.decode()

    assert Leistung.objects.count() == 2
    assert set(Leistung.history.values_list("history_type", "history_user")) == {
        ("+", redaktion.pk),
        ("~", redaktion.pk),
    }
    assert Leistung.history.count() == 3
    assert set(Leistungsbuendel.history.values_list("history_user", flat=True)) == {redaktion.pk}
    assert StatusAenderung.objects.get().erfasst_von == redaktion


# --- all or nothing ------------------------------------------------------------------------------------------


def test_ein_fehler_in_der_letzten_zeile_laesst_die_datenbank_unberuehrt(tmp_path, amt33, statuses):
    rows = [zeile(f"99{n:012d}", f"L {n}") for n in range(1, 30)] + [zeile("99000000000099", amt=77)]
    ergebnis = importieren_aus(mappe(tmp_path / "katalog.xlsx", rows), stichtag=STICHTAG)
    assert not ergebnis.geschrieben and len(ergebnis.fehler) == 1
    assert not Leistung.objects.exists() and not Leistung.history.exists()
    assert not Leistungsbuendel.objects.exists() and not StatusAenderung.objects.exists()


def test_eine_weigerung_der_datenbank_beim_letzten_schreiben_nimmt_alles_zurueck(
    tmp_path, amt33, statuses, monkeypatch
):
    """The database refuses the last new Leistung (its key was taken meanwhile) after earlier chunks and their
    status changes were written with raw SQL: nothing of it stays, on SQLite and on PostgreSQL."""
    monkeypatch.setattr(apply, "CHUNK", 2)  # several write chunks, each with its status changes
    rows = [zeile(f"99{n:012d}", f"L {n}") for n in range(1, 6)]
    batch = read_katalog(mappe(tmp_path / "katalog.xlsx", rows), dateiname="katalog.xlsx")
    batch.zeilen.append(dataclasses.replace(batch.zeilen[0], zeile=99))
    with pytest.raises(ImportAbgebrochen, match="es wurde nichts geändert"):
        katalog_importieren(batch, stichtag=STICHTAG)
    assert not Leistung.objects.exists() and not Leistung.history.exists()
    assert not StatusAenderung.objects.exists()
    assert not Leistungsbuendel.objects.exists() and not Leistungsbuendel.history.exists()


# --- reading: the per-value cache and the skipped Bündel cells -------------------------------------------------


def test_gleiche_werte_verschiedener_art_werden_jeder_fuer_sich_gelesen(tmp_path, amt33, statuses):
    """1, 1.0, "1" and True are equal in Python: the Amt cell 33 is read as Amt 33 in every notation, but a
    yes/no value in the Amt column stays an error, in every row that has it, also after 1 was read."""
    rows = [
        ["99000000000001", "a", 33, 1],
        ["99000000000002", "b", 33.0, 1.0],
        ["99000000000003", "c", "33", "1"],
        ["99000000000004", "d", True, True],
        ["99000000000005", "e", True, "ja"],
        ["99000000000006", "f", 1, 0],
        ["99000000000007", "g", 1.0, False],
    ]
    batch = read_katalog(
        mappe(tmp_path / "k.xlsx", rows, header=["LeiKa-ID", "Leistungsbezeichnung", "Amt", "vorläufig"]),
        dateiname="k.xlsx",
    )
    gelesen = {z.schluessel[-1]: (z.werte["amt"], z.vorlaeufig) for z in batch.zeilen}
    assert gelesen == {"1": (amt33, True), "2": (amt33, True), "3": (amt33, True)}
    assert [(e.row, e.value) for e in batch.fehler] == [(5, True), (6, True), (7, 1), (8, 1)]
    assert all(e.column == "Amt" for e in batch.fehler)


def test_datum_und_zeitpunkt_derselben_zelle_lesen_dasselbe(tmp_path, amt33, statuses):
    header = ["LeiKa-ID", "Leistungsbezeichnung", "OZG-ID", "OZG-Leistung", "nachnutzbar ab"]
    rows = [
        ["99000000000001", "a", "10559", "Melde", dt.datetime(2023, 3, 1, 0, 0)],
        ["99000000000002", "b", "10559", "Melde", dt.datetime(2023, 3, 1, 12, 30)],
        ["99000000000003", "c", "10559", "Melde", "01.03.2023"],
        ["99000000000004", "d", "10559", "Melde", 44986],  # Excel's serial number of 01.03.2023
    ]
    batch = read_katalog(mappe(tmp_path / "k.xlsx", rows, header=header), dateiname="k.xlsx")
    assert batch.fehler == []
    assert batch.buendel["10559"].werte["nachnutzbar_ab"] == dt.date(2023, 3, 1)


def test_ein_abweichender_buendelwert_nach_wiederholten_zeilen_bleibt_ein_fehler(tmp_path, amt33, statuses):
    header = ["LeiKa-ID", "Leistungsbezeichnung", "OZG-ID", "OZG-Leistung", "EfA"]
    rows = [
        ["99000000000001", "a", "10559", "Melde", "ja"],
        ["99000000000002", "b", "10559", "Melde", "ja"],
        ["99000000000003", "c", "10559", "Melde", "nein"],
        ["99000000000004", "d", "10559", "Melde", "ja"],
        ["99000000000005", "e", "10559", "Melde ", "ja"],  # a trailing space is not a different name
    ]
    batch = read_katalog(mappe(tmp_path / "k.xlsx", rows, header=header), dateiname="k.xlsx")
    assert [(e.row, e.column, e.value) for e in batch.fehler] == [(4, "EfA", "nein")]
    assert "in Zeile 2 „ja“, hier „nein“" in batch.fehler[0].message


def test_ein_fehler_in_der_ersten_zeile_einer_ozg_id_wird_in_jeder_solchen_zeile_gemeldet(tmp_path, amt33, statuses):
    """The first row of an OZG-ID has a bad Bündel cell: every row repeating it gets the error too; with
    --skip-invalid the Bündel is made from the first valid row, and the invalid rows are left out."""
    header = ["LeiKa-ID", "Leistungsbezeichnung", "OZG-ID", "OZG-Leistung", "EfA", "Amt"]
    rows = [
        ["99000000000001", "a", "10559", "Melde", "vielleicht", 33],
        ["99000000000002", "b", "10559", "Melde", "vielleicht", 33],
        ["99000000000003", "c", "10559", "Melde", "ja", 77],  # the Bündel cells are fine, the Amt is not
        ["99000000000004", "d", "10559", "Melde", "nein", 33],
        ["99000000000005", "e", "10559", "Melde", "nein", 33],
    ]
    path = mappe(tmp_path / "k.xlsx", rows, header=header)
    batch = read_katalog(path, dateiname="k.xlsx")
    assert [(e.row, e.column) for e in batch.fehler] == [(2, "EfA"), (3, "EfA"), (4, "Amt")]
    ergebnis = katalog_importieren(batch, stichtag=STICHTAG, skip_invalid=True)
    assert ergebnis.uebersprungen == [2, 3, 4]
    assert sorted(Leistung.objects.values_list("leika_schluessel", flat=True)) == ["99000000000004", "99000000000005"]
    assert Leistungsbuendel.objects.get(ozg_id="10559").efa is False


def test_eine_ungueltige_buendelzelle_die_in_python_gleich_ist_wird_trotzdem_gemeldet(tmp_path, amt33, statuses):
    header = ["LeiKa-ID", "Leistungsbezeichnung", "OZG-ID", "OZG-Leistung", "nachnutzbar ab"]
    rows = [
        ["99000000000001", "a", "10559", "Melde", 1],  # Excel's serial number 1: 01.01.1900, a valid date
        ["99000000000002", "b", "10559", "Melde", True],  # a yes/no value: no date at all
    ]
    batch = read_katalog(mappe(tmp_path / "k.xlsx", rows, header=header), dateiname="k.xlsx")
    ohne_zwischenspeicher = read_katalog(
        mappe(tmp_path / "nur_zweite.xlsx", rows[1:], header=header), dateiname="nur_zweite.xlsx"
    )
    assert [e.message for e in ohne_zwischenspeicher.fehler] == ["„True“ ist kein Datum."]
    assert [(e.row, e.column) for e in batch.fehler] == [(3, "nachnutzbar ab")]


# --- the change reason: "Import <file name>" ------------------------------------------------------------------


def test_ein_langer_dateiname_wird_importiert_und_ueberall_gleich_als_grund_eingetragen(
    tmp_path, make_leistung, statuses
):
    """The admin keeps file names up to 120 characters; "Import <name>" is then longer than the history's 100."""
    make_leistung(leika_schluessel="99050042000000", bezeichnung="alt")
    bisher = (Leistung.history.get().history_id, Leistungsbuendel.history.get().history_id)
    name = "OZG-Umsetzungskatalog Hessen Stand 01.05.2022 nach Abstimmung mit den Ressorts überarbeitet v3.xlsx"
    assert len(f"Import {name}") > 100
    path = mappe(tmp_path / name, [zeile("99050042000000", "neu"), zeile("99050042001000", ozg="10560")])
    ergebnis = importieren_aus(path, stichtag=STICHTAG, teilauszug=True)
    assert ergebnis.geschrieben
    gruende = {
        *Leistung.history.filter(history_id__gt=bisher[0]).values_list("history_change_reason", flat=True),
        *Leistungsbuendel.history.filter(history_id__gt=bisher[1]).values_list("history_change_reason", flat=True),
    }
    assert len(gruende) == 1
