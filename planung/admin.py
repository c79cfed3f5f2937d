"""The implementation plan in the Django admin (Redaktion Amt 15): capacities per quarter with their limits, and
Vorgaben for single services. Every save and delete goes through :mod:`planung.services` (version checks)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect

from catalog.admin.verlauf import VerlaufAdmin
from catalog.models import StatusBedeutung

from .models import Kapazitaet, Planvorgabe, Teilkapazitaet
from .plan import Art
from .quartal import Quartal
from .services import (
    Teil,
    VersionKonflikt,
    kapazitaet_loeschen,
    kapazitaet_speichern,
    planvorgabe_aufheben,
    planvorgabe_pruefen,
    planvorgabe_setzen,
    teile_pruefen,
)


class _VersionForm(forms.ModelForm):
    """A form that remembers the version it was shown with and refuses a save on an outdated one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    was = "Der Datensatz"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            aktuell = type(self.instance).objects.filter(pk=self.instance.pk).first()
            if aktuell is None or cleaned.get("version") != aktuell.version:
                raise forms.ValidationError(VersionKonflikt(self.was, aktuell).messages)
        return cleaned


class _ServiceAdmin(VerlaufAdmin):
    """Saves through a service; a version conflict found only while saving is reported, nothing is written.

    ``version`` is listed in ``fields`` so that the change page carries it (as a hidden input), and excluded from
    the model part of the form because the model field is not editable: the form's own field carries it.
    """

    exclude = ["version"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:  # VersionKonflikt, or a rule broken by a save racing this one
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except VersionKonflikt as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)


# --- capacities --------------------------------------------------------------------------------------------------


class KapazitaetForm(_VersionForm):
    was = "Die Kapazität dieses Quartals"

    class Meta:
        model = Kapazitaet
        fields = ["jahr", "quartal", "anzahl", "bemerkung"]


class TeileFormSet(BaseInlineFormSet):
    """The limits of a quarter: each for an Amt or a platform, none above the total, none twice."""

    def teile(self) -> list[Teil]:
        return [
            Teil(
                anzahl=f.cleaned_data["anzahl"],
                amt=f.cleaned_data.get("amt"),
                plattform=f.cleaned_data.get("plattform"),
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("anzahl") is not None
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        gesamt = self.instance.anzahl
        if gesamt is not None:
            teile_pruefen(self.teile(), gesamt)


class TeilkapazitaetInline(admin.TabularInline):
    model = Teilkapazitaet
    formset = TeileFormSet
    fields = ["amt", "plattform", "anzahl"]
    extra = 1
    verbose_name = "Grenze für ein Amt oder eine Plattform"
    verbose_name_plural = (
        "Grenzen für einzelne Ämter oder Plattformen (je Zeile entweder ein Amt oder eine Plattform; jede Grenze "
        "ist eine Obergrenze innerhalb der Gesamtkapazität)"
    )


@admin.register(Kapazitaet)
class KapazitaetAdmin(_ServiceAdmin):
    form = KapazitaetForm
    fields = ["jahr", "quartal", "anzahl", "bemerkung", "geaendert_von", "geaendert_am", "version"]
    inlines = [TeilkapazitaetInline]
    list_display = ["quartal_anzeige", "anzahl", "grenzen", "bemerkung", "geaendert_von", "geaendert_am"]
    list_filter = ["jahr"]
    ordering = ["jahr", "quartal"]
    readonly_fields = ["geaendert_von", "geaendert_am"]
    actions = None  # deleting goes through the service one quarter at a time

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("geaendert_von")
            .prefetch_related("teile__amt", "teile__plattform")
        )

    @admin.display(description="Quartal", ordering="jahr")
    def quartal_anzeige(self, obj):
        return str(obj.quartal_wert)

    @admin.display(description="Grenzen")
    def grenzen(self, obj):
        return "; ".join(str(t) for t in obj.teile.all()) or "–"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "subtitle": "Je Quartal: wie viele Leistungen höchstens online gehen können, insgesamt und je Amt oder "
            "Plattform. Ein Quartal ohne Kapazität nimmt keine Leistung auf.",
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        pass  # saved together with its limits in save_related, through the service

    def save_formset(self, request, form, formset, change):
        pass  # the limits are saved by the service

    def save_related(self, request, form, formsets, change):
        daten = form.cleaned_data
        kapazitaet_speichern(
            quartal=Quartal(daten["jahr"], daten["quartal"]),
            anzahl=daten["anzahl"],
            teile=[teil for formset in formsets for teil in formset.teile()],
            bemerkung=daten.get("bemerkung") or "",
            kapazitaet=form.instance,
            version=daten.get("version"),
            user=request.user,
        )
        for formset in formsets:  # the admin's change message reads these; the history has the details
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request, obj):
        kapazitaet_loeschen(kapazitaet=obj, version=obj.version, user=request.user)


