"""Forms of the portal pages (the admin has its own)."""

from django import forms
from django.utils import timezone

from catalog.models import Status
from catalog.services import version_konflikt


class LeistungFortschreibenForm(forms.Form):
    """The small form on a Leistung's page: status with date and reason, and the additional information."""

    status = forms.ModelChoiceField(
        queryset=Status.objects.all(), label="Status", empty_label="– kein Status –", required=False
    )
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
    zusaetzliche_informationen = forms.CharField(
        label="zusätzliche Informationen", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, leistung, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": leistung.status_id,
                "gueltig_ab": timezone.localdate(),
                "zusaetzliche_informationen": leistung.zusaetzliche_informationen,
                "version": leistung.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.leistung = leistung
        # prefixed ids: the form sits on the Leistung page next to other forms
        self.auto_id = "id_bearbeiten_%s"
        for name, field in self.fields.items():  # the KERN UX look, as on the filter forms
            kind = "select" if isinstance(field.widget, forms.Select) else "input"
            field.widget.attrs.setdefault("class", f"kern-form-input__{kind}")
            if field.help_text:  # the hint is read out with the field
                field.widget.attrs["aria-describedby"] = self.auto_id % name + "_hinweis"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is not None and cleaned["version"] != self.leistung.version:
            # self.leistung was loaded for this request: someone saved in between; say so before anything else
            raise forms.ValidationError(version_konflikt(self.leistung).meldung())
        status = cleaned.get("status")
        if status is None and self.leistung.status_id is not None and "status" not in self.errors:
            self.add_error("status", "Ein gesetzter Status kann nicht entfernt werden; bitte einen Status wählen.")
        elif status is not None and status.pk != self.leistung.status_id:
            if not cleaned.get("gueltig_ab") and "gueltig_ab" not in self.errors:
                self.add_error("gueltig_ab", "Bitte angeben, ab wann der neue Status gilt.")
            if not (cleaned.get("grund") or "").strip():
                self.add_error("grund", "Bitte einen Grund für die Statusänderung angeben.")
        return cleaned
