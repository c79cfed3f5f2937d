"""The plan on a Leistung's page, in one line of its template: ``{% load planung %}{% leistung_plan leistung %}``.

Renders ``planung/_leistung.html``: the expected quarter, how the plan got there (by capacity, pinned, held back,
none), the Vorgabe with its reason, and a missed Rollout-Frist; or why the plan has no row for the service.
"""

from __future__ import annotations

from django import template

from ..selectors import leistung_planung

register = template.Library()


@register.inclusion_tag("planung/_leistung.html")
def leistung_plan(leistung):
    return {"leistung": leistung, "planung": leistung_planung(leistung)}
