"""Filters on catalogue data that every list of the portal shares (django-filter), whatever app shows the list.

An Amt is chosen by its number, a Bündel by its OZG-ID, as typed into an address: surrounding spaces do not
matter, and only the ASCII digits 0-9 make a number (``int("٣٣")`` would be 33; see
:func:`catalog.keys.ist_ziffernfolge`).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from catalog.keys import OZG_ID, amt_nummer_pruefen
from catalog.models import Amt, Leistungsbuendel


class AmtNummerField(forms.ModelChoiceField):
    """An Amt by its number; anything but ASCII digits is the portal's one German message for a wrong number."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(amt_nummer_pruefen(value))


class OzgIdField(forms.ModelChoiceField):
    """A Bündel by its OZG-ID (five ASCII digits, spaces around them ignored)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        if not OZG_ID.fullmatch(text):
            raise ValidationError(
                f"„{text}“ ist keine OZG-ID: sie hat genau 5 Ziffern 0 bis 9 (z. B. 10559).", code="invalid_choice"
            )
        return super().to_python(text)


class AmtFilter(django_filters.ModelChoiceFilter):
    field_class = AmtNummerField


class BuendelFilter(django_filters.ModelChoiceFilter):
    field_class = OzgIdField


def amt_filter(**kwargs) -> AmtFilter:
    """The Amt by its number (``?amt=33``), as on every page, export and link of the portal; an unknown number is
    a German field error. ``queryset``: the Ämter offered (default: all), ``error_messages``: what to say of a
    number not among them."""
    kwargs.setdefault("label", "Amt")
    kwargs.setdefault("queryset", Amt.objects.all())
    kwargs.setdefault("error_messages", {"invalid_choice": "Ein Amt mit der Nummer „%(value)s“ gibt es nicht."})
    return AmtFilter(to_field_name="nummer", **kwargs)


def buendel_filter(**kwargs) -> BuendelFilter:
    """The Bündel by its OZG-ID typed in (``?buendel=10559``), not a list of every Bündel (thousands at Hessen
    scale: the page would carry them all)."""
    kwargs.setdefault("label", "OZG-Leistungsbündel (OZG-ID)")
    return BuendelFilter(
        queryset=Leistungsbuendel.objects.all(),
        to_field_name="ozg_id",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "z. B. 10559"}),
        error_messages={"invalid_choice": "Ein OZG-Leistungsbündel mit der OZG-ID „%(value)s“ gibt es nicht."},
        **kwargs,
    )
