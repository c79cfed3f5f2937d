"""``/``: the overview for a meeting: funnel, online share, statuses with the change since the last Erhebung,
weekly trend with the forecast, top services by Fallzahl, Wiesbaden beside the Hessian OZG-Monitor, the
Foliensatz download, and links into every detail. ``?stichtag=`` shows any past date, ``?fenster=`` the forecast's
window in weeks (the same figures as ``/daten/prognose.json`` with the same parameters)."""

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
from planung.daten import ParameterFehler, fenster_parameter, prognose_url
from planung.prognose import FENSTER_VORGABE
from planung.selectors import prognose
from toolkit.formatting import format_date

TOP_FALLZAHLEN = 10
PROGNOSE_WOCHEN = 52  # the continuation on the weekly chart: as /daten/prognose.json's default horizon


def uebersicht(request):
    stichtag = stichtag_from_request(request)
    tag = stichtag.date
    stand = status_stand(stichtag=tag)
    vergleich = vergleich_seit_letzter_erhebung(tag)
    top = groesste_fallzahlen_am(tag, anzahl=TOP_FALLZAHLEN)
    try:
        fenster, fenster_fehler = fenster_parameter(request), ""
    except ParameterFehler as fehler:
        fenster, fenster_fehler = FENSTER_VORGABE, f"{fehler} Gezeigt wird die Prognose mit {FENSTER_VORGABE} Wochen."
    vorhersage = prognose(stichtag=tag, fenster=fenster, horizont=PROGNOSE_WOCHEN)
    charts = [
        status_chart(slug="status", title="Status der Leistungen", stand=stand, vergleich=vergleich),
        stand_online_chart(slug="online", stand=stand),
        trichter_chart(slug="trichter", stufen=trichter(), stichtag=tag),
        wochenverlauf_chart(slug="trend", bis=tag, prognose=vorhersage),
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
        "prognose": vorhersage,
        "prognose_url": prognose_url(stichtag=tag, fenster=fenster),
        "fenster_wahl": True,
        "fenster_fehler": fenster_fehler,
    }
    return render(request, "dashboard/uebersicht.html", context)
