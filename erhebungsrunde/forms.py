"""The answer form of ``/rueckmeldung/``: one row per open Leistung of the Amt, built from its
:class:`~erhebungsrunde.selectors.RueckmeldungZeile`.

Per row: ``antwort_<id>`` (leave open, "unverändert bestätigen", "Status ändern"), for a change the new status, the
day it holds from (empty: today; before the OZG came into force only when confirmed, as on the status form) and the
reason, an optional comment, and the Leistung's version as the page showed
it (hidden). Every mistake is reported at its row, all at once, and nothing is saved until all is right; nothing a
user typed is dropped silently (details without a choice are an error). The service checks again when it writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Status
from catalog.services import VOR_OZG_BESTAETIGUNG, status_datum_pruefen

from .selectors import RueckmeldungZeile
from .services import GRUND_MAX, KOMMENTAR_MAX, Rueckmeldung

OFFEN, BESTAETIGEN, AENDERN = "", "bestaetigen", "aendern"
WAHL = [(OFFEN, "noch offen"), (BESTAETIGEN, "unverändert bestätigen"), (AENDERN, "Status ändern")]
FELDER = ("antwort", "status", "gueltig_ab", "datum_bestaetigt", "grund", "kommentar", "version")


def feldname(feld: str, eintrag_id: int) -> str:
    return f"{feld}_{eintrag_id}"


@dataclass
class FormZeile:
    """One open Leistung on the form: what is saved now, its fields, and whether it changed meanwhile."""

    zeile: RueckmeldungZeile
    antwort: forms.BoundField
    status: forms.BoundField
    gueltig_ab: forms.BoundField
    datum_bestaetigt: forms.BoundField
    grund: forms.BoundField
    kommentar: forms.BoundField
    version: forms.BoundField
    konflikt: bool = False

    @property
    def fehler(self) -> list[str]:
        return [
            m
            for feld in (self.antwort, self.status, self.gueltig_ab, self.datum_bestaetigt, self.grund, self.kommentar)
            for m in feld.errors
        ]

    @property
    def frage_datum(self) -> bool:
        """Whether the confirmation of a date before the OZG is asked (shown only then, as on the status form)."""
        return bool(self.datum_bestaetigt.errors or self.datum_bestaetigt.value())


class RueckmeldungForm(forms.Form):
    def __init__(self, *args, zeilen: Sequence[RueckmeldungZeile], statuses: Sequence[Status], **kwargs):
        super().__init__(*args, **kwargs)
        self.zeilen = [z for z in zeilen if z.offen]
        self.statuses = {s.pk: s for s in statuses}
        self.konflikte: set[int] = set()
        status_wahl = [("", "– bitte wählen –"), *((s.pk, s.bezeichnung) for s in statuses)]
        for z in self.zeilen:
            n = z.eintrag_id
            self.fields[feldname("antwort", n)] = forms.ChoiceField(
                label=f"Rückmeldung zu {z.bezeichnung}",
                choices=WAHL,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
            )
            self.fields[feldname("status", n)] = forms.TypedChoiceField(
                label="neuer Status", choices=status_wahl, coerce=int, empty_value=None, required=False
            )
            self.fields[feldname("gueltig_ab", n)] = forms.DateField(
                label="gültig ab",
                required=False,
                input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[feldname("datum_bestaetigt", n)] = forms.BooleanField(
                label=VOR_OZG_BESTAETIGUNG,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "kern-form-check__input"}),
            )
            self.fields[feldname("grund", n)] = forms.CharField(
                label="Grund der Änderung",
                required=False,
                max_length=GRUND_MAX,
                error_messages={"max_length": f"Der Grund darf höchstens {GRUND_MAX} Zeichen lang sein."},
            )
            self.fields[feldname("kommentar", n)] = forms.CharField(
                label="Kommentar",
                required=False,
                max_length=KOMMENTAR_MAX,
                error_messages={"max_length": f"Der Kommentar darf höchstens {KOMMENTAR_MAX} Zeichen lang sein."},
            )
            self.fields[feldname("version", n)] = forms.IntegerField(
                widget=forms.HiddenInput, initial=z.version, min_value=0
            )
            self.initial.setdefault(feldname("version", n), z.version)
        for name, field in self.fields.items():  # the KERN UX look and ids that name the row
            field.widget.attrs.setdefault("id", f"id_{name}")
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "kern-form-input__select")
            elif not isinstance(field.widget, forms.RadioSelect | forms.HiddenInput | forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "kern-form-input__input")

    @classmethod
    def nach_konflikt(cls, data, *, zeilen, statuses, konflikte: set[int]) -> RueckmeldungForm:
        """The form again after a conflict: the rows changed or answered meanwhile show what is saved now (their
        own answer cleared, the current version taken); every other row keeps what the user entered."""
        daten = data.copy()
        for z in zeilen:
            if z.eintrag_id in konflikte:
                for feld in FELDER:
                    daten.pop(feldname(feld, z.eintrag_id), None)
                daten[feldname("version", z.eintrag_id)] = str(z.version)
        form = cls(daten, zeilen=zeilen, statuses=statuses)
        form.konflikte = konflikte
        return form

    def formzeilen(self) -> list[FormZeile]:
        return [
            FormZeile(
                zeile=z,
                konflikt=z.eintrag_id in self.konflikte,
                **{feld: self[feldname(feld, z.eintrag_id)] for feld in FELDER},
            )
            for z in self.zeilen
        ]

    def clean(self):
        cleaned = super().clean()
        heute = timezone.localdate()
        for z in self.zeilen:
            n = z.eintrag_id
            antwort = cleaned.get(feldname("antwort", n), OFFEN)
            status_id = cleaned.get(feldname("status", n))
            gueltig_ab = cleaned.get(feldname("gueltig_ab", n))
            grund = (cleaned.get(feldname("grund", n)) or "").strip()
            kommentar = (cleaned.get(feldname("kommentar", n)) or "").strip()
            if status_id is not None and status_id not in self.statuses:
                self.add_error(feldname("status", n), "Diesen Status gibt es nicht.")
                continue
            if antwort == AENDERN:
                if status_id is None:
                    self.add_error(feldname("status", n), "Bitte den neuen Status wählen.")
                elif status_id == z.status_id:
                    self.add_error(
                        feldname("status", n),
                        f"„{z.status}“ ist schon der aktuelle Status; bitte „unverändert bestätigen“ wählen.",
                    )
                if not grund:
                    self.add_error(feldname("grund", n), "Bitte einen Grund für die Statusänderung angeben.")
                if gueltig_ab is not None:
                    bestaetigt = bool(cleaned.get(feldname("datum_bestaetigt", n)))
                    try:
                        status_datum_pruefen(gueltig_ab, bestaetigt=bestaetigt, today=heute)
                    except ValidationError as exc:
                        for feld, meldungen in exc.message_dict.items():
                            self.add_error(feldname(feld, n), meldungen[0])
            elif antwort == BESTAETIGEN:
                if status_id is not None or grund or gueltig_ab is not None:
                    self.add_error(
                        feldname("antwort", n),
                        "Sie haben einen neuen Status angegeben: bitte „Status ändern“ wählen oder die Angaben zur "
                        "Änderung leeren.",
                    )
                elif z.status_id is None:
                    self.add_error(
                        feldname("antwort", n), "Die Leistung hat noch keinen Status; bitte „Status ändern“ wählen."
                    )
            elif status_id is not None or grund or gueltig_ab is not None or kommentar:
                self.add_error(
                    feldname("antwort", n),
                    "Sie haben Angaben gemacht, aber keine Rückmeldung gewählt: bitte „unverändert bestätigen“ oder "
                    "„Status ändern“ wählen, sonst gingen die Angaben verloren.",
                )
        return cleaned

    def _rueckmeldung(self, z: RueckmeldungZeile) -> Rueckmeldung:
        n, c = z.eintrag_id, self.cleaned_data
        status_id = c.get(feldname("status", n)) if c.get(feldname("antwort", n)) == AENDERN else None
        return Rueckmeldung(
            eintrag_id=n,
            version=c[feldname("version", n)],
            status=self.statuses[status_id] if status_id is not None else None,
            gueltig_ab=c.get(feldname("gueltig_ab", n)),
            grund=(c.get(feldname("grund", n)) or "").strip(),
            kommentar=(c.get(feldname("kommentar", n)) or "").strip(),
        )

    def gewaehlt(self) -> list[RueckmeldungZeile]:
        return [z for z in self.zeilen if self.cleaned_data.get(feldname("antwort", z.eintrag_id))]

    def uebrige(self) -> list[RueckmeldungZeile]:
        """The rows left open that "alle übrigen unverändert bestätigen" confirms (those with a status)."""
        return [
            z
            for z in self.zeilen
            if not self.cleaned_data.get(feldname("antwort", z.eintrag_id)) and z.status_id is not None
        ]

    def ohne_status(self) -> list[RueckmeldungZeile]:
        """Rows left open that cannot be confirmed: their Leistung has no status yet."""
        return [
            z
            for z in self.zeilen
            if not self.cleaned_data.get(feldname("antwort", z.eintrag_id)) and z.status_id is None
        ]

    def rueckmeldungen(self, *, mit_uebrigen: bool = False) -> list[Rueckmeldung]:
        """The cleaned form as the service takes it: the chosen rows, and with ``mit_uebrigen`` every other row
        with a status, confirmed unchanged."""
        gewaehlt = [self._rueckmeldung(z) for z in self.gewaehlt()]
        if mit_uebrigen:
            gewaehlt += [
                Rueckmeldung(eintrag_id=z.eintrag_id, version=self.cleaned_data[feldname("version", z.eintrag_id)])
                for z in self.uebrige()
            ]
        return gewaehlt

    def aenderungen(self) -> list[tuple[RueckmeldungZeile, Status, dt.date | None]]:
        """The chosen changes, for the confirmation step: row, new status, from when."""
        return [(z, r.status, r.gueltig_ab) for z in self.gewaehlt() if (r := self._rueckmeldung(z)).status is not None]

    def fehlerliste(self) -> list[tuple[str, str]]:
        """Every field error as (the field's id, "Leistung: message"), for the links above the form."""
        namen = {z.eintrag_id: z.bezeichnung for z in self.zeilen}
        liste = []
        for name, meldungen in self.errors.items():
            if name not in self.fields:
                continue
            eintrag_id = int(name.rsplit("_", 1)[1])
            ziel = self[name].id_for_label if not name.startswith("antwort_") else f"zeile-{eintrag_id}"
            liste += [(ziel, f"{namen[eintrag_id]}: {meldung}") for meldung in meldungen]
        return liste
