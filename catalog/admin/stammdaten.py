"""Admin for the master data and the Leistungsbündel."""

from django import forms
from django.contrib import admin

from catalog.models import (
    KURZNAME_LAENGE,
    Amt,
    Benutzerprofil,
    Lebenslage,
    Leistungsbuendel,
    Reifegrad,
    Ressort,
    Status,
    Themenfeld,
)
from catalog.versions import check_versions
from toolkit.admin import SafeChangeListMixin

from .verlauf import VerlaufAdmin

WAS_BUENDEL = ("Das OZG-Leistungsbündel", "OZG-Leistungsbündel")


@admin.register(Themenfeld)
class ThemenfeldAdmin(admin.ModelAdmin):
    list_display = ["name", "reihenfolge"]
    search_fields = ["name"]


@admin.register(Lebenslage)
class LebenslageAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "themenfeld"]
    list_filter = ["themenfeld"]
    list_select_related = ["themenfeld"]
    search_fields = ["name"]


@admin.register(Ressort)
class RessortAdmin(admin.ModelAdmin):
    list_display = ["name", "kurzname"]
    search_fields = ["name", "kurzname"]


class AmtForm(forms.ModelForm):
    """The Amt with its short name for charts and slides ("33 Bürgeramt"), short enough to stand beside a bar."""

    class Meta:
        model = Amt
        fields = ["nummer", "name", "kurzname"]
        help_texts = {
            "kurzname": f"Wie Diagramme und Foliensatz das Amt nennen, nach der Nummer: „Bürgeramt“ ergibt „33 "
            f"Bürgeramt“. Höchstens {KURZNAME_LAENGE} Zeichen; leer: der Name ohne „Amt für“, gekürzt.",
        }

    def clean_kurzname(self):
        kurzname = self.cleaned_data.get("kurzname", "").strip()
        if len(kurzname) > KURZNAME_LAENGE:
            raise forms.ValidationError(
                f"Der Kurzname hat {len(kurzname)} Zeichen; höchstens {KURZNAME_LAENGE} passen neben einen Balken. "
                "Bitte kürzer fassen, z. B. „Jugend und Familie“ statt „Amt für Jugend und Familie“."
            )
        return kurzname


@admin.register(Amt)
class AmtAdmin(VerlaufAdmin):
    form = AmtForm
    list_display = ["nummer", "name", "kurzname", "kurzbezeichnung"]
    search_fields = ["=nummer", "name", "kurzname"]

    @admin.display(description="in Diagrammen")
    def kurzbezeichnung(self, amt: Amt) -> str:
        return amt.kurzbezeichnung


@admin.register(Status)
class StatusAdmin(VerlaufAdmin):
    list_display = ["bezeichnung", "bedeutung", "farbe", "reihenfolge"]
    list_editable = ["reihenfolge"]


@admin.register(Reifegrad)
class ReifegradAdmin(admin.ModelAdmin):
    list_display = ["stufe", "bezeichnung", "ozg_konform"]
    search_fields = ["bezeichnung"]


class LeistungsbuendelForm(forms.ModelForm):
    """The Bündel form carries the version it was loaded with: a save based on an older one is refused."""

    # the version the page was loaded with (not named "version": that is the model's own, non-editable field)
    gesehene_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gesehene_version"].initial = self.instance.version


@admin.register(Leistungsbuendel)
class LeistungsbuendelAdmin(VerlaufAdmin):
    form = LeistungsbuendelForm
    list_display = ["ozg_id", "name", "themenfeld", "efa", "ozg_booster", "umsetzendes_land", "rollout_frist"]
    list_filter = ["themenfeld", "efa", "ozg_booster", "umsetzendes_land"]
    list_select_related = ["themenfeld"]
    search_fields = ["ozg_id", "name__fold_contains"]
    autocomplete_fields = ["themenfeld", "lebenslage"]
    fieldsets = [
        (None, {"fields": ["ozg_id", "name", "themenfeld", "lebenslage", "gesehene_version"]}),
        (
            "Einer für Alle (EfA) und OZG-Booster",
            {
                "fields": ["efa", "umsetzendes_land", "ozg_booster", "nachnutzbar_ab", "rollout_frist"],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        if change:  # lock, compare with the version the form showed, raise it (the import does the same)
            gesperrt = check_versions(
                Leistungsbuendel.objects,
                {obj.pk: form.cleaned_data.get("gesehene_version")},
                beschreibung=lambda row: row.ozg_id,
                fields=("ozg_id",),
                was=WAS_BUENDEL,
            )
            obj.version = gesperrt[obj.pk][0] + 1
        super().save_model(request, obj, form, change)


@admin.register(Benutzerprofil)
class BenutzerprofilAdmin(admin.ModelAdmin):
    list_display = ["user", "amt"]
    list_select_related = ["user", "amt"]
    autocomplete_fields = ["user", "amt"]
    search_fields = ["user__username", "user__last_name"]
