"""The text search finds exactly the rows whose folded text contains the folded search: on SQLite the cheap ASCII
pre-check in C (``ascii_vorfilter``) never drops a hit, whatever the letters, and the hits are the plain rule's."""

import sys

import pytest

from catalog.models import Leistung
from toolkit.search import _NICHT_NUR_ASCII, ascii_vorfilter, fold, text_contains

TEXTE = [
    "İstanbul-Zuzug",  # İ folds to "i" and a combining dot
    "\u212a\u00e4lteschutz",  # the Kelvin sign folds to "k"
    "KÄLTESCHUTZ",
    "Straßenreinigung",
    "STRASSENREINIGUNG",
    "100% Zuschuss_Antrag",
    "1000 Zuschuss-Antrag",
    "Pfad C:\\Daten",
    "Ärztekammer",
    "ΟΔΟΣ Σ",  # Greek capitals, the final sigma
]
SUCHEN = [
    "i",
    "İ",
    "k",
    "K",
    "kälte",
    "ÄLTE",
    "straße",
    "STRASSE",
    "0%",
    "s_a",
    "ss-a",
    ":\\d",
    "ärzte",
    "ὁδός",
    "οδος",
    "z",
]


def test_only_i_and_k_are_folded_to_from_other_characters_too():
    """What the pre-check relies on: an ASCII character in a folded text comes from itself or its capital, except
    for those in ``_NICHT_NUR_ASCII``."""
    quellen = {}
    for code in range(sys.maxunicode + 1):
        zeichen = chr(code)
        for gefaltet in zeichen.lower():
            if gefaltet.isascii() and zeichen not in (gefaltet, gefaltet.upper()):
                quellen.setdefault(gefaltet, set()).add(zeichen)
    assert set(quellen) == _NICHT_NUR_ASCII


def test_the_pre_check_leaves_out_what_it_cannot_vouch_for():
    assert ascii_vorfilter("melde") == "%melde%"
    assert ascii_vorfilter("ärztekammer") == "%rzte%ammer%"  # ä and k left out
    assert ascii_vorfilter("100%_\\") == "%100\\%\\_\\\\%"
    assert ascii_vorfilter("ik") is None and ascii_vorfilter("ä") is None


@pytest.mark.django_db
@pytest.mark.parametrize("suche", SUCHEN)
def test_a_search_finds_exactly_the_rows_whose_folded_text_contains_it(make_leistung, suche):
    for text in TEXTE:
        make_leistung(bezeichnung=text)
    gefunden = set(Leistung.objects.filter(text_contains(["bezeichnung"], suche)).values_list("bezeichnung", flat=True))
    assert gefunden == {text for text in TEXTE if fold(suche) in fold(text)}
    ausgeschlossen = Leistung.objects.exclude(text_contains(["bezeichnung"], suche)).values_list(
        "bezeichnung", flat=True
    )
    assert set(ausgeschlossen) == set(TEXTE) - gefunden
