"""The scorecard in the Django admin: areas and weights, criteria and options, and each Leistung's ratings.

Rules kept here: the weights of all areas add up to 100 %; a criterion has at least two options and its best
option is worth more than 0 points. Ratings are written through :func:`scorecard.services.leistung_bewerten`.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse

from catalog.admin.verlauf import VerlaufAdmin
from catalog.keys import key_filter
from toolkit.admin import SafeChangeListMixin

from .forms import begruendung_field_name, bewertung_admin_form, option_field_name
from .models import Bereich, Kriterium, LeistungBewertung, Option, comparison_key
from .selectors import bewertung_aufschluesselung, bewertungskriterien, bewertungsverlauf, ergebnisse, gewicht_text
from .services import leistung_bewerten


def _gewichtsfehler(summe: Decimal) -> str:
    return (
        f"Die Gewichte aller Bereiche müssen zusammen genau 100 % ergeben; so wären es {gewicht_text(summe)}. "
        "Es wurde nichts gespeichert."
    )


# --- areas and weights -------------------------------------------------------------------------------------------


class BereichForm(forms.ModelForm):
    """One area's form: its weight may only change if all weights still add up to 100 %."""

    class Meta:
        model = Bereich
        fields = ["name", "gewicht", "reihenfolge"]

    def clean(self):
        cleaned = super().clean()
        gewicht = cleaned.get("gewicht")
        if gewicht is None:
            return cleaned
        others = Bereich.objects.exclude(pk=self.instance.pk).aggregate(s=Sum("gewicht"))["s"] or Decimal(0)
        if others + gewicht != 100:
            self.add_error(
                "gewicht",
                _gewichtsfehler(others + gewicht)
                + " Um Gewicht von einem Bereich auf einen anderen zu verschieben, ändern Sie die Gewichte "
                "gemeinsam in der Liste der Bereiche.",
            )
        return cleaned


class GewichteFormSet(BaseModelFormSet):
    """The weights edited together in the list of areas: saved only if they add up to 100 %."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        edited = {}
        for form in self.forms:
            if form.instance.pk is not None and "gewicht" in form.cleaned_data:
                edited[form.instance.pk] = form.cleaned_data["gewicht"]
        rest = Bereich.objects.exclude(pk__in=edited).aggregate(s=Sum("gewicht"))["s"] or Decimal(0)
        summe = rest + sum(edited.values(), Decimal(0))
        if summe != 100:
            raise ValidationError(_gewichtsfehler(summe))


@admin.register(Bereich)
class BereichAdmin(VerlaufAdmin):
    form = BereichForm
    list_display = ["name", "gewicht", "reihenfolge", "anzahl_kriterien"]
    list_display_links = ["name"]
    list_editable = ["gewicht", "reihenfolge"]
    actions = None  # no bulk delete: removing an area with weight would break the 100 %
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_kriterien=Count("kriterien"))

    @admin.display(description="Kriterien", ordering="_kriterien")
    def anzahl_kriterien(self, obj):
        return obj._kriterien

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("formset", GewichteFormSet)
        return super().get_changelist_formset(request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "subtitle": "Gewichte gemeinsam ändern: Sie müssen zusammen 100 % ergeben.",
        }
        return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        bereich = self.get_object(request, object_id)
        if bereich is not None and bereich.gewicht:
            self.message_user(
                request,
                f"Der Bereich „{bereich.name}“ hat ein Gewicht von {gewicht_text(bereich.gewicht)} und kann nicht "
                "gelöscht werden. Verteilen Sie sein Gewicht zuerst in der Liste der Bereiche auf die anderen "
                "Bereiche (Gewicht 0 %).",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:scorecard_bereich_change", args=[bereich.pk]))
        return super().delete_view(request, object_id, extra_context)


# --- criteria and options ----------------------------------------------------------------------------------------


class OptionenFormSet(BaseInlineFormSet):
    """A criterion's options: at least two, distinct labels, the best worth more than 0 points."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("bezeichnung")
        ]
        if len(kept) < 2:
            raise ValidationError("Ein Kriterium braucht mindestens zwei Antwortoptionen.")
        if max(data.get("punkte") or 0 for data in kept) <= 0:
            raise ValidationError("Die beste Antwortoption eines Kriteriums muss mehr als 0 Punkte haben.")
        seen = {}
        for data in kept:
            key = comparison_key(data["bezeichnung"])
            if key in seen:
                raise ValidationError(
                    f"Die Antwortoptionen „{seen[key]}“ und „{data['bezeichnung']}“ unterscheiden sich nur in "
                    "Groß-/Kleinschreibung oder Leerzeichen; der Import könnte sie nicht unterscheiden."
                )
            seen[key] = data["bezeichnung"]


