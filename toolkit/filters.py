"""Filter forms (django-filter) in the KERN UX look, with German labels; shown by ``toolkit/_filter.html``.

A value a filter does not know is an error the form shows, never silently ignored: a yes/no filter takes
``true``/``false`` (what its select sends), ``ja``/``nein`` and ``1``/``0``, and says so for anything else.
"""

from __future__ import annotations

import django_filters as filters
from django import forms

YES_NO = [("", "alle"), ("true", "ja"), ("false", "nein")]
YES = {"true", "ja", "1"}
NO = {"false", "nein", "0"}


class YesNoField(forms.NullBooleanField):
    """Yes, no or empty (all); any other value is invalid (Django's NullBooleanField would take it as empty)."""

    default_error_messages = {
        "invalid": "„%(value)s“ ist keine gültige Angabe; möglich sind „ja“ und „nein“.",
    }

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})


class YesNoFilter(filters.BooleanFilter):
    field_class = YesNoField


def yes_no_filter(label: str, field_name: str = "", **kwargs) -> filters.BooleanFilter:
    """A yes/no/all select for a boolean field."""
    if field_name:
        kwargs["field_name"] = field_name
    return YesNoFilter(label=label, widget=forms.Select(choices=YES_NO), **kwargs)


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
