"""The toolkit's template filters and tags: ``{% load toolkit %}``.

The filters are the functions of :mod:`toolkit.formatting`, so a template, a table cell and a chart label write a
figure alike: ``number`` (4.813; ``|number:1`` → 71,7), ``percent`` (47 %), ``difference`` (+2, −7, ±0),
``short_date`` (28.11.2026), ``date_time`` (03.12.2021, 10:15 Uhr), ``iso_week`` (KW 19/2022), ``yes_no``.
"""

from __future__ import annotations

from django import template

from toolkit import formatting
from toolkit.tables import badge as _badge

register = template.Library()


@register.filter
def number(value, places=0):
    return formatting.format_number(value, int(places))


@register.filter
def percent(share, places=0):
    return formatting.format_percent(share, int(places))


@register.filter
def difference(value):
    return formatting.format_difference(value)


@register.filter(expects_localtime=True)
def short_date(value):
    return formatting.format_date(value)


@register.filter(expects_localtime=True)
def date_time(value):
    return formatting.format_date_time(value)


@register.filter
def iso_week(value):
    return formatting.format_week(value)


@register.filter
def yes_no(value):
    return formatting.format_yes_no(value)


@register.simple_tag
def badge(label, color, empty="–"):
    """A label with its colour as a dot (e.g. a status): ``{% badge s.bezeichnung s.farbe "ohne Status" %}``."""
    return _badge(label, color, empty=empty)


@register.simple_tag(takes_context=True)
def presentation_mode(context) -> bool:
    """Whether the page is shown in presentation mode (``?praesentation=1``): charts full width, large type."""
    request = context.get("request")
    return bool(request is not None and request.GET.get("praesentation") == "1")