# --- Vorgaben ----------------------------------------------------------------------------------------------------


class PlanvorgabeForm(_VersionForm):
    was = "Die Vorgabe für diese Leistung"

    class Meta:
        model = Planvorgabe
        fields = ["leistung", "art", "jahr", "quartal", "grund"]
        help_texts = {
            "jahr": "nur bei „in einem Quartal festgelegt“",
            "quartal": "nur bei „in einem Quartal festgelegt“; ab dem laufenden Quartal",
            "grund": "Warum die Leistung festgelegt oder zurückgestellt wird (erscheint im Plan).",
        }

    def quartal_wert(self) -> Quartal | None:
        jahr, nummer = self.cleaned_data.get("jahr"), self.cleaned_data.get("quartal")
        if jahr and nummer:
            return Quartal(jahr, nummer)
        if jahr or nummer:
            raise ValidationError({"quartal": "Bitte Jahr und Quartal angeben (oder beides leer lassen)."})
        return None

    def _post_clean(self):
        pass  # the model's own checks run in the service; clean() gives the same rules as field errors

    def clean(self):
        cleaned = super().clean()
        leistung, art = cleaned.get("leistung"), cleaned.get("art")
        if leistung is None or art is None:
            return cleaned
        try:
            planvorgabe_pruefen(
                leistung=leistung, art=Art(art), grund=cleaned.get("grund"), quartal=self.quartal_wert()
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        if not self.instance.pk and Planvorgabe.objects.filter(leistung=leistung).exists():
            self.add_error("leistung", "Für diese Leistung gibt es schon eine Vorgabe; bitte diese ändern.")
        return cleaned


@admin.register(Planvorgabe)
class PlanvorgabeAdmin(_ServiceAdmin):
    form = PlanvorgabeForm
    fields = ["leistung", "art", "jahr", "quartal", "grund", "erfasst_von", "erfasst_am", "version"]
    autocomplete_fields = ["leistung"]
    list_display = ["leistung", "amt", "art", "quartal_anzeige", "grund", "erfasst_von", "erfasst_am", "wirkung"]
    list_filter = ["art", "jahr"]
    list_select_related = ["leistung__amt", "leistung__status", "erfasst_von"]
    search_fields = ["leistung__bezeichnung", "leistung__leika_schluessel", "grund"]
    readonly_fields = ["erfasst_von", "erfasst_am"]
    actions = None  # removing goes through the service one Vorgabe at a time

    @admin.display(description="Amt", ordering="leistung__amt__nummer")
    def amt(self, obj):
        return obj.leistung.amt.nummer if obj.leistung.amt else "–"

    @admin.display(description="Quartal", ordering="jahr")
    def quartal_anzeige(self, obj):
        return str(obj.quartal_wert) if obj.quartal_wert else "–"

    @admin.display(description="Wirkung")
    def wirkung(self, obj):
        leistung = obj.leistung
        if not leistung.von_wiesbaden_umzusetzen:
            return "keine: nicht von Wiesbaden umzusetzen"
        if leistung.status and leistung.status.bedeutung == StatusBedeutung.ERLEDIGT:
            return "keine: schon online verfügbar"
        if leistung.status and leistung.status.bedeutung == StatusBedeutung.AUSSER_BETRACHT:
            return "keine: außer Betracht"
        return "wirkt im Plan"

    def save_model(self, request, obj, form, change):
        daten = form.cleaned_data
        planvorgabe_setzen(
            leistung=daten["leistung"],
            art=Art(daten["art"]),
            grund=daten["grund"],
            quartal=form.quartal_wert(),
            planvorgabe=obj,
            version=daten.get("version"),
            user=request.user,
        )

    def delete_model(self, request, obj):
        planvorgabe_aufheben(planvorgabe=obj, version=obj.version, user=request.user)
