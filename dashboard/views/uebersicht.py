"""``/``: the overview for a meeting: funnel, online share, statuses with the change since the last Erhebung,
weekly trend, top services by Fallzahl, Wiesbaden beside the Hessian OZG-Monitor, the Foliensatz download, and
links into every detail. ``?stichtag=`` shows any past date."""

from __future__ import annotations

from django.shortcuts import render

from catalog.selectors import SCHAETZUNG_TEXT, groesste_fallzahlen_am, monitor_vergleich, status_stand, trichter
from dashboard import charts
from dashboard.foliensatz.auswahl import foliensatz_auswahl
from dashboard.stichtag import stichtag_aus
from dashboard.views.bausteine import (
    online_diagramm,
    status_diagramm,
    stichtag_context,
    trend_diagramm,
    vergleich_seit_letzter_erhebung,
)

TOP_FALLZAHLEN = 10


def uebersicht(request):
    stichtag = stichtag_aus(request)
    tag = stichtag.datum
    stand = status_stand(stichtag=tag)
    vergleich = vergleich_seit_letzter_erhebung(tag)
    top = groesste_fallzahlen_am(tag, anzahl=TOP_FALLZAHLEN)
    diagramme = [
        status_diagramm(kennung="status", stand=stand, vergleich_=vergleich, titel="Status der Leistungen"),
        online_diagramm(kennung="online", stand=stand),
        charts.trichter(kennung="trichter", stufen=trichter(), stichtag=tag),
        trend_diagramm(kennung="trend", bis=tag),
        charts.rangliste(
            kennung="fallzahlen",
            titel="Leistungen mit den meisten Anträgen pro Jahr",
            untertitel=f"Die {TOP_FALLZAHLEN} Leistungen mit der höchsten Fallzahl ({stand.basis.beschreibung}), "
            f"Farbe = Status; {SCHAETZUNG_TEXT}; Stand {tag:%d.%m.%Y}",
            werte=[
                charts.RangWert(
                    bezeichnung=t.bezeichnung + (" (geschätzt)" if t.geschaetzt else ""),
                    wert=t.fallzahl,
                    farbe=t.farbe,
                    zusatz=t.status,
                )
                for t in top
            ],
            einheit="Anträge pro Jahr in Wiesbaden",
            zusatz_kopf="Status",
        ),
    ]
    for breit in (
        diagramme[0],
        diagramme[3],
        diagramme[4],
    ):  # status, trend, Fallzahlen; the two small ones share a row
        breit.klassen.append("diagramm--breit")
    context = stichtag_context(stichtag) | {
        "kennzahlen": stand,
        "vergleich": vergleich,
        "diagramme": diagramme,
        "top": top,
        "monitor": monitor_vergleich(bis=tag),
        "foliensatz": foliensatz_auswahl(stichtag=tag, vergleich=vergleich),
    }
    return render(request, "dashboard/uebersicht.html", context)
