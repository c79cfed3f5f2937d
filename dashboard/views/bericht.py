"""``/bericht/foliensatz.pptx?stichtag=…&vergleich=<Erhebung>``: the Foliensatz for a meeting (PowerPoint, 16:9,
native charts). A bad parameter is a German 400 page, never an error page of the server."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.foliensatz.auswahl import foliensatz_parameter
from dashboard.foliensatz.daten import foliensatz_daten
from dashboard.foliensatz.praesentation import foliensatz_erstellen
from dashboard.views.daten import ParameterError

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@require_GET
def foliensatz(request):
    try:
        stichtag, erhebung = foliensatz_parameter(request)
    except ParameterError as fehler:
        return render(
            request,
            "scorecard/hinweis.html",
            {"titel": "Foliensatz nicht möglich", "text": str(fehler)},
            status=400,
        )
    inhalt = foliensatz_erstellen(foliensatz_daten(stichtag=stichtag, erhebung=erhebung))
    antwort = HttpResponse(inhalt, content_type=PPTX)
    antwort["Content-Disposition"] = f'attachment; filename="ozg-foliensatz-{stichtag.isoformat()}.pptx"'
    return antwort