class OptionInline(admin.TabularInline):
    model = Option
    formset = OptionenFormSet
    fields = ["bezeichnung", "punkte", "reihenfolge"]
    ordering = ["reihenfolge", "-punkte", "id"]

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 1


@admin.register(Kriterium)
class KriteriumAdmin(VerlaufAdmin):
    list_display = ["name", "bereich", "reihenfolge", "optionen_anzeige", "vorschlag"]
    list_filter = ["bereich", "vorschlag"]
    list_select_related = ["bereich"]
    search_fields = ["name", "frage"]
    fields = ["bereich", "name", "frage", "reihenfolge", "vorschlag"]
    inlines = [OptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("optionen")

    @admin.display(description="Antwortoptionen (Punkte)")
    def optionen_anzeige(self, obj):
        return " / ".join(f"{o.bezeichnung} {o.punkte}" for o in obj.optionen.all())


# --- each Leistung's ratings -------------------------------------------------------------------------------------


@admin.register(LeistungBewertung)
class LeistungBewertungAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """A Leistung's ratings: the breakdown read-only, all criteria editable on one page."""

    list_display = ["schluessel", "bezeichnung", "amt_nummer", "status", "gesamtwert"]
    list_display_links = ["schluessel", "bezeichnung"]
    list_select_related = ["amt", "status"]
    list_filter = ["von_wiesbaden_umzusetzen", "status", "amt"]
    search_fields = ["bezeichnung"]
    search_help_text = "Suche nach Bezeichnung oder LeiKa-Schlüssel"
    list_per_page = 50
    readonly_fields = ["schluessel", "bezeichnung", "amt", "status", "aufschluesselung", "verlauf"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _kriterien(self, request):
        # Loaded once per request: get_fieldsets and get_form both need them.
        if not hasattr(request, "_scorecard_kriterien"):
            request._scorecard_kriterien = bewertungskriterien()
        return request._scorecard_kriterien

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["schluessel", "bezeichnung", "amt", "status", "bewertung_version"]}),
            ("Aufschlüsselung", {"fields": ["aufschluesselung"]}),
        ]
        bereich = None
        for kriterium in self._kriterien(request):
            if bereich is None or bereich.pk != kriterium.bereich_id:
                bereich = kriterium.bereich
                fieldsets.append((f"Bewertung: {bereich}", {"fields": []}))
            fieldsets[-1][1]["fields"].append((option_field_name(kriterium), begruendung_field_name(kriterium)))
        fieldsets.append(("Verlauf der Bewertungen", {"fields": ["verlauf"], "classes": ["collapse"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = bewertung_admin_form(self._kriterien(request))
        return super().get_form(request, obj, change, **kwargs)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        scores = ergebnisse(obj.pk for obj in changelist.result_list)
        for obj in changelist.result_list:
            obj.scorecard_ergebnis = scores[obj.pk]
        return changelist

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if (schluessel := key_filter(search_term)) is not None:
            results |= queryset.filter(schluessel)
        return results, may_have_duplicates

    @admin.display(description="LeiKa-Schlüssel", ordering="leika_schluessel")
    def schluessel(self, obj):
        return obj.schluessel_formatiert

    @admin.display(description="Amt", ordering="amt__nummer")
    def amt_nummer(self, obj):
        return obj.amt.nummer if obj.amt else "–"

    @admin.display(description="Gesamtwert")
    def gesamtwert(self, obj):
        ergebnis = getattr(obj, "scorecard_ergebnis", None)
        return ergebnis.anzeige if ergebnis is not None else "–"

    @admin.display(description="Aufschlüsselung")
    def aufschluesselung(self, obj):
        return render_to_string(
            "scorecard/_aufschluesselung.html", {"aufschluesselung": bewertung_aufschluesselung(obj)}
        )

    @admin.display(description="Verlauf")
    def verlauf(self, obj):
        return render_to_string("scorecard/_verlauf.html", {"verlauf": bewertungsverlauf(obj)})

    def save_model(self, request, obj, form, change):
        # The Leistung itself is not edited here; only its ratings, through the rating service.
        leistung_bewerten(
            leistung=obj,
            antworten=form.antworten(),
            user=request.user,
            version=form.cleaned_data.get("bewertung_version"),
        )

    def save_related(self, request, form, formsets, change):
        """Nothing else to save: the ratings were written in :meth:`save_model`."""
