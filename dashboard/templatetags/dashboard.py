"""The dashboard's template tags: German numbers, shares, differences, calendar weeks, status badges.

Numbers are written the German way (4.813; 47 %; +2 / −7 with a real minus sign), because the pages are read
aloud in meetings and printed; Django's own localisation would drop the thousands dot.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html

from catalog.selectors import runden

register = template.Library()

NARROW_NBSP = "\u202f"
MINUS = "\u2212"


def format_zahl(value, stellen: int = 0) -> str:
    """4813 → "4.813"; 0.5 with stellen=1 → "0,5"; 12.5 → "13" (half up)."""
    if value is None or value == "":
        return "–"
    gerundet = runden(value, stellen)
    text = f"{abs(gerundet):,.{stellen}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return (MINUS if gerundet < 0 else "") + text


def format_prozent(anteil, stellen: int = 0) -> str:
    """A share 0..1 → "47 %" (narrow no-break space, as German typography has it); 0.125 → "13 %" (half up)."""
    if anteil is None:
        return "–"
    return f"{format_zahl(anteil * 100, stellen)}{NARROW_NBSP}%"


def format_differenz(value) -> str:
    """A change → "+2", "−7" (real minus sign) or "±0"."""
    if value is None:
        return "–"
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "") + format_zahl(value)


@register.filter
def zahl(value, stellen=0):
    return format_zahl(value, int(stellen))


@register.filter
def prozent(anteil, stellen=0):
    return format_prozent(anteil, int(stellen))


@register.filter
def differenz(value):
    return format_differenz(value)


@register.filter
def kw(value: dt.date | None) -> str:
    """A date → its ISO calendar week, "KW 19/2022"."""
    if value is None:
        return "–"
    jahr, woche, _ = value.isocalendar()
    return f"KW {woche}/{jahr}"


@register.filter
def datum(value) -> str:
    """A date (or datetime) → "28.11.2026"."""
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return f"{value:%d.%m.%Y}"


@register.filter
def ja_nein(value) -> str:
    if value is None:
        return "–"
    return "ja" if value else "nein"


@register.simple_tag
def status_badge(bezeichnung, farbe):
    """A status as text with its own colour (data) as a dot: an SVG ``fill`` attribute, no inline style."""
    if not bezeichnung:
        return format_html('<span class="status status--ohne">{}</span>', "ohne Status")
    return format_html(
        '<span class="status"><svg class="status__punkt" viewBox="0 0 10 10" width="10" height="10" '
        'aria-hidden="true" focusable="false"><circle cx="5" cy="5" r="5" fill="{}"/></svg>{}</span>',
        farbe or "#777777",
        bezeichnung,
    )


@register.simple_tag(takes_context=True)
def praesentation(context) -> bool:
    """Whether the page is shown in presentation mode (``?praesentation=1``)."""
    request = context.get("request")
    return bool(request is not None and request.GET.get("praesentation") == "1")
