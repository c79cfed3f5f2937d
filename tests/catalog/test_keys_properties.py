"""Property-based: the key normaliser never fails other than with a German InvalidKey, and every notation of a
valid key reads back to the same 14 digits."""

from hypothesis import given
from hypothesis import strategies as st

from catalog.keys import InvalidKey, format_key, normalize_key

keys = st.from_regex(r"\A[1-9][0-9]{13}\Z")


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.none(), st.booleans()))
def test_anything_is_either_a_key_or_a_german_refusal(value):
    try:
        result = normalize_key(value)
    except InvalidKey as exc:
        assert exc.messages and all(message for message in exc.messages)
    else:
        assert len(result) == 14 and result.isdigit()


@given(keys)
def test_every_notation_of_a_key_reads_back_exactly(digits):
    number = int(digits)
    for notation in (
        digits,
        format_key(digits),
        " ".join(format_key(digits).split(".")),
        number,
        float(number),
        f"{number:.13E}",
        f"{digits}.0",
    ):
        assert normalize_key(notation) == digits, notation


@given(st.from_regex(r"\A[0-9]{1,13}\Z") | st.from_regex(r"\A[0-9]{15,20}\Z"))
def test_too_short_or_too_long_is_refused(digits):
    try:
        normalize_key(digits)
    except InvalidKey as exc:
        assert "Ziffern" in exc.messages[0]
    else:
        raise AssertionError(f"{digits} was accepted")
