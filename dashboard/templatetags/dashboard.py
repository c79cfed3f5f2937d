"""The dashboard's own template tag: a status as a badge in its colour ("ohne Status" when there is none).

Numbers, shares, dates and calendar weeks come from the toolkit's filters (``{% load toolkit %}``).
"""

from __future__ import annotations

from django import template

from toolkit.tables import badge

register = template.Library()

OHNE_STATUS = "ohne Status"


@register.simple_tag
def status_badge(bezeichnung, farbe):
    """A status as text with its own colour (data) as a dot: an SVG ``fill`` attribute, no inline style."""
    return badge(bezeichnung, farbe, empty=OHNE_STATUS)
