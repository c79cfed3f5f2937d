"""The catalogue import asks the database a fixed number of questions, whatever the number of rows: into an empty
catalogue, as an update of a populated one (Amt, status, notes, retirements), and for a file that changes nothing.
"""

import datetime as dt

import pytest

from catalog.importing.apply import katalog_importieren
from catalog.importing.katalog import read_katalog
from catalog.models import Leistung, StatusAenderung
from catalog.services import leistung_status_setzen, leistungen_aendern, leistungen_status_setzen

pytestmark = pytest.mark.django_db

HEADER = "LeiKa-ID;Leistungsbezeichnung;OZG-ID;OZG-Leistung;Amt;Status;zusätzliche Informationen"
STICHTAG = dt.date(2022, 5, 31)
BUENDEL = "Meldebescheinigung und -registerauskunft"  # as the fixture names it: the Bündel stays unchanged


def csv_file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *(";".join(map(str, row)) for row in rows)]) + "\n", encoding="utf-8")
    return path


def rows(count, *, amt, status, note, first=1):
    return [[f"99{n:012d}", f"Leistung {n}", "10559", BUENDEL, amt, status, note] for n in range(first, first + count)]


def imported(path, **options):
    ergebnis = katalog_importieren(read_katalog(path), stichtag=STICHTAG, **options)
    assert ergebnis.geschrieben and not ergebnis.fehler, ergebnis.zusammenfassung()
    return ergebnis


def queries(django_assert_max_num_queries, path, **options):
    with django_assert_max_num_queries(100) as captured:
        ergebnis = imported(path, **options)
    return len(captured.captured_queries), ergebnis


@pytest.fixture
def setup(buendel, amt33, amt51, statuses):
    return statuses


def test_into_an_empty_catalogue(tmp_path, setup, django_assert_max_num_queries):
    small, ergebnis = queries(
        django_assert_max_num_queries, csv_file(tmp_path, "a.csv", rows(5, amt=33, status="Wartend", note=""))
    )
    assert len(ergebnis.neu) == 5
    large, ergebnis = queries(
        django_assert_max_num_queries,
        csv_file(tmp_path, "b.csv", rows(300, amt=33, status="Wartend", note="", first=1000)),
        teilauszug=True,
    )
    assert len(ergebnis.neu) == 300 and ergebnis.statusaenderungen == 300
    assert large == small == 30  # master data read twice (reading, comparing); the weekly counts: 2


def test_as_an_update_of_a_populated_catalogue(tmp_path, setup, django_assert_max_num_queries):
    def update(count, first):
        alt = rows(count, amt=33, status="Wartend", note="", first=first)
        imported(csv_file(tmp_path, f"alt-{first}.csv", alt), teilauszug=True)
        # someone changed one of them later (a later-dated status change), and it keeps its status
        later = Leistung.objects.get(leika_schluessel=f"99{first:012d}")
        leistung_status_setzen(leistung=later, status=setup["Abgeschlossen"], gueltig_ab=dt.date(2022, 6, 10))
        neu = rows(count, amt=51, status="Umsetzung", note="neu", first=first)
        return queries(django_assert_max_num_queries, csv_file(tmp_path, f"neu-{first}.csv", neu), teilauszug=True)

    small, ergebnis = update(5, 1)
    assert (len(ergebnis.geaendert), ergebnis.statusaenderungen) == (5, 5)
    large, ergebnis = update(300, 1000)
    assert (len(ergebnis.geaendert), ergebnis.statusaenderungen) == (300, 300)
    assert large == small == 34  # with the weekly counts: the moved histories, their upsert and cleanup
    assert Leistung.objects.filter(amt__nummer=51, zusaetzliche_informationen="neu").count() == 305
    assert Leistung.objects.get(leika_schluessel=f"99{1000:012d}").status == setup["Abgeschlossen"]


def test_retiring_and_an_unchanged_file(tmp_path, setup, django_assert_max_num_queries):
    def retire(count, first):
        path = csv_file(tmp_path, f"x-{first}.csv", rows(count, amt=33, status="Wartend", note="", first=first))
        imported(path, teilauszug=True)
        unchanged, ergebnis = queries(django_assert_max_num_queries, path, teilauszug=True)
        assert not ergebnis.hat_aenderungen and ergebnis.unveraendert == count
        one = csv_file(tmp_path, f"eins-{first}.csv", rows(1, amt=33, status="Wartend", note="", first=first))
        im_katalog = Leistung.objects.filter(nicht_mehr_im_katalog_seit__isnull=True).count()
        retired, ergebnis = queries(django_assert_max_num_queries, one, ausscheiden_bestaetigt=im_katalog - 1)
        assert len(ergebnis.nicht_mehr_im_katalog) == im_katalog - 1
        return unchanged, retired

    small = retire(5, 1)
    large = retire(300, 1000)
    assert large == small == (18, 24)


def test_the_services_write_many_leistungen_in_a_fixed_number_of_queries(
    make_leistung, statuses, django_assert_num_queries
):
    def write(count):
        leistungen = [make_leistung() for _ in range(count)]
        for leistung in leistungen[::2]:  # some with a history, back-dated changes among the new ones
            leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))
        with django_assert_num_queries(5):  # savepoint, lock, UPDATE, history, release
            leistungen_aendern(aenderungen={x.pk: {"zusaetzliche_informationen": "neu"} for x in leistungen})
        with django_assert_num_queries(10):  # + history from the earliest date, before it, INSERT; weekly counts: 2
            leistungen_status_setzen(
                aenderungen=[
                    (x, statuses["Umsetzung"], day) for x in leistungen for day in (dt.date(2021, 6, 1), STICHTAG)
                ]
            )

    write(4)
    write(60)
    assert StatusAenderung.objects.filter(neuer_status__bezeichnung="Umsetzung").count() == 64 * 2 - 32
