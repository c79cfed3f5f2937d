"""The rating form: all criteria of the scorecard on one page, for editors (scorecard change permission).

The same fields serve the rating page (:class:`BewertungForm`) and the admin (:func:`bewertung_admin_form`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms

from catalog.versions import conflict_message

from .models import Bewertung, Kriterium, LeistungBewertung
from .services import WAS_BEWERTUNG, Antwort, bewertung_version

NICHT_BEWERTET = "– nicht bewertet –"


def option_field_name(kriterium: Kriterium) -> str:
    return f"kriterium_{kriterium.pk}"


def begruendung_field_name(kriterium: Kriterium) -> str:
    return f"begruendung_{kriterium.pk}"


def bewertung_fields(kriterien: Sequence[Kriterium]) -> dict[str, forms.Field]:
    """One choice (option) and one justification field per criterion, in the criteria's order."""
    fields: dict[str, forms.Field] = {}
    for kriterium in kriterien:
        help_text = kriterium.frage
        if kriterium.vorschlag and "Vorschlag" not in help_text:
            help_text = f"(Vorschlag – bitte prüfen) {help_text}".strip()
        fields[option_field_name(kriterium)] = forms.TypedChoiceField(
            label=kriterium.name,
            choices=[("", NICHT_BEWERTET)] + [(o.pk, str(o)) for o in kriterium.optionen.all()],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            help_text=help_text,
        )
        fields[begruendung_field_name(kriterium)] = forms.CharField(
            label=f"Begründung zu „{kriterium.name}“",
            required=False,
            max_length=500,
            widget=forms.TextInput(attrs={"size": 60}),
        )
    return fields


def initial_values(kriterien: Sequence[Kriterium], bewertungen: Mapping[int, Bewertung]) -> dict[str, object]:
    """The fields' initial values from a Leistung's existing ratings (criterion id → rating)."""
    initial: dict[str, object] = {}
    for kriterium in kriterien:
        rating = bewertungen.get(kriterium.pk)
        initial[option_field_name(kriterium)] = rating.option_id if rating else ""
        initial[begruendung_field_name(kriterium)] = rating.begruendung if rating else ""
    return initial


class _Antworten:
    """Turns the cleaned fields back into the answers the rating service takes."""

    kriterien: Sequence[Kriterium]
    # The ratings' version when the form was shown, so that a stale form cannot overwrite a newer rating.
    bewertung_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def antworten(self) -> dict[Kriterium, Antwort]:
        result = {}
        for kriterium in self.kriterien:
            option_id = self.cleaned_data.get(option_field_name(kriterium))
            options = {o.pk: o for o in kriterium.optionen.all()}
            result[kriterium] = Antwort(
                option=options.get(option_id) if option_id is not None else None,
                begruendung=self.cleaned_data.get(begruendung_field_name(kriterium), ""),
            )
        return result

    def gruppen(self) -> list[tuple[object, list[tuple[Kriterium, forms.BoundField, forms.BoundField]]]]:
        """The bound fields grouped by area, for the template: [(area, [(criterion, option, reason), ...])]."""
        groups: list = []
        for kriterium in self.kriterien:
            if not groups or groups[-1][0].pk != kriterium.bereich_id:
                groups.append((kriterium.bereich, []))
            felder = (self[option_field_name(kriterium)], self[begruendung_field_name(kriterium)])
            groups[-1][1].append((kriterium, *felder))
        return groups


class BewertungForm(_Antworten, forms.Form):
    """All criteria of the scorecard for one Leistung; ``kriterien`` come with area and options prefetched."""

    bewertung_version = _Antworten.bewertung_version

    def __init__(
        self, *args, kriterien: Sequence[Kriterium], bewertungen: Mapping[int, Bewertung], version: int, **kwargs
    ):
        kwargs.setdefault("initial", {**initial_values(kriterien, bewertungen), "bewertung_version": version})
        super().__init__(*args, **kwargs)
        self.kriterien = kriterien
        felder = bewertung_fields(kriterien)
        for field in felder.values():  # the KERN UX look (the admin's form keeps Django's)
            kind = "form-check__radio" if isinstance(field.widget, forms.RadioSelect) else "form-input__input"
            field.widget.attrs["class"] = f"kern-{kind}"
        self.fields.update(felder)


class _BewertungAdminBase(_Antworten, forms.ModelForm):
    """The admin's form of a Leistung's ratings; the Leistung's own fields are not edited here."""

    bewertung_version = _Antworten.bewertung_version

    class Meta:
        model = LeistungBewertung
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            bewertungen = {b.kriterium_id: b for b in Bewertung.objects.filter(leistung_id=self.instance.pk)}
            for name, value in initial_values(self.kriterien, bewertungen).items():
                self.initial.setdefault(name, value)
            self.initial.setdefault("bewertung_version", bewertung_version(self.instance))

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("bewertung_version")
        if self.instance.pk and version is not None and version != bewertung_version(self.instance):
            raise forms.ValidationError(conflict_message([self.instance.schluessel_formatiert], was=WAS_BEWERTUNG))
        return cleaned


def bewertung_admin_form(kriterien: Sequence[Kriterium]) -> type[forms.ModelForm]:
    """A ModelForm class for the admin with one declared field pair per criterion (the admin needs them declared)."""
    attrs = {"kriterien": list(kriterien), **bewertung_fields(kriterien)}
    return type("BewertungAdminForm", (_BewertungAdminBase,), attrs)
