"""The Servicestandard's template tags (``{% load servicestandard %}``):

- ``{% servicestandard_checkliste leistung %}``: the compact checklist of one Leistung (every principle by group
  with its result, the share fulfilled, a link to the form for those who may assess it), self-contained, so
  that the Leistung page needs this one line; a fixed number of queries;
- ``{% ergebnis_badge punkt.ergebnis %}``: a result as text with its colour, as in the charts.
"""

from __future__ import annotations

from django import template

from toolkit.tables import badge

from ..berechtigungen import darf_pruefen
from ..charts import ERGEBNIS_FARBEN, grad_text
from ..selectors import ERGEBNIS_TEXT
from ..selectors import servicestandard_checkliste as checkliste_laden

register = template.Library()

NICHT_GEPRUEFT = "nicht geprüft"


@register.simple_tag
def ergebnis_badge(ergebnis: str | None):
    """A result ("erfuellt" …, ``None`` = not assessed) as its word with the colour of the charts."""
    return badge(ERGEBNIS_TEXT.get(ergebnis, NICHT_GEPRUEFT), ERGEBNIS_FARBEN.get(ergebnis, ERGEBNIS_FARBEN[None]))


@register.inclusion_tag("servicestandard/_checkliste.html", takes_context=True)
def servicestandard_checkliste(context, leistung):
    request = context.get("request")
    user = getattr(request, "user", None)
    checkliste = checkliste_laden(leistung)
    return {
        "leistung": leistung,
        "checkliste": checkliste,
        "grad": grad_text(checkliste.zaehlung) if checkliste else "",
        "gruppen": [(g, grad_text(g.zaehlung)) for g in checkliste.gruppen] if checkliste else [],
        "darf_pruefen": checkliste is not None and checkliste.pruefbar and darf_pruefen(user, leistung),
    }
