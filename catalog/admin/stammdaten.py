"""Admin for the master data and the Leistungsbündel."""

from django.contrib import admin

from catalog.models import Amt, Benutzerprofil, Lebenslage, Leistungsbuendel, Reifegrad, Ressort, Status, Themenfeld
from toolkit.admin import SafeChangeListMixin

from .verlauf import VerlaufAdmin


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


@admin.register(Amt)
class AmtAdmin(VerlaufAdmin):
    list_display = ["nummer", "name", "kurzname"]
    search_fields = ["=nummer", "name", "kurzname"]


@admin.register(Status)
class StatusAdmin(VerlaufAdmin):
    list_display = ["bezeichnung", "bedeutung", "farbe", "reihenfolge"]
    list_editable = ["reihenfolge"]


@admin.register(Reifegrad)
class ReifegradAdmin(admin.ModelAdmin):
    list_display = ["stufe", "bezeichnung", "ozg_konform"]
    search_fields = ["bezeichnung"]


@admin.register(Leistungsbuendel)
class LeistungsbuendelAdmin(VerlaufAdmin):
    list_display = ["ozg_id", "name", "themenfeld", "efa", "ozg_booster", "umsetzendes_land", "rollout_frist"]
    list_filter = ["themenfeld", "efa", "ozg_booster", "umsetzendes_land"]
    list_select_related = ["themenfeld"]
    search_fields = ["ozg_id", "name"]
    autocomplete_fields = ["themenfeld", "lebenslage"]
    fieldsets = [
        (None, {"fields": ["ozg_id", "name", "themenfeld", "lebenslage"]}),
        (
            "Einer für Alle (EfA) und OZG-Booster",
            {
                "fields": ["efa", "umsetzendes_land", "ozg_booster", "nachnutzbar_ab", "rollout_frist"],
            },
        ),
    ]


@admin.register(Benutzerprofil)
class BenutzerprofilAdmin(admin.ModelAdmin):
    list_display = ["user", "amt"]
    list_select_related = ["user", "amt"]
    autocomplete_fields = ["user", "amt"]
    search_fields = ["user__username", "user__last_name"]
