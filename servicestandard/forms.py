"""The assessment form: every principle of the Fassung on one form, each with a result and a short note.

The fields are built from a Leistung's :class:`~servicestandard.selectors.Checkliste` (its stored results are
the initial values, its version goes back as a hidden field). Every mistake is reported at its field, all at
once; the assessment service (:func:`~servicestandard.services.leistung_pruefen`) checks the rights, the version
and the rules again when it writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms

from .models import Erfuellung, Prinzip
from .selectors import Checkliste, CheckPunkt
from .services import NOTIZ_MAX, Eintrag

NICHT_GEPRUEFT = "nicht geprüft"


def ergebnis_name(prinzip_id: int) -> str:
    return f"ergebnis_{prinzip_id}"


def notiz_name(prinzip_id: int) -> str:
    return f"notiz_{prinzip_id}"


@dataclass
class FormPunkt:
    """One principle on the form: its stored state, its two fields, and whether what the form holds differs
    from what is stored (shown after a conflict)."""

    punkt: CheckPunkt
    ergebnis: forms.BoundField
    notiz: forms.BoundField
    abweichend: bool = False


class PruefungForm(forms.Form):
    # The assessment's version when the form was shown; a form based on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, checkliste: Checkliste, **kwargs):
        initial = {"version": checkliste.version}
        for punkt in self._punkte(checkliste):
            initial[ergebnis_name(punkt.prinzip.id)] = punkt.ergebnis or ""
            initial[notiz_name(punkt.prinzip.id)] = punkt.notiz
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.checkliste = checkliste
        for punkt in self._punkte(checkliste):
            prinzip = punkt.prinzip
            self.fields[ergebnis_name(prinzip.id)] = forms.ChoiceField(
                label=prinzip.titel,
                choices=[*Erfuellung.choices, ("", NICHT_GEPRUEFT)],
                required=False,
                widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
            )
            self.fields[notiz_name(prinzip.id)] = forms.CharField(
                label=f"Notiz zu Prinzip {prinzip.nummer}",
                required=False,
                max_length=NOTIZ_MAX,
                widget=forms.TextInput(attrs={"class": "kern-form-input__input"}),
                error_messages={
                    "max_length": f"Die Notiz darf höchstens {NOTIZ_MAX} Zeichen lang sein (jetzt %(show_value)d)."
                },
            )

    @staticmethod
    def _punkte(checkliste: Checkliste) -> list[CheckPunkt]:
        return [punkt for gruppe in checkliste.gruppen for punkt in gruppe.punkte]

    def clean(self):
        cleaned = super().clean()
        for punkt in self._punkte(self.checkliste):
            nummer, pid = punkt.prinzip.nummer, punkt.prinzip.id
            if cleaned.get(notiz_name(pid)) and not cleaned.get(ergebnis_name(pid)):
                self.add_error(
                    notiz_name(pid),
                    f"Eine Notiz braucht ein Ergebnis: bitte für Prinzip {nummer} ein Ergebnis wählen oder die "
                    "Notiz leeren.",
                )
        return cleaned

    def eintraege(self, prinzipien: Mapping[int, Prinzip]) -> dict[Prinzip, Eintrag]:
        """The cleaned form as the service takes it (principle id → its model); "nicht geprüft" removes a result."""
        return {
            prinzipien[punkt.prinzip.id]: Eintrag(
                ergebnis=self.cleaned_data.get(ergebnis_name(punkt.prinzip.id)) or None,
                notiz=self.cleaned_data.get(notiz_name(punkt.prinzip.id), ""),
            )
            for punkt in self._punkte(self.checkliste)
        }

    def fehlerliste(self) -> list[tuple[str, str]]:
        """Every field error as (the field's id, "label: message"), for the links above the form."""
        return [
            (self[name].id_for_label, f"{self.fields[name].label}: {meldung}")
            for name, meldungen in self.errors.items()
            if name in self.fields
            for meldung in meldungen
        ]

    def gruppen(self) -> list[tuple[str, list[FormPunkt]]]:
        """The fields by group, for the template; ``abweichend`` marks what differs from the stored state."""
        result = []
        for gruppe in self.checkliste.gruppen:
            zeilen = []
            for punkt in gruppe.punkte:
                ergebnis, notiz = self[ergebnis_name(punkt.prinzip.id)], self[notiz_name(punkt.prinzip.id)]
                abweichend = self.is_bound and (
                    (ergebnis.value() or "") != (punkt.ergebnis or "") or (notiz.value() or "").strip() != punkt.notiz
                )
                zeilen.append(FormPunkt(punkt=punkt, ergebnis=ergebnis, notiz=notiz, abweichend=abweichend))
            result.append((gruppe.name, zeilen))
        return result
