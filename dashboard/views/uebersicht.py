"""``/``: the overview for a meeting: funnel, online share, statuses with the change since the last Erhebung,
weekly trend, top services by Fallzahl, Wiesbaden beside the Hessian OZG-Monitor, the Foliensatz download, and
links into every detail. ``?stichtag=`` shows any past date."""

from __future__ import annotations

from django.shortcuts import render

from catalog.selectors import (
    SCHAETZUNG_TEXT,
    groesste_fallzahlen_am,
    monitor_vergleich,
    status_stand,
    trichter,
    vergleich_seit_letzter_erhebung,
)
from dashboard.charts import (
    FallzahlBar,
    fallzahlen_chart,
    stand_online_chart,
    status_chart,
    trichter_chart,
    wochenverlauf_chart,
)
from dashboard.foliensatz.auswahl import foliensatz_auswahl
from dashboard.stichtag import stichtag_from_request
from toolkit.formatting import format_date

TOP_FALLZAHLEN = 10


def uebersicht(request):
    stichtag = stichtag_from_request(request)
    tag = stichtag.date
    stand = status_stand(stichtag=tag)
    vergleich = vergleich_seit_letzter_erhebung(tag)
    top = groesste_fallzahlen_am(tag, anzahl=TOP_FALLZAHLEN)
    charts = [
        status_chart(slug="status", title="Status der Leistungen", stand=stand, vergleich=vergleich),
        stand_online_chart(slug="online", stand=stand),
        trichter_chart(slug="trichter", stufen=trichter(), stichtag=tag),
        wochenverlauf_chart(slug="trend", bis=tag),
        fallzahlen_chart(
            slug="fallzahlen",
            title="Leistungen mit den meisten Anträgen pro Jahr",
            subtitle=f"Die {TOP_FALLZAHLEN} Leistungen mit der höchsten Fallzahl ({stand.basis.beschreibung}), "
            f"Farbe = Status; {SCHAETZUNG_TEXT}; Stand {format_date(tag)}",
            balken=[
                FallzahlBar(
                    bezeichnung=t.bezeichnung + (" (geschätzt)" if t.geschaetzt else ""),
                    antraege=t.fallzahl,
                    farbe=t.farbe,
                    status=t.status,
                )
                for t in top
            ],
        ),
    ]
    for breit in (charts[0], charts[3], charts[4]):  # status, trend, Fallzahlen; the two small ones share a row
        breit.classes.append("diagramm--breit")
    context = stichtag.context() | {
        "kennzahlen": stand,
        "vergleich": vergleich,
        "charts": charts,
        "top": top,
        "monitor": monitor_vergleich(bis=tag),
        "foliensatz": foliensatz_auswahl(stichtag=tag, vergleich=vergleich),
    }
    return render(request, "dashboard/uebersicht.html", context)
