"""The LeiKa key in any notation is read exactly; anything that is not 14 digits is refused in German."""

from decimal import Decimal

import pytest

from catalog.keys import InvalidKey, format_key, normalize_key, split_provisional


@pytest.mark.parametrize(
    "value",
    [
        "99.050.042.000.000",
        "99050042000000",
        "99 050 042 000 000",
        " 99.050.042 000.000 ",
        "99-050-042-000-000",
        99050042000000,
        99050042000000.0,
        9.9050042e13,
        "9.9050042E13",
        "9,9050042E+13",
        "99050042000000.0",
        Decimal("99050042000000"),
    ],
)
def test_it_reads_every_notation_exactly(value):
    assert normalize_key(value) == "99050042000000"


def test_it_keeps_77_keys_and_shows_them_unsplit():
    assert normalize_key("77000000000005") == "77000000000005"
    assert format_key("77000000000005") == "77000000000005"


def test_it_formats_dotted_2_3_3_3_3():
    assert format_key("99050042000000") == "99.050.042.000.000"


@pytest.mark.parametrize(
    ("value", "message_part"),
    [
        ("99.010.002.000.00", "13 Ziffern"),  # as the slide deck prints it, cut off
        ("9905004200000", "13 Ziffern"),
        ("990500420000000", "15 Ziffern"),
        ("99a50042000000", "nur die Ziffern 0 bis 9"),
        ("LeiKa 99050042000000", "nur die Ziffern 0 bis 9"),
        ("nicht im LeiKa", "nur die Ziffern 0 bis 9"),
        ("", "Bitte einen LeiKa-Schlüssel angeben"),
        (None, "Bitte einen LeiKa-Schlüssel angeben"),
        (99050042000000.5, "keine ganze Zahl"),
        ("9.9050042E12", "13 Ziffern"),
        (-99050042000000, "negativ"),
        (True, "Bitte einen LeiKa-Schlüssel angeben"),
    ],
)
def test_it_refuses_what_is_not_14_digits_with_a_german_message(value, message_part):
    with pytest.raises(InvalidKey) as caught:
        normalize_key(value)
    assert message_part in caught.value.messages[0]


@pytest.mark.parametrize(
    ("cell", "key", "provisional"),
    [
        ("99.050.042.000.000 (vorläufig)", "99050042000000", True),
        ("99050042000000 vorl.", "99050042000000", True),
        ("99.050.042.000.000 (ggf. vorläufig)", "99050042000000", True),
        ("99.050.042.000.000", "99050042000000", False),
        (99050042000000, "99050042000000", False),
    ],
)
def test_it_separates_the_provisional_marker(cell, key, provisional):
    rest, is_provisional = split_provisional(cell)
    assert normalize_key(rest) == key
    assert is_provisional is provisional
