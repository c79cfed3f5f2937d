"""``/mein-amt/``: an Amtsleitung's start page. Its Amt's figures today, what needs its attention (gaps in what is
recorded, overdue OZG-Booster services, statuses unchanged for a long time, the open services by priority) and, on
every row, the way to change the status. Figures from the selectors, a fixed number of queries."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from catalog.berechtigungen import benutzer_amt, darf_amt_bearbeiten
from catalog.models import Leistung
from catalog.selectors import amt_handlungsbedarf, status_stand
from scorecard.selectors import rangliste

PRIORITAETEN = 10


def mein_amt(request):
    amt = benutzer_amt(request.user)
    if amt is None:
        return render(request, "dashboard/mein_amt.html", {"amt": None})
    heute = timezone.localdate()
    hat_leistungen = Leistung.objects.filter(amt=amt).exists()
    context = {"amt": amt, "stand": heute, "hat_leistungen": hat_leistungen}
    if hat_leistungen:
        prioritaeten = rangliste(auswahl=Leistung.objects.filter(amt=amt))
        context |= {
            "kennzahlen": status_stand(stichtag=heute, amt=amt),
            "bedarf": amt_handlungsbedarf(amt=amt, heute=heute),
            "prioritaeten": prioritaeten,
            "prioritaeten_gezeigt": prioritaeten.zeilen[:PRIORITAETEN],
            "darf_bearbeiten": darf_amt_bearbeiten(request.user, amt.pk, eigenes_amt=amt),
        }
    return render(request, "dashboard/mein_amt.html", context)
