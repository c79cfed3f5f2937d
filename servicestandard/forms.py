"""The assessment form: every principle of the Fassung on one form, each with a result and a short note.

The fields are built from a Leistung's :class:`~servicestandard.selectors.Checkliste` (its stored results are
the initial values, its version goes back as a hidden field). Every mistake is reported at its field, all at
once; the assessment service (:func:`~servicestandard.services.leistung_pruefen`) checks the rights, the version
and the rules again when it writes.

The form also carries what it showed (``vorher``, hidden): after a conflict, :meth:`PruefungForm.nach_konflikt`
keeps what the user changed and shows the new stored state wherever the user changed nothing, so that saving
again overwrites only what the user meant to change.
"""

from __future__ import annotations

import json
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
    """One principle on the form: its stored state, its two fields, and whether the user changed it while someone
    else did (shown after a conflict)."""

    punkt: CheckPunkt
    ergebnis: forms.BoundField
    notiz: forms.BoundField
    konflikt: bool = False


def _stand(checkliste: Checkliste) -> dict[str, list[str]]:
    """What the form shows of each principle: principle id → [result or "", note]."""
    return {
        str(punkt.prinzip.id): [punkt.ergebnis or "", punkt.notiz]
        for gruppe in checkliste.gruppen
        for punkt in gruppe.punkte
    }


class PruefungForm(forms.Form):
    # The assessment's version when the form was shown; a form based on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # What the form showed (JSON, see _stand): after a conflict, what the user left alone takes the new state.
    vorher = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def nach_konflikt(cls, data, *, checkliste: Checkliste) -> PruefungForm:
        """The form again after a conflict, bound to what is stored now (``checkliste``, its version): a principle
        the user changed keeps the user's entry, one the user left as it was shows the new stored state."""
        try:
            vorher = json.loads(data.get("vorher") or "{}")
        except ValueError:
            vorher = {}
        daten, konflikte = data.copy(), set()
        for pid, jetzt in _stand(checkliste).items():
            eigen = [data.get(ergebnis_name(pid), ""), (data.get(notiz_name(pid)) or "").strip()]
            gesehen = vorher.get(pid) if isinstance(vorher, dict) else None
            if gesehen == eigen:  # left alone: the new state
                daten[ergebnis_name(pid)], daten[notiz_name(pid)] = jetzt
            elif eigen != jetzt and gesehen != jetzt:  # changed by both (or unknown what the user saw)
                konflikte.add(int(pid))
        daten["version"] = checkliste.version
        daten["vorher"] = json.dumps(_stand(checkliste))
        form = cls(daten, checkliste=checkliste)
        form.konflikte = konflikte
        return form

    def __init__(self, *args, checkliste: Checkliste, **kwargs):
        initial = {"version": checkliste.version, "vorher": json.dumps(_stand(checkliste))}
        for punkt in self._punkte(checkliste):
            initial[ergebnis_name(punkt.prinzip.id)] = punkt.ergebnis or ""
            initial[notiz_name(punkt.prinzip.id)] = punkt.notiz
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.checkliste = checkliste
        self.konflikte: set[int] = set()  # principles changed both here and meanwhile (after a conflict)
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
        """The fields by group, for the template; ``konflikt`` marks what the user and someone else changed."""
        result = []
        for gruppe in self.checkliste.gruppen:
            zeilen = []
            for punkt in gruppe.punkte:
                ergebnis, notiz = self[ergebnis_name(punkt.prinzip.id)], self[notiz_name(punkt.prinzip.id)]
                konflikt = punkt.prinzip.id in self.konflikte
                zeilen.append(FormPunkt(punkt=punkt, ergebnis=ergebnis, notiz=notiz, konflikt=konflikt))
            result.append((gruppe.name, zeilen))
        return result
