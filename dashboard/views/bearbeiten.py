"""The one write page of the portal: an Amtsleitung (or the Redaktion) updates status and notes of a Leistung."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from catalog.berechtigungen import darf_leistung_bearbeiten
from catalog.keys import InvalidKey, normalize_key
from catalog.models import Leistung
from catalog.services import VersionKonflikt, leistung_fortschreiben
from dashboard.forms import LeistungFortschreibenForm


def leistung_zum_bearbeiten(request, schluessel: str) -> Leistung:
    """The Leistung if this user may change it; otherwise 404, so that nobody learns what exists elsewhere."""
    try:
        digits = normalize_key(schluessel)
    except InvalidKey:
        raise Http404 from None
    leistung = Leistung.objects.select_related("status", "amt").filter(leika_schluessel=digits).first()
    if leistung is None or not darf_leistung_bearbeiten(request.user, leistung):
        raise Http404("Diese Leistung gibt es nicht oder Sie dürfen sie nicht ändern.")
    return leistung


def leistung_bearbeiten(request, schluessel: str):
    leistung = leistung_zum_bearbeiten(request, schluessel)
    if request.method == "POST":
        form = LeistungFortschreibenForm(request.POST, leistung=leistung)
        if form.is_valid():
            data = form.cleaned_data
            try:
                leistung_fortschreiben(
                    leistung=leistung,
                    version=data["version"],
                    zusaetzliche_informationen=data["zusaetzliche_informationen"],
                    status=data["status"],
                    gueltig_ab=data["gueltig_ab"],
                    grund=data["grund"],
                    user=request.user,
                )
            except VersionKonflikt as exc:
                form.add_error(None, exc.meldung())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Die Änderung wurde gespeichert.")
                return redirect("dashboard:leistung", schluessel=leistung.leika_schluessel)
    else:
        form = LeistungFortschreibenForm(leistung=leistung)
    return render(request, "dashboard/leistung_bearbeiten.html", {"leistung": leistung, "form": form})
