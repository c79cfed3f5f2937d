"""The Servicestandard in the Django admin: its Fassungen with their groups, and the principles.

A later version of the standard is added here without code: a new Fassung (with the day from which it
applies), its groups in the Fassung's form, then its principles. Assessments are not edited here but on the
Leistung's page and by the import (``import_servicestandard``), through :mod:`servicestandard.services`.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count

from catalog.admin.verlauf import VerlaufAdmin

from .models import Fassung, Gruppe, Prinzip


class GruppeInline(admin.TabularInline):
    model = Gruppe
    fields = ["name", "reihenfolge"]

    def get_extra(self, request, obj=None, **kwargs):
        return 6 if obj is None else 1


@admin.register(Fassung)
class FassungAdmin(VerlaufAdmin):
    list_display = ["name", "gueltig_ab", "anzahl_gruppen", "anzahl_prinzipien", "quelle"]
    search_fields = ["name"]
    fields = ["name", "gueltig_ab", "quelle"]
    inlines = [GruppeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _gruppen=Count("gruppen", distinct=True),
                _prinzipien=Count("gruppen__prinzipien", distinct=True),
            )
        )

    @admin.display(description="Gruppen", ordering="_gruppen")
    def anzahl_gruppen(self, obj):
        return obj._gruppen

    @admin.display(description="Prinzipien", ordering="_prinzipien")
    def anzahl_prinzipien(self, obj):
        return obj._prinzipien


class GruppeAuswahl(forms.ModelChoiceField):
    """Groups of several Fassungen share names; the choice names the Fassung too."""

    def label_from_instance(self, obj):
        return f"{obj.fassung} · {obj.name}"


class PrinzipForm(forms.ModelForm):
    gruppe = GruppeAuswahl(queryset=Gruppe.objects.select_related("fassung"), label="Gruppe")

    class Meta:
        model = Prinzip
        fields = ["gruppe", "nummer", "kurztitel", "text"]


@admin.register(Prinzip)
class PrinzipAdmin(VerlaufAdmin):
    form = PrinzipForm
    list_display = ["nummer", "kurztitel", "gruppe", "fassung"]
    list_display_links = ["nummer", "kurztitel"]
    list_filter = ["gruppe__fassung", "gruppe__name"]
    list_select_related = ["gruppe__fassung"]
    search_fields = ["kurztitel", "text"]
    ordering = ["-gruppe__fassung__gueltig_ab", "nummer"]

    @admin.display(description="Fassung", ordering="gruppe__fassung__gueltig_ab")
    def fassung(self, obj):
        return obj.gruppe.fassung
