"""Tables (django-tables2) in the KERN UX look: the attributes, number columns, colour badges, small value bars.

A table of the portal sets ``Meta.attrs = TABLE_ATTRS`` and ``Meta.template_name = TABLE_TEMPLATE``: sortable
headers with ``aria-sort``, German pagination, a scroll box the keyboard can reach (WCAG 2.1.1), and an optional
``beschriftung`` attribute on the table that names the box and the caption for screen readers.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from toolkit.formatting import format_number, round_half_up

TABLE_TEMPLATE = "toolkit/_table.html"
TABLE_ATTRS = {
    "class": "kern-table kern-table--small kern-table--striped",
    "th": {"class": "kern-table__header", "scope": "col"},
    "td": {"class": "kern-table__cell"},
}
NUMBER_ATTRS = {
    "th": {"class": "kern-table__header kern-table__header--numeric", "scope": "col"},
    "td": {"class": "kern-table__cell kern-table__cell--numeric"},
}
# A column of long names (a Leistung's): a long German compound ("Arbeitnehmerüberlassungsgesetz") may break
# anywhere rather than widen the table past its box.
TEXT_ATTRS = {"td": {"class": "kern-table__cell kern-table__cell--text"}}
NO_COLOR = "#777777"


class NumberColumn(tables.Column):
    """A count, right-aligned, written the German way (2.400.000)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_number(value)


def badge(label: str | None, color: str | None, *, empty: str = "–") -> str:
    """A label with its own colour (data, e.g. a status) as a dot: an SVG ``fill`` attribute, no inline style, so a
    Content-Security-Policy without ``'unsafe-inline'`` holds. Without a label: ``empty`` in muted italics."""
    if not label:
        return format_html('<span class="status status--ohne">{}</span>', empty)
    return format_html(
        '<span class="status"><svg class="status__punkt" viewBox="0 0 10 10" width="10" height="10" '
        'aria-hidden="true" focusable="false"><circle cx="5" cy="5" r="5" fill="{}"/></svg>{}</span>',
        color or NO_COLOR,
        label,
    )


def value_bar(value_0_100, text: str, title: str = "") -> str:
    """A small bar for a value from 0 to 100 with its figure beside it; the bar is decoration (``aria-hidden``).

    An inline SVG whose rectangle is as long as the value (no style attribute, see :func:`badge`).
    """
    if value_0_100 is None:
        return format_html('<span class="wertbalken wertbalken--leer">{}</span>', text)
    width = f"{round_half_up(value_0_100, 1):f}"  # an SVG length, never localised ("71.7", not "71,7")
    return format_html(
        '<span class="wertbalken" title="{}">'
        '<svg class="wertbalken__balken" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false"><rect class="wertbalken__grund" width="100" height="10"></rect>'
        '<rect class="wertbalken__fuellung" width="{}" height="10"></rect></svg>'
        '<span class="wertbalken__zahl">{}</span></span>',
        title,
        width,
        text,
    )
