"""Admin for Erhebungen: Amt 15 makes one (name + Stichtag); afterwards it can only be looked at.

Making goes through :func:`catalog.services.erhebung_anlegen`, which freezes the statuses. An Erhebung cannot
be edited; deleting one needs a superuser. Its frozen per-status counts are shown read-only.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog.models import Erhebung
from catalog.selectors import erhebung_stand, vorherige_erhebung
from catalog.services import erhebung_anlegen, erhebung_pruefen
from toolkit.formatting import format_date, format_difference, format_percent


class ErhebungAnlegenForm(forms.ModelForm):
    """Name and Stichtag of a new Erhebung, checked as the service checks them (future date, duplicate name)."""

    class Meta:
        model = Erhebung
        fields = ["name", "stichtag"]
        help_texts = {
            "name": "z. B. „Erhebungsstand Mai 2022“; der Name muss eindeutig sein.",
            "stichtag": "Zu diesem Tag werden Status und Amt jeder von Wiesbaden umzusetzenden Leistung "
            "eingefroren (nicht in der Zukunft).",
        }

    def clean(self):
        cleaned = super().clean()
        name, stichtag = cleaned.get("name"), cleaned.get("stichtag")
        if name and stichtag:
            try:
                erhebung_pruefen(name=name, stichtag=stichtag)
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


@admin.register(Erhebung)
class ErhebungAdmin(admin.ModelAdmin):
    form = ErhebungAnlegenForm
    list_display = ["name", "stichtag_anzeige", "anzahl_leistungen", "erstellt_von", "erstellt_am"]
    list_select_related = ["erstellt_von"]
    ordering = ["-stichtag", "-id"]
    search_fields = ["name"]
    anzeige_felder = ["name", "stichtag", "erstellt_von", "erstellt_am", "stand_je_status"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(anzahl=Count("eintraege"))

    @admin.display(description="Stichtag", ordering="stichtag")
    def stichtag_anzeige(self, obj):
        return format_date(obj.stichtag)

    @admin.display(description="Leistungen", ordering="anzahl")
    def anzahl_leistungen(self, obj):
        return obj.anzahl

    @admin.display(description="Stand je Status (eingefroren)")
    def stand_je_status(self, obj):
        stand = erhebung_stand(erhebung=obj)
        vorher = vorherige_erhebung(obj)
        frueher = erhebung_stand(erhebung=vorher).nach_status() if vorher else None
        zeilen = format_html_join(
            "",
            "<tr><td>{}</td><td class='zahl'>{}</td><td class='zahl'>{}</td><td class='zahl'>{}</td></tr>",
            (
                (
                    z.bezeichnung,
                    z.anzahl,
                    format_percent(z.anteil, 1),
                    format_difference(z.anzahl - frueher.get(z.bezeichnung, 0)) if frueher is not None else "–",
                )
                for z in stand.status
            ),
        )
        vergleich = f"seit „{vorher.name}“" if vorher else "keine frühere Erhebung"
        return format_html(
            "<p>{}</p><table><thead><tr><th>Status</th><th>Anzahl</th><th>Anteil</th><th>Veränderung ({})</th>"
            "</tr></thead><tbody>{}</tbody></table><p>Online verfügbar: {} ({}), noch umzusetzen: {} ({})</p>",
            stand.basis.text,
            vergleich,
            zeilen,
            stand.online,
            format_percent(stand.online_anteil, 1),
            stand.noch_umzusetzen,
            format_percent(stand.noch_umzusetzen_anteil, 1),
        )

    def get_fields(self, request, obj=None):
        return ["name", "stichtag"] if obj is None else self.anzeige_felder

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.anzeige_felder

    def get_changeform_initial_data(self, request):
        return {"stichtag": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None):
        return False  # frozen: an Erhebung is never edited

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        erhebung = erhebung_anlegen(name=obj.name, stichtag=obj.stichtag, user=request.user)
        obj.pk, obj.name, obj.erstellt_von, obj.erstellt_am = (
            erhebung.pk,
            erhebung.name,
            erhebung.erstellt_von,
            erhebung.erstellt_am,
        )

    def get_deleted_objects(self, objs, request):
        """A summary instead of one line per frozen row (hundreds per Erhebung)."""
        objs = list(objs)
        eintraege = sum(obj.eintraege.count() for obj in objs)
        zeilen = [f"Erhebung: {obj}" for obj in objs]
        return zeilen, {"Erhebungen": len(objs), "eingefrorene Einträge": eintraege}, set(), []
