"""The dashboard's own template tags: a status as a badge in its colour ("ohne Status" when there is none); whether
a user is an Amtsleitung.

Numbers, shares, dates and calendar weeks come from the toolkit's filters (``{% load toolkit %}``).
"""

from __future__ import annotations

from django import template

from catalog.berechtigungen import ist_amtsleitung as _ist_amtsleitung
from toolkit.tables import badge

register = template.Library()

OHNE_STATUS = "ohne Status"


@register.simple_tag
def status_badge(bezeichnung, farbe):
    """A status as text with its own colour (data) as a dot: an SVG ``fill`` attribute, no inline style."""
    return badge(bezeichnung, farbe, empty=OHNE_STATUS)


@register.filter
def ist_amtsleitung(user) -> bool:
    """Whether ``user`` is an Amtsleitung (the navigation's "Mein Amt"; see catalog.berechtigungen)."""
    return _ist_amtsleitung(user)
