"""Admin for the LeiKa-Leistungen and their status history."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.exporting import leistungen_export
from catalog.keys import ist_ziffernfolge, key_filter
from catalog.models import Leistung, StatusAenderung
from catalog.services import (
    VersionKonflikt,
    leistung_aendern,
    leistung_status_setzen,
    leistungen_anlegen,
    leistungen_status_setzen,
)
from toolkit.admin import SafeChangeListMixin
from toolkit.export import ExportFormatError, check_format, export_response
from toolkit.formatting import format_number

from .forms import BulkStatusForm, LeistungAdminForm
from .verlauf import VerlaufAdmin

# the form's fields that are the Leistung's own (not the status: the status service writes it)
_LEISTUNG_FELDER = {f.name for f in Leistung._meta.concrete_fields if f.editable and f.name != "status"}


def _posted_version(request, pk) -> int:
    value = request.POST.get(f"version_{pk}", "")
    return int(value) if ist_ziffernfolge(value) else -1


def status_badge(status):
    if status is None:
        return "–"
    return format_html(  # an SVG fill, not a style attribute: the CSP allows no inline styles
        '<svg class="statusfarbe" aria-hidden="true"><rect fill="{}"/></svg>{}', status.farbe, status.bezeichnung
    )


class StatusAenderungInline(admin.TabularInline):
    """The status history of one Leistung, read-only: it is written by the status service alone."""

    model = StatusAenderung
    fk_name = "leistung"
    extra = 0
    can_delete = False
    fields = ["gueltig_ab", "alter_status", "neuer_status", "grund", "erfasst_von", "erfasst_am"]
    readonly_fields = fields
    ordering = ["-gueltig_ab", "-erfasst_am", "-id"]
    verbose_name_plural = "Statusverlauf"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("alter_status", "neuer_status", "erfasst_von")


@admin.register(Leistung)
class LeistungAdmin(VerlaufAdmin):
    form = LeistungAdminForm
    list_display = [
        "schluessel",
        "bezeichnung",
        "amt_nummer",
        "status_anzeige",
        "von_wiesbaden_umzusetzen",
        "buendel_id_anzeige",
    ]
    list_display_links = ["schluessel", "bezeichnung"]
    list_select_related = ["amt", "status", "buendel"]
    list_filter = [
        "amt",
        "status",
        "buendel__themenfeld",
        "vollzugsebene",
        "von_wiesbaden_umzusetzen",
        "buendel__efa",
        "buendel__ozg_booster",
        "reifegrad",
    ]
    search_fields = ["bezeichnung__fold_contains"]  # any capitalisation, umlauts included (toolkit.search)
    search_help_text = "Suche nach Bezeichnung (Groß-/Kleinschreibung egal) oder LeiKa-Schlüssel (mit oder ohne Punkte)"
    autocomplete_fields = ["buendel", "amt", "ressort", "reifegrad"]
    inlines = [StatusAenderungInline]
    actions = ["status_setzen"]
    list_per_page = 50
    readonly_fields = ["angelegt_am", "geaendert_am"]
    fieldsets = [
        (
            None,
            {"fields": ["leika_schluessel", "vorlaeufig", "bezeichnung", "buendel", "leika_typ", "gesehene_version"]},
        ),
        ("Zuständigkeiten", {"fields": ["ressort", "vollzugsebene", "von_wiesbaden_umzusetzen", "amt"]}),
        (
            "Status",
            {
                "description": "Eine Statusänderung wird mit Datum und Grund im Statusverlauf festgehalten.",
                "fields": [
                    "neuer_status",
                    "status_gueltig_ab",
                    "status_datum_bestaetigt",
                    "status_grund",
                    "zusaetzliche_informationen",
                ],
            },
        ),
        (
            "Umsetzung",
            {
                "fields": ["antraege_pro_jahr", "reifegrad", "online_dienst_url", "online_plattform", "anmeldung"],
            },
        ),
        ("Katalog", {"fields": ["rechtsgrundlage", "nicht_mehr_im_katalog_seit", "angelegt_am", "geaendert_am"]}),
    ]

    @admin.display(description="LeiKa-Schlüssel", ordering="leika_schluessel")
    def schluessel(self, obj):
        return obj.schluessel_formatiert + (" (vorl.)" if obj.vorlaeufig else "")

    @admin.display(description="Amt", ordering="amt__nummer")
    def amt_nummer(self, obj):
        return obj.amt.nummer if obj.amt else "–"

    @admin.display(description="Status", ordering="status__reihenfolge")
    def status_anzeige(self, obj):
        return status_badge(obj.status)

    @admin.display(description="OZG-ID", ordering="buendel__ozg_id")
    def buendel_id_anzeige(self, obj):
        return obj.buendel.ozg_id if obj.buendel else "–"

    def get_search_results(self, request, queryset, search_term):
        """Search by name, and by LeiKa key (or its beginning) in any notation: dotted, spaced, as a number."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return results | _nach_schluessel(queryset, search_term, "leika_schluessel"), may_have_duplicates

    def save_model(self, request, obj, form, change):
        """Through the services: a change with the version the form was loaded with (locked and compared again,
        so that a save racing another one is refused too; ``VersionKonflikt`` rolls everything back, see
        :meth:`changeform_view`), a new Leistung set-based, a status with its date and reason."""
        status = form.cleaned_data["neuer_status"] if form.status_changed else None
        gueltig_ab, grund = form.cleaned_data["status_gueltig_ab"], form.cleaned_data["status_grund"]
        if change:
            felder = {name: form.cleaned_data[name] for name in form.changed_data if name in _LEISTUNG_FELDER}
            leistung_aendern(
                leistung=obj,
                version=form.cleaned_data["gesehene_version"],
                felder=felder,
                status=status,
                gueltig_ab=gueltig_ab,
                grund=grund,
                user=request.user,
            )
            return
        zeile = {
            field.attname: getattr(obj, field.attname)
            for field in obj._meta.concrete_fields
            if field.editable and not field.primary_key and field.name != "status"
        }
        obj.pk = leistungen_anlegen(zeilen=[zeile], user=request.user)[obj.leika_schluessel]
        obj._state.adding = False
        if status is not None:
            leistung_status_setzen(leistung=obj, status=status, gueltig_ab=gueltig_ab, grund=grund, user=request.user)

    def get_urls(self):
        from .importieren import import_urls

        return import_urls(self) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        """The list; with ``?export=xlsx`` / ``?export=csv`` the rows it shows (filters, search, order, all pages)
        as a file in the columns the catalogue import reads, so that the file can be imported again."""
        if "export" in request.GET:
            return self._export(request)
        extra_context = {**(extra_context or {}), "darf_importieren": self.has_change_permission(request)}
        return super().changelist_view(request, extra_context)

    def _export(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        request.GET = request.GET.copy()
        fmt = request.GET.pop("export")[-1]
        try:
            fmt = check_format(fmt)
            changelist = self.get_changelist_instance(request)
        except ExportFormatError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return export_response(
            leistungen_export(changelist.queryset),
            filename=f"leistungen-{timezone.localdate():%Y-%m-%d}",
            fmt=fmt,
            sheet_title="Leistungen",
        )

    @admin.action(description="Status setzen …", permissions=["change"])
    def status_setzen(self, request, queryset):
        """Set one status on the selected Leistungen, with date and reason, through the status service."""
        if "apply" in request.POST:
            form = BulkStatusForm(request.POST)
            if form.is_valid():
                try:
                    leistungen = list(queryset)
                    changed = leistungen_status_setzen(
                        aenderungen=[
                            (leistung, form.cleaned_data["status"], form.cleaned_data["status_gueltig_ab"])
                            for leistung in leistungen
                        ],
                        # the versions the editor saw on the intermediate page
                        versionen={leistung.pk: _posted_version(request, leistung.pk) for leistung in leistungen},
                        grund=form.cleaned_data["status_grund"],
                        user=request.user,
                    )
                except VersionKonflikt as exc:
                    self.message_user(request, f"Nichts geändert. {exc.meldung()}", messages.ERROR)
                    return None
                except ValidationError as exc:
                    self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                    return None
                unchanged = len(leistungen) - changed
                leistungen_text = "1 Leistung" if changed == 1 else f"{format_number(changed)} Leistungen"
                hatten = "hatte" if unchanged == 1 else "hatten"
                self.message_user(
                    request,
                    f"Status „{form.cleaned_data['status']}“ für {leistungen_text} gesetzt"
                    + (f"; {format_number(unchanged)} {hatten} diesen Status bereits." if unchanged else "."),
                    messages.SUCCESS,
                )
                return None
        else:
            form = BulkStatusForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Status setzen",
            "opts": self.model._meta,
            "changelist_url": reverse("admin:catalog_leistung_changelist"),
            "form": form,
            "leistungen": queryset.select_related("status"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalog/leistung/status_setzen.html", context)


def _nach_schluessel(queryset, search_term: str, feld: str):
    """The rows whose LeiKa key (in ``feld``) is the term in any notation, or begins with it (:func:`key_filter`)."""
    bedingung = key_filter(search_term, feld)
    return queryset.none() if bedingung is None else queryset.filter(bedingung)


@admin.register(StatusAenderung)
class StatusAenderungAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """All status changes, for auditing; read-only."""

    list_display = ["leistung", "gueltig_ab", "alter_status", "neuer_status", "grund", "erfasst_von", "erfasst_am"]
    list_select_related = ["leistung", "alter_status", "neuer_status", "erfasst_von"]
    list_filter = ["neuer_status", "gueltig_ab"]
    date_hierarchy = "gueltig_ab"
    search_fields = ["leistung__bezeichnung", "grund"]
    search_help_text = "Suche nach Bezeichnung, Grund oder LeiKa-Schlüssel (mit oder ohne Punkte)"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return results | _nach_schluessel(queryset, search_term, "leistung__leika_schluessel"), may_have_duplicates

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
