"""Forms of the catalogue admin: a status change always comes with a date and a reason."""

from django import forms
from django.utils import timezone

from catalog.keys import InvalidKey, normalize_key
from catalog.models import Leistung, Status
from catalog.services import VOR_OZG_BESTAETIGUNG, status_datum_pruefen, version_konflikt


class StatusChangeFields(forms.Form):
    """Date and reason of a status change (for the edit form and the bulk action), checked as on the portal's
    status form (:func:`~catalog.services.status_datum_pruefen`): not in the future, not before 2000, before the
    OZG came into force only with the confirmation."""

    status_gueltig_ab = forms.DateField(
        label="Status gültig ab",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Ab welchem Tag der neue Status gilt (nicht in der Zukunft).",
    )
    status_datum_bestaetigt = forms.BooleanField(
        label=VOR_OZG_BESTAETIGUNG, required=False, help_text="Nur nötig, wenn das Datum vor dem OZG liegt."
    )
    status_grund = forms.CharField(label="Grund der Statusänderung", required=False, max_length=500)

    def datum_pruefen(self, cleaned) -> None:
        """Add the date's errors to the form (once, on the field the check names)."""
        gueltig_ab = cleaned.get("status_gueltig_ab")
        if gueltig_ab is None or "status_gueltig_ab" in self.errors:
            return
        try:
            status_datum_pruefen(gueltig_ab, bestaetigt=bool(cleaned.get("status_datum_bestaetigt")))
        except forms.ValidationError as exc:
            for feld, meldungen in exc.message_dict.items():
                self.add_error(f"status_{feld}", meldungen)


class LeistungAdminForm(forms.ModelForm):
    """The Leistung edit form. The status is not saved by the form: a changed status goes through the status
    service in ``LeistungAdmin.save_model`` and needs a date and a reason."""

    # Wider than the stored 14 digits: editors type keys with dots or spaces; clean_leika_schluessel normalises.
    leika_schluessel = forms.CharField(
        label="LeiKa-Schlüssel", max_length=40, help_text="14 Ziffern, auch mit Punkten, z. B. 99.050.042.000.000"
    )
    neuer_status = forms.ModelChoiceField(
        queryset=Status.objects.all(), required=False, label="Status", empty_label="– kein Status –"
    )
    # the version the page was loaded with (not named "version": that is the model's own, non-editable field)
    gesehene_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status_gueltig_ab = StatusChangeFields.base_fields["status_gueltig_ab"]
    status_datum_bestaetigt = StatusChangeFields.base_fields["status_datum_bestaetigt"]
    status_grund = StatusChangeFields.base_fields["status_grund"]

    class Meta:
        model = Leistung
        fields = [f.name for f in Leistung._meta.fields if f.editable and f.name not in {"id", "status"}]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neuer_status"].initial = self.instance.status_id
        self.fields["gesehene_version"].initial = self.instance.version
        self.fields["status_gueltig_ab"].initial = timezone.localdate()
        self.fields["leika_schluessel"].widget.attrs.setdefault("placeholder", "99.050.042.000.000")

    def clean_leika_schluessel(self):
        try:
            return normalize_key(self.cleaned_data.get("leika_schluessel"))
        except InvalidKey as exc:
            raise forms.ValidationError(exc.messages) from exc

    datum_pruefen = StatusChangeFields.datum_pruefen

    @property
    def status_changed(self) -> bool:
        new = self.cleaned_data.get("neuer_status")
        return new is not None and new.pk != self.instance.status_id

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Leistung.objects.get(pk=self.instance.pk)
            if cleaned.get("gesehene_version") != current.version:
                raise forms.ValidationError(version_konflikt(current).meldung())
        new = cleaned.get("neuer_status")
        if new is None and self.instance.status_id is not None:
            self.add_error(
                "neuer_status", "Ein gesetzter Status kann nicht entfernt werden; bitte einen Status wählen."
            )
        elif self.status_changed:
            if not cleaned.get("status_gueltig_ab") and "status_gueltig_ab" not in self.errors:
                self.add_error("status_gueltig_ab", "Bitte angeben, ab wann der neue Status gilt.")
            self.datum_pruefen(cleaned)
            if not (cleaned.get("status_grund") or "").strip():
                self.add_error("status_grund", "Bitte einen Grund für die Statusänderung angeben.")
        return cleaned


class BulkStatusForm(StatusChangeFields):
    """The intermediate form of the bulk action "Status setzen…"."""

    status = forms.ModelChoiceField(queryset=Status.objects.all(), label="Neuer Status")
    field_order = ["status", "status_gueltig_ab", "status_datum_bestaetigt", "status_grund"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_gueltig_ab"].required = True
        self.fields["status_grund"].required = True
        self.fields["status_gueltig_ab"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        self.datum_pruefen(cleaned)
        return cleaned
