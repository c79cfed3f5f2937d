"""The LeiKa key: normalise, validate, format, search. Pure functions, no database.

A LeiKa-Schlüssel has 14 digits: ``99`` + 3 digits Leistungsgruppierung + 3 Leistungskennung + 3 Verrichtung
+ 3 Verrichtungsdetail, written grouped with dots (``99.050.042.000.000``) or plain. Keys beginning with ``77``
are Land- or editor-assigned keys outside the federal scheme; they are valid too. Spreadsheets deliver keys as
numbers (``99050042000000``, ``99050042000000.0``, ``9.9050042E13``), which are read exactly.

Only the ten ASCII digits 0-9 make a key. ``str.isdigit()``, ``\\d`` and ``int()`` also accept full-width ``９``,
Arabic-Indic ``٩``, superscript ``⁹`` or mathematical bold ``𝟗`` digits; a key of those would be a second Leistung
beside the ASCII one. Every check here uses :func:`ist_ziffernfolge` or ASCII-only patterns.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q

KEY_LENGTH = 14
_SEPARATORS = re.compile(r"[\s.\u00a0\u202f_'’-]+")
_FLOAT_TEXT = re.compile(r"[0-9]{14}[.,]0+")
_NUMBER = re.compile(r"[+]?[0-9]+([.,][0-9]+)?([eE][+]?[0-9]+)?")
_NUR_ZIFFERN = (
    "erlaubt sind nur die Ziffern 0 bis 9, ggf. mit Punkten oder Leerzeichen gegliedert (z. B. 99.050.042.000.000)"
)
# The OZG-ID of a Leistungsbündel: five ASCII digits (model validator and catalogue import).
OZG_ID = re.compile(r"\A[0-9]{5}\Z")
# "(vorläufig)", "vorl.", "ggf. vorläufig" next to a key
PROVISIONAL_MARKER = re.compile(r"\(?\s*(ggf\.?\s*)?vorl(äufig|aeufig|\.)?\s*\)?", re.IGNORECASE)


class InvalidKey(ValidationError):
    """A value that is not a LeiKa key; the message says why, in German."""


def ist_ziffernfolge(text: str) -> bool:
    """True for a non-empty text of the ASCII digits 0-9 only (unlike ``str.isdigit()``, which takes ``９`` too)."""
    return text.isascii() and text.isdigit()


def amt_nummer_pruefen(text: str) -> int:
    """The number of an Amt typed into an address or a command (``"33"``, surrounding spaces allowed), or a
    :class:`ValidationError` with the portal's one German message for anything but the ASCII digits 0-9."""
    text = str(text).strip()
    if not ist_ziffernfolge(text):
        raise ValidationError(
            f"Der Parameter „amt“ muss die Nummer eines Amts sein (nur die Ziffern 0 bis 9, z. B. 33), nicht „{text}“.",
            code="invalid_choice",
        )
    return int(text)


def normalize_key(value: object) -> str:
    """Return the 14 digits of a LeiKa key given in any notation, or raise :class:`InvalidKey`.

    Accepts text with or without dots, spaces or hyphens, integers, floats and scientific notation,
    as long as they denote a whole number of exactly 14 digits.
    """
    if value is None or isinstance(value, bool):
        raise InvalidKey("Bitte einen LeiKa-Schlüssel angeben (14 Ziffern, z. B. 99.050.042.000.000).")
    if isinstance(value, int):
        if value < 0:
            raise InvalidKey(f"„{value}“ ist negativ und damit kein LeiKa-Schlüssel.")
        digits = str(value)
    elif isinstance(value, (float, Decimal)):
        digits = _whole_number_digits(Decimal(str(value)) if isinstance(value, float) else value, value)
    else:
        text = str(value).strip()
        if not text:
            raise InvalidKey("Bitte einen LeiKa-Schlüssel angeben (14 Ziffern, z. B. 99.050.042.000.000).")
        compact = _SEPARATORS.sub("", text)
        if _FLOAT_TEXT.fullmatch(text):  # "99050042000000.0" as a spreadsheet writes a number to text
            digits = text[:KEY_LENGTH]
        elif ist_ziffernfolge(compact):
            digits = compact
        elif _NUMBER.fullmatch(text.replace(" ", "")) and ("e" in text.lower() or "," in text):
            try:
                number = Decimal(text.replace(" ", "").replace(",", "."))
            except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
                raise InvalidKey(f"„{text}“ ist kein LeiKa-Schlüssel.") from exc
            digits = _whole_number_digits(number, text)
        else:
            raise InvalidKey(f"„{text}“ ist kein LeiKa-Schlüssel: {_NUR_ZIFFERN}.")
    if len(digits) != KEY_LENGTH:
        raise InvalidKey(
            f"„{value}“ hat {len(digits)} Ziffern; ein LeiKa-Schlüssel hat genau {KEY_LENGTH} Ziffern "
            "(z. B. 99.050.042.000.000)."
        )
    return digits


def _whole_number_digits(number: Decimal, original: object) -> str:
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise InvalidKey(f"„{original}“ ist keine ganze Zahl und damit kein LeiKa-Schlüssel.")
    return str(int(number))


def format_key(digits: str) -> str:
    """Show a key grouped 2-3-3-3-3 (``99.050.042.000.000``); 77-keys are not split into groups."""
    if len(digits) != KEY_LENGTH or not ist_ziffernfolge(digits):
        return digits
    if digits.startswith("77"):
        return digits
    return ".".join((digits[0:2], digits[2:5], digits[5:8], digits[8:11], digits[11:14]))


def split_provisional(value: object) -> tuple[object, bool]:
    """Separate a "(vorläufig)" / "vorl." marker from a key cell: returns (key part, provisional?)."""
    if not isinstance(value, str):
        return value, False
    cleaned, count = PROVISIONAL_MARKER.subn("", value)
    if count and cleaned.strip() != value.strip():
        return cleaned.strip(), True
    return value, False


def validate_key(value: str) -> None:
    """Model-field validator: the stored form is exactly 14 digits."""
    if not (isinstance(value, str) and len(value) == KEY_LENGTH and ist_ziffernfolge(value)):
        raise InvalidKey(
            f"„{value}“: Ein LeiKa-Schlüssel wird als genau {KEY_LENGTH} Ziffern gespeichert; {_NUR_ZIFFERN}."
        )


def key_filter(text: str, field: str = "leika_schluessel") -> Q | None:
    """The search condition for a LeiKa key typed into a search box, or ``None`` when ``text`` is none.

    A complete key in any notation finds that key; the beginning of one, dotted, spaced or plain ("99.050.042",
    "99 050"), finds every key that begins so. Only the ASCII digits 0-9 count. ``field``: the key's field,
    e.g. ``"leistung__leika_schluessel"``.
    """
    try:
        return Q(**{field: normalize_key(text)})
    except InvalidKey:
        digits = _SEPARATORS.sub("", str(text).strip())
        if ist_ziffernfolge(digits):
            return Q(**{f"{field}__startswith": digits})
    return None
