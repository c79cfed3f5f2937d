"""Forms of the portal pages (the admin has its own)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from catalog.models import Anmeldung, OnlinePlattform, Reifegrad, Status, StatusBedeutung
from catalog.services import VOR_OZG_BESTAETIGUNG, status_datum_pruefen, version_konflikt

NICHT_ERFASST = "– nicht erfasst –"

# The fields of the online service, in the order the form shows them; what the service writes besides the status.
ONLINE_DIENST_FELDER = ["online_dienst_url", "online_plattform", "anmeldung", "reifegrad"]
FELDER = ["zusaetzliche_informationen", *ONLINE_DIENST_FELDER]


class LeistungFortschreibenForm(forms.Form):
    """The form on a Leistung's page: status with date and reason, the online service, the additional information.

    Every problem is reported at once and once: the form checks what the service would refuse (a missing reason, a
    date in the future) together with its own rules, and a field that already has an error gets no second message.
    A Leistung with a status offers only statuses (a status cannot be removed); one without may keep having none.
    """

    status = forms.ModelChoiceField(queryset=Status.objects.all(), label="Status")
    gueltig_ab = forms.DateField(
        label="Status gültig ab",
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Nur nötig, wenn sich der Status ändert; nicht in der Zukunft.",
    )
    grund = forms.CharField(
        label="Grund der Statusänderung", required=False, max_length=500, help_text="Nur bei einer Statusänderung."
    )
    datum_bestaetigt = forms.BooleanField(label=VOR_OZG_BESTAETIGUNG, required=False)
    online_dienst_url = forms.URLField(
        label="Adresse des Online-Dienstes",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Bitte eine gültige Adresse angeben, z. B. https://www.wiesbaden.de/…"},
        help_text="Wo Bürgerinnen und Bürger den Antrag stellen.",
    )
    online_plattform = forms.ChoiceField(
        label="Plattform", required=False, choices=[("", NICHT_ERFASST), *OnlinePlattform.choices]
    )
    anmeldung = forms.ChoiceField(
        label="Anmeldung (Nutzerkonto)", required=False, choices=[("", NICHT_ERFASST), *Anmeldung.choices]
    )
    reifegrad = forms.ModelChoiceField(
        queryset=Reifegrad.objects.all(), label="Reifegrad", required=False, empty_label=NICHT_ERFASST
    )
    zusaetzliche_informationen = forms.CharField(
        label="zusätzliche Informationen", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    STATUS_FELDER = ("status", "gueltig_ab", "grund", "datum_bestaetigt")
    konflikt = False  # someone else saved the Leistung meanwhile: nothing for the user to correct

    def __init__(self, *args, leistung, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": leistung.status_id,
                "gueltig_ab": timezone.localdate(),
                "version": leistung.version,
                **{name: getattr(leistung, name) for name in FELDER},
            },
        )
        super().__init__(*args, **kwargs)
        self.leistung = leistung
        if leistung.status_id is None:  # nothing to remove: keeping "no status" can be saved
            self.fields["status"].required = False
            self.fields["status"].empty_label = "– noch kein Status (unverändert) –"
        else:
            self.fields["status"].empty_label = None
        # prefixed ids: the form sits on the Leistung page next to other forms
        self.auto_id = "id_bearbeiten_%s"
        for name, field in self.fields.items():  # the KERN UX look, as on the filter forms
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "kern-form-check__input")
                continue
            kind = "select" if isinstance(field.widget, forms.Select) else "input"
            field.widget.attrs.setdefault("class", f"kern-form-input__{kind}")
            if field.help_text:  # the hint is read out with the field
                field.widget.attrs["aria-describedby"] = self.auto_id % name + "_hinweis"

    @property
    def frage_datum(self) -> bool:
        """Whether the confirmation of an early date is asked (shown only then)."""
        return "datum_bestaetigt" in self.errors or bool(self.data.get("datum_bestaetigt"))

    def status_felder(self):
        return [self[name] for name in self.STATUS_FELDER if name != "datum_bestaetigt"]

    def online_felder(self):
        return [self[name] for name in ONLINE_DIENST_FELDER]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is not None and cleaned["version"] != self.leistung.version:
            # self.leistung was loaded for this request: someone saved in between; say so before anything else
            self.konflikt = True
            raise forms.ValidationError(version_konflikt(self.leistung).meldung())
        status = cleaned.get("status")
        if status is not None and status.pk != self.leistung.status_id:
            self._check_change(cleaned)
        self._check_reifegrad(cleaned, status or self.leistung.status)
        return cleaned

    def _check_change(self, cleaned) -> None:
        """A new status needs a date (:func:`~catalog.services.status_datum_pruefen`: not in the future, not before
        2000, before the OZG only when confirmed) and a reason."""
        gueltig_ab = cleaned.get("gueltig_ab")
        if "gueltig_ab" not in self.errors:
            if gueltig_ab is None:
                self.add_error("gueltig_ab", "Bitte angeben, ab wann der neue Status gilt.")
            else:
                try:
                    status_datum_pruefen(gueltig_ab, bestaetigt=bool(cleaned.get("datum_bestaetigt")))
                except forms.ValidationError as exc:
                    self.add_error(None, exc)
        if "grund" not in self.errors and not (cleaned.get("grund") or "").strip():
            self.add_error("grund", "Bitte einen Grund für die Statusänderung angeben.")

    def _check_reifegrad(self, cleaned, status: Status | None) -> None:
        """A service online by its status cannot be "offline": one message, on the Reifegrad."""
        reifegrad = cleaned.get("reifegrad")
        if (
            status is not None
            and status.bedeutung == StatusBedeutung.ERLEDIGT
            and reifegrad is not None
            and reifegrad.stufe == 0
            and "reifegrad" not in self.errors
        ):
            self.add_error(
                "reifegrad",
                f"„{reifegrad}“ passt nicht zum Status „{status}“ (online verfügbar); bitte den Reifegrad des "
                "Online-Dienstes wählen.",
            )

    def felder(self) -> dict:
        """The Leistung's fields as the form changes them (not the status), for the service."""
        return {name: self.cleaned_data[name] for name in FELDER}
