"""The one write page of the portal: an Amtsleitung (or the Redaktion) updates status and notes of a Leistung."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from catalog.berechtigungen import darf_leistung_bearbeiten
from catalog.key_urls import leistung_from_url, not_found
from catalog.models import Leistung, StatusAenderung
from catalog.selectors import statusverlauf_aufsteigend
from catalog.services import VersionKonflikt
from dashboard.forms import LeistungFortschreibenForm
from erhebungsrunde.services import leistung_aendern_mit_rueckmeldung

# ?zurueck=mein-amt: the form was opened from "Mein Amt" and returns there after saving.
ZURUECK_MEIN_AMT = "mein-amt"


@never_cache  # "Back" after saving reloads the form instead of showing an old error page from the cache
@leistung_from_url(Leistung.objects.select_related("status", "amt", "reifegrad"))
def leistung_bearbeiten(request, leistung: Leistung):
    if not darf_leistung_bearbeiten(request.user, leistung):
        # 404, not 403: nobody learns which forms exist for others
        return not_found(request, "Diese Leistung gibt es nicht oder Sie dürfen sie nicht ändern.")
    if request.method == "POST":
        form = LeistungFortschreibenForm(request.POST, leistung=leistung)
        if form.is_valid():
            data = form.cleaned_data
            zeilen = StatusAenderung.objects.filter(leistung=leistung).count()
            vorher = (leistung.status_id, leistung.zusaetzliche_informationen, zeilen)
            try:
                gespeichert = leistung_aendern_mit_rueckmeldung(
                    leistung=leistung,
                    version=data["version"],
                    felder=form.felder(),
                    status=data["status"],
                    gueltig_ab=data["gueltig_ab"],
                    grund=data["grund"],
                    user=request.user,
                )
            except VersionKonflikt as exc:
                form.konflikt = True
                form.add_error(None, exc.meldung())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                hinweis = rueckdatiert_message(vorher=vorher, data=data, ergebnis=gespeichert.leistung)
                if hinweis:
                    messages.warning(request, hinweis)
                elif gespeichert.runde is not None:
                    messages.success(
                        request,
                        "Die Änderung wurde gespeichert; sie zählt zugleich als Rückmeldung zur Erhebungsrunde "
                        f"„{gespeichert.runde.name}“.",
                    )
                else:
                    messages.success(request, "Die Änderung wurde gespeichert.")
                if request.GET.get("zurueck") == ZURUECK_MEIN_AMT:
                    return redirect("dashboard:mein_amt")
                return redirect("dashboard:leistung", schluessel=leistung.leika_schluessel)
    else:
        form = LeistungFortschreibenForm(leistung=leistung)
    return render(
        request,
        "dashboard/leistung_bearbeiten.html",
        {"leistung": leistung, "form": form, "zurueck": request.GET.get("zurueck") == ZURUECK_MEIN_AMT},
    )


def rueckdatiert_message(*, vorher: tuple, data: dict, ergebnis: Leistung) -> str:
    """What to tell the user when the chosen status did not become the current one, else "".

    The service records a back-dated change ("Wartend ab 01.01.2016") but a later change keeps deciding the
    current status; or it writes nothing when the chosen status already was in effect on that date. Either way a
    plain "gespeichert" would suggest the status had changed.
    """
    status_vorher, informationen_vorher, zeilen_vorher = vorher
    status, gueltig_ab = data["status"], data["gueltig_ab"]
    if status is None or status.pk == status_vorher or ergebnis.status_id == status.pk:
        return ""
    verlauf = statusverlauf_aufsteigend(ergebnis)
    spaetere = [z for z in verlauf if z.gueltig_ab > gueltig_ab]
    aktuell = f"aktuell gilt weiter „{ergebnis.status.bezeichnung}“" if ergebnis.status else "aktuell gilt kein Status"
    if spaetere:
        wort = "spätere Änderung" if len(spaetere) == 1 else "spätere Änderungen"
        aktuell += f" ({wort} ab {spaetere[0].gueltig_ab:%d.%m.%Y})"
    if len(verlauf) > zeilen_vorher:
        return f"Gespeichert: „{status.bezeichnung}“ ab {gueltig_ab:%d.%m.%Y}; {aktuell}."
    informationen = (
        "Die zusätzlichen Informationen wurden gespeichert. "
        if ergebnis.zusaetzliche_informationen != informationen_vorher
        else ""
    )
    return (
        f"{informationen}Am {gueltig_ab:%d.%m.%Y} galt bereits „{status.bezeichnung}“; der Statusverlauf bleibt, "
        f"wie er war; {aktuell}."
    )
