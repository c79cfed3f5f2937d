"""Admin for Erhebungsrunden: the Redaktion opens a round (name, Stichtag, Frist, Ämter), sends the reminders and
closes it; everything else about a round is shown, never edited.

Opening goes through :func:`~erhebungsrunde.services.erhebungsrunde_oeffnen`, reminding through a background task
(:func:`~erhebungsrunde.tasks.erinnerungen_senden_starten`; its page shows the progress, then the result), closing
through :func:`~erhebungsrunde.services.erhebungsrunde_abschliessen` (each asks first on a page of its own). The actions
need the permission to change rounds (the Redaktion); deleting a round needs a superuser.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog.models import Amt
from jobs.models import Job
from jobs.selectors import job_fuer_benutzer, job_stand
from jobs.views import fortschritt_json
from toolkit.formatting import format_date

from .berechtigungen import darf_runde_verwalten
from .charts import fortschritt_zeile
from .models import Erhebungsrunde
from .selectors import erhebungsrunde_fortschritt, person, ruecklauf_text
from .services import erhebungsrunde_abschliessen, erhebungsrunde_oeffnen, erhebungsrunde_pruefen
from .tasks import ART_ERINNERN, bezug, erinnerungen_senden_starten


def _amt_text(amt: Amt) -> str:
    return f"Amt {amt.nummer} – {amt.name}"


class ErhebungsrundeOeffnenForm(forms.ModelForm):
    """Name, Stichtag, Frist and the Ämter asked, checked as the service checks them (all mistakes at once)."""

    aemter = forms.ModelMultipleChoiceField(
        label="Gefragte Ämter",
        queryset=Amt.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vorgabe: jedes Amt mit Leistungen, die von Wiesbaden umzusetzen sind (alle angehakt). Die Runde "
        "fragt nach jeder dieser Leistungen des Amts.",
    )

    class Meta:
        model = Erhebungsrunde
        fields = ["name", "stichtag", "frist"]
        help_texts = {
            "name": "z. B. „Erhebungsstand Dezember 2026“; die Erhebung, die der Abschluss anlegt, heißt genauso.",
            "stichtag": "Zu diesem Tag friert der Abschluss Status und Amt jeder Leistung ein; abschließen lässt sich "
            "die Runde frühestens an diesem Tag.",
            "frist": "Bis zu diesem Tag antworten die Ämter; wer danach noch offen hat, gilt als verspätet.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        aemter = Amt.objects.filter(leistungen__von_wiesbaden_umzusetzen=True).distinct().order_by("nummer")
        self.fields["aemter"].queryset = aemter
        self.fields["aemter"].label_from_instance = _amt_text
        self.fields["aemter"].initial = list(aemter)

    def clean(self):
        cleaned = super().clean()
        name, stichtag, frist = cleaned.get("name"), cleaned.get("stichtag"), cleaned.get("frist")
        if name and stichtag and frist:
            try:
                erhebungsrunde_pruefen(
                    name=name, stichtag=stichtag, frist=frist, aemter=self.nummern(cleaned.get("aemter"))
                )
            except ValidationError as exc:
                for feld, meldungen in exc.message_dict.items():
                    for meldung in meldungen:
                        self.add_error(None if feld == "__all__" else feld, meldung)
        return cleaned

    @staticmethod
    def nummern(aemter) -> list[int] | None:
        return sorted(a.nummer for a in aemter) if aemter else None


@admin.register(Erhebungsrunde)
class ErhebungsrundeAdmin(admin.ModelAdmin):
    form = ErhebungsrundeOeffnenForm
    change_form_template = "admin/erhebungsrunde/erhebungsrunde/change_form.html"
    list_display = ["name", "stichtag_anzeige", "frist_anzeige", "stand", "ruecklauf", "fortschritt_link"]
    list_select_related = ["erhebung"]
    ordering = ["-geoeffnet_am", "-id"]
    search_fields = ["name"]
    anzeige_felder = [
        "name",
        "stichtag_anzeige",
        "frist_anzeige",
        "stand",
        "geoeffnet",
        "erhebung_link",
        "fortschritt_je_amt",
        "erinnerungen",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                gefragt=Count("eintraege"),
                beantwortet=Count("eintraege", filter=~Q(eintraege__antwort="")),
            )
        )

    @admin.display(description="Stichtag", ordering="stichtag")
    def stichtag_anzeige(self, obj):
        return format_date(obj.stichtag)

    @admin.display(description="Frist", ordering="frist")
    def frist_anzeige(self, obj):
        if obj.offen and obj.frist_vorbei:
            return format_html("{} <strong>(abgelaufen)</strong>", format_date(obj.frist))
        return format_date(obj.frist)

    @admin.display(description="Stand", ordering="offen")
    def stand(self, obj):
        if obj.offen:
            return "offen"
        von = f" von {person(obj.abgeschlossen_von)}" if obj.abgeschlossen_von else ""
        return f"abgeschlossen am {format_date(obj.abgeschlossen_am)}{von}"

    @admin.display(description="Rücklauf")
    def ruecklauf(self, obj):
        return ruecklauf_text(obj.beantwortet, obj.gefragt)

    @admin.display(description="im Portal")
    def fortschritt_link(self, obj):
        return format_html(
            '<a href="{}">Fortschritt</a>', reverse("erhebungsrunde:fortschritt", kwargs={"runde_id": obj.pk})
        )

    @admin.display(description="Geöffnet")
    def geoeffnet(self, obj):
        von = f" von {person(obj.geoeffnet_von)}" if obj.geoeffnet_von else ""
        return f"{format_date(obj.geoeffnet_am)} {timezone.localtime(obj.geoeffnet_am):%H:%M}{von}"

    @admin.display(description="Erhebung")
    def erhebung_link(self, obj):
        if obj.erhebung is None:
            return "– (entsteht beim Abschluss)" if obj.offen else "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("dashboard:erhebung", kwargs={"erhebung_id": obj.erhebung_id}), obj.erhebung
        )

    @admin.display(description="Rückmeldungen je Amt")
    def fortschritt_je_amt(self, obj):
        fortschritt = erhebungsrunde_fortschritt(obj)
        zeilen = format_html_join(
            "",
            "<tr><td>{}</td><td class='zahl'>{}</td><td class='zahl'>{}</td><td class='zahl'>{}</td>"
            "<td class='zahl'>{}</td><td class='zahl'>{}</td><td>{}</td></tr>",
            (fortschritt_zeile(a) for a in [*fortschritt.aemter, fortschritt.gesamt]),
        )
        return format_html(
            "<table><thead><tr><th>Amt</th><th>gefragt</th><th>bestätigt</th><th>geändert</th><th>offen</th>"
            "<th>Rücklauf</th><th>Lage</th></tr></thead><tbody>{}</tbody></table>",
            zeilen,
        )

    @admin.display(description="Erinnerungen (die letzten 20)")
    def erinnerungen(self, obj):
        liste = list(obj.erinnerungen.select_related("amt")[:20])
        if not liste:
            return "noch keine"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {}: Amt {}, {} ({} offen){}</li>",
                (
                    (
                        format_date(e.gesendet_am),
                        f"{timezone.localtime(e.gesendet_am):%H:%M}",
                        e.amt.nummer,
                        e.adresse,
                        e.offen,
                        f" – nicht versandt: {e.fehler}" if e.fehler else "",
                    )
                    for e in liste
                ),
            ),
        )

    # --- add: opening through the service; show, never edit ---------------------------------------------------

    def get_fields(self, request, obj=None):
        return ["name", "stichtag", "frist", "aemter"] if obj is None else self.anzeige_felder

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.anzeige_felder

    def get_changeform_initial_data(self, request):
        return {"stichtag": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None):
        return False  # a round is looked at, never edited; its actions have pages of their own

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        runde = erhebungsrunde_oeffnen(
            name=obj.name,
            stichtag=obj.stichtag,
            frist=obj.frist,
            aemter=form.nummern(form.cleaned_data.get("aemter")),
            user=request.user,
        )
        obj.pk, obj.geoeffnet_am, obj.geoeffnet_von = runde.pk, runde.geoeffnet_am, runde.geoeffnet_von

    def save_related(self, request, form, formsets, change):
        pass  # the Ämter are no field of the round: the service asked them

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save_and_add_another": False,
            "darf_verwalten": darf_runde_verwalten(request.user),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:  # another round was opened at the same moment: nothing was written
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    # --- remind and close: a page that asks, then the service -------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/erinnern/",
                self.admin_site.admin_view(self.erinnern_view),
                name="{}_{}_erinnern".format(*info),
            ),
            path(
                "<path:object_id>/erinnern/<uuid:job_id>/",
                self.admin_site.admin_view(self.erinnern_auftrag_view),
                name="{}_{}_erinnern_auftrag".format(*info),
            ),
            path(
                "<path:object_id>/erinnern/<uuid:job_id>/fortschritt.json",
                self.admin_site.admin_view(self.erinnern_fortschritt_view),
                name="{}_{}_erinnern_fortschritt".format(*info),
            ),
            path(
                "<path:object_id>/abschliessen/",
                self.admin_site.admin_view(self.abschliessen_view),
                name="{}_{}_abschliessen".format(*info),
            ),
            *super().get_urls(),
        ]

    def _runde(self, request, object_id) -> Erhebungsrunde:
        if not darf_runde_verwalten(request.user):
            raise PermissionDenied("Erhebungsrunden verwaltet die Redaktion von Amt 15.")
        if not str(object_id).isdigit():
            raise PermissionDenied("Diese Erhebungsrunde gibt es nicht.")
        return get_object_or_404(Erhebungsrunde, pk=int(object_id))

    def _seite(self, request, runde, *, titel, vorlage, **context):
        return TemplateResponse(
            request,
            f"admin/erhebungsrunde/erhebungsrunde/{vorlage}.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "runde": runde,
                "title": titel,
                "fortschritt": erhebungsrunde_fortschritt(runde),
                "change_url": reverse("admin:erhebungsrunde_erhebungsrunde_change", args=[runde.pk]),
                **context,
            },
        )

    def erinnern_view(self, request, object_id):
        """Asks first; POST starts the reminders as a background task and leads to its page (or to the one already
        running for this round)."""
        runde = self._runde(request, object_id)
        zurueck = HttpResponseRedirect(reverse("admin:erhebungsrunde_erhebungsrunde_change", args=[runde.pk]))
        if request.method != "POST":
            return self._seite(request, runde, titel=f"Erinnerungen senden: {runde.name}", vorlage="erinnern")
        try:
            job, neu = erinnerungen_senden_starten(runde=runde, user=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return zurueck
        if not neu and job.user_id != request.user.pk:
            self.message_user(
                request,
                f"Die Erinnerungen dieser Runde werden gerade versandt (begonnen von {person(job.user)} um "
                f"{timezone.localtime(job.angelegt_am):%H:%M} Uhr); ein zweiter Versand beginnt erst, wenn dieser "
                "fertig ist.",
                messages.WARNING,
            )
            return zurueck
        if not neu:
            self.message_user(request, "Die Erinnerungen werden schon versandt; hier der laufende Auftrag.")
        return HttpResponseRedirect(
            reverse("admin:erhebungsrunde_erhebungsrunde_erinnern_auftrag", args=[runde.pk, job.pk])
        )

    def _erinnern_job(self, request, object_id, job_id) -> tuple[Erhebungsrunde, Job]:
        """The round and its reminder job ``job_id``, for the user who started it; 404 for everybody else."""
        runde = self._runde(request, object_id)
        job = job_fuer_benutzer(request.user, job_id)
        if job.art != ART_ERINNERN or job.bezug != bezug(runde):
            raise Http404("Diesen Auftrag gibt es nicht.")
        return runde, job

    def erinnern_auftrag_view(self, request, object_id, job_id):
        """The reminders' job: its progress while it runs, then how many mails went out and which did not, or why
        it failed."""
        runde, job = self._erinnern_job(request, object_id, job_id)
        return self._seite(
            request,
            runde,
            titel=f"Erinnerungen senden: {runde.name}",
            vorlage="erinnern_auftrag",
            job=job,
            stand=job_stand(job),
            ergebnis=job.ergebnis or {},
            fortschritt_url=reverse(
                "admin:erhebungsrunde_erhebungsrunde_erinnern_fortschritt", args=[runde.pk, job.pk]
            ),
        )

    def erinnern_fortschritt_view(self, request, object_id, job_id):
        self._erinnern_job(request, object_id, job_id)
        return fortschritt_json(request, job_id)

    def abschliessen_view(self, request, object_id):
        runde = self._runde(request, object_id)
        zurueck = HttpResponseRedirect(reverse("admin:erhebungsrunde_erhebungsrunde_change", args=[runde.pk]))
        if request.method != "POST":
            return self._seite(
                request, runde, titel=f"Erhebungsrunde abschließen: {runde.name}", vorlage="abschliessen"
            )
        try:
            erhebung = erhebungsrunde_abschliessen(runde=runde, user=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return zurueck
        self.message_user(
            request,
            f"Die Erhebungsrunde „{runde.name}“ ist abgeschlossen; die Erhebung zum Stichtag "
            f"{format_date(erhebung.stichtag)} ist angelegt.",
            messages.SUCCESS,
        )
        return zurueck
