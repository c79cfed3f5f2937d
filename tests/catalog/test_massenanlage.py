"""Creating many Leistungen at once (the catalogue import's write path): the same rows and audit trail as the ORM."""

import datetime as dt

import pytest
from django.db import IntegrityError

from catalog.models import Leistung, StatusAenderung
from catalog.rows import insert_rows
from catalog.services import leistungen_anlegen, leistungen_status_setzen

# What the audit row holds besides its own bookkeeping: the Leistung's fields as stored.
VERGLICHEN = [
    "leika_schluessel", "vorlaeufig", "bezeichnung", "buendel_id", "leika_typ", "ressort_id", "vollzugsebene",
    "von_wiesbaden_umzusetzen", "amt_id", "status_id", "zusaetzliche_informationen", "antraege_pro_jahr",
    "reifegrad_id", "online_dienst_url", "online_plattform", "anmeldung", "rechtsgrundlage",
    "nicht_mehr_im_katalog_seit", "version",
]  # fmt: skip


def test_the_rows_and_their_history_equal_what_the_orm_writes(buendel, amt33, redaktion):
    werte = {
        "bezeichnung": "Meldebescheinigung Ausstellung",
        "vollzugsebene": "kommune",
        "von_wiesbaden_umzusetzen": True,
        "antraege_pro_jahr": 1200,
        "nicht_mehr_im_katalog_seit": dt.date(2022, 5, 31),
    }
    orm = Leistung(leika_schluessel="99050042000000", buendel=buendel, amt=amt33, **werte)
    orm._history_user = redaktion
    orm._change_reason = "Import katalog.xlsx"
    orm.save()

    pks = leistungen_anlegen(
        zeilen=[{"leika_schluessel": "99050042001000", "buendel_id": buendel.pk, "amt_id": amt33.pk, **werte}],
        user=redaktion,
        grund="Import katalog.xlsx",
    )

    neu = Leistung.objects.get(leika_schluessel="99050042001000")
    assert pks == {"99050042001000": neu.pk}
    orm_row, neu_row = (
        {name: value for name, value in row.items() if name != "leika_schluessel"}
        for row in Leistung.objects.filter(pk__in=[orm.pk, neu.pk]).order_by("pk").values(*VERGLICHEN)
    )
    assert neu_row == orm_row  # same defaults (version 1, empty texts, no status …) and values
    assert neu.angelegt_am is not None and neu.geaendert_am is not None
    records = [Leistung.history.filter(id=pk).get() for pk in (orm.pk, neu.pk)]
    for record, leistung in zip(records, (orm, neu), strict=True):
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+",
            redaktion,
            "Import katalog.xlsx",
        )
        assert {name: getattr(record, name) for name in VERGLICHEN} == {
            name: getattr(Leistung.objects.get(pk=leistung.pk), name) for name in VERGLICHEN
        }


def test_a_new_leistung_gets_its_status_only_through_the_status_service(db):
    with pytest.raises(ValueError, match="leistung_status_setzen"):
        leistungen_anlegen(zeilen=[{"leika_schluessel": "99050042000000", "bezeichnung": "X", "status_id": 1}])
    assert not Leistung.objects.exists()


def test_a_refused_row_leaves_nothing_behind(leistung):
    """A key that exists already: the database refuses, and none of the rows nor any history row is written."""
    before = (Leistung.objects.count(), Leistung.history.count())
    with pytest.raises(IntegrityError):
        leistungen_anlegen(
            zeilen=[
                {"leika_schluessel": "99050042009000", "bezeichnung": "neu"},
                {"leika_schluessel": leistung.leika_schluessel, "bezeichnung": "doppelt"},
            ]
        )
    assert (Leistung.objects.count(), Leistung.history.count()) == before


def test_an_unknown_field_is_refused_before_anything_is_written(db):
    with pytest.raises(ValueError, match="bezeichnug"):
        insert_rows(Leistung, [{"leika_schluessel": "99050042000000", "bezeichnug": "X"}], now=None)
    assert not Leistung.objects.exists()


def test_many_new_leistungen_with_statuses_in_a_fixed_number_of_queries(
    buendel, statuses, redaktion, django_assert_max_num_queries
):
    def anlegen(first: int, count: int) -> int:
        zeilen = [
            {"leika_schluessel": f"99{number:012d}", "bezeichnung": f"Leistung {number}", "buendel_id": buendel.pk}
            for number in range(first, first + count)
        ]
        pks = leistungen_anlegen(zeilen=zeilen, user=redaktion, grund="Import")
        aenderungen = [(pk, statuses["Umsetzung"], dt.date(2022, 5, 2)) for pk in pks.values()]
        return leistungen_status_setzen(aenderungen=aenderungen, grund="Import")

    with django_assert_max_num_queries(20) as small:
        assert anlegen(1, 5) == 5
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert anlegen(1000, 500) == 500
    assert len(large.captured_queries) == len(small.captured_queries)
    assert Leistung.objects.filter(status=statuses["Umsetzung"], version=2).count() == 505
    assert StatusAenderung.objects.filter(grund="Import", alter_status=None).count() == 505
    # each: "+" when created, "~" when the status was set, both holding what was stored then
    assert Leistung.history.filter(history_type="+", status=None, version=1).count() == 505
    assert Leistung.history.filter(history_type="~", status=statuses["Umsetzung"], version=2).count() == 505


@pytest.mark.parametrize(
    "text",
    ['Antrag „Wohngeld“ {neu}, Teil "A"', "NULL", "a\\b\\\\c", "Zeile 1\nZeile 2\tEnde", "'; DROP TABLE x; --", ""],
)
def test_any_text_arrives_as_it_was_given(db, text):
    """On PostgreSQL the rows travel as one array per column: quotes, braces, backslashes and "NULL" stay text."""
    pks = leistungen_anlegen(
        zeilen=[
            {"leika_schluessel": "99050042000000", "bezeichnung": "X", "zusaetzliche_informationen": text},
            {"leika_schluessel": "99050042001000", "bezeichnung": "Y", "antraege_pro_jahr": None},
        ]
    )
    stored = Leistung.objects.get(pk=pks["99050042000000"])
    assert stored.zusaetzliche_informationen == text
    assert Leistung.history.get(id=stored.pk).zusaetzliche_informationen == text
    assert Leistung.objects.get(pk=pks["99050042001000"]).antraege_pro_jahr is None
