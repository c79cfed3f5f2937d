"""Filter forms (django-filter) in the KERN UX look, with German labels; shown by ``toolkit/_filter.html``."""

from __future__ import annotations

import django_filters as filters
from django import forms

YES_NO = [("", "alle"), ("true", "ja"), ("false", "nein")]


def yes_no_filter(label: str, field_name: str = "", **kwargs) -> filters.BooleanFilter:
    """A yes/no/all select for a boolean field."""
    if field_name:
        kwargs["field_name"] = field_name
    return filters.BooleanFilter(label=label, widget=forms.Select(choices=YES_NO), **kwargs)


class KernFilterSet(filters.FilterSet):
    """A FilterSet whose widgets carry the KERN UX classes and ids ``filter-<name>``; selects offer "alle" as the
    empty choice unless a filter names its own. ``ohne``: filters this page leaves out (the Amt on an Amt's page)."""

    def __init__(self, *args, ohne=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ohne:
            self.filters.pop(name, None)
            self.form.fields.pop(name, None)
        for name, field in self.form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "kern-form-input__select"
                if getattr(field, "empty_label", None) == "---------":
                    field.empty_label = "alle"
            else:
                widget.attrs["class"] = "kern-form-input__input"
            widget.attrs.setdefault("id", f"filter-{name}")
