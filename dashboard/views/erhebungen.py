"""``/erhebungen/``: every Erhebung with its frozen figures; ``/erhebungen/<id>/``: one compared with another.

An Erhebung's figures are the rows frozen when it was made; they never change afterwards. The comparison
partner is the previous Erhebung by default, or any other one (``?vergleich=<id>``), or today
(``?vergleich=heute``); the older of the two is always the "from" side. The Leistungen that moved are counted
by the database and shown 50 at a time, each of the three lists with its own pages.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from catalog.key_urls import not_found
from catalog.models import Erhebung
from catalog.selectors import bewegungen, erhebung_stand, erhebungen_uebersicht, vergleich, vorherige_erhebung
from dashboard.charts import GruppeRow, StatusSeries, status_chart, status_je_gruppe_chart
from dashboard.tables import BewegungTable
from toolkit.formatting import format_date

BEWEGUNGEN_JE_SEITE = 50


def erhebungen(request):
    zeilen = erhebungen_uebersicht()
    statuses = []
    for zeile in zeilen:
        for s in zeile.status:
            if all(s.status_id != bekannt.id for bekannt in statuses):
                statuses.append(StatusSeries(id=s.status_id, bezeichnung=s.bezeichnung, farbe=s.farbe))
    charts = []
    if zeilen:
        charts.append(
            status_je_gruppe_chart(
                slug="erhebungen",
                title="Status der Leistungen je Erhebung",
                subtitle="LeiKa-Leistungen, die von Wiesbaden umzusetzen sind, wie jede Erhebung sie eingefroren "
                "hat; älteste zuerst",
                zeilen=[
                    GruppeRow(
                        bezeichnung=f"{z.name} ({format_date(z.stichtag)})",
                        anzahl_je_status={s.status_id: s.anzahl for s in z.status},
                        gesamt=z.stand.anzahl,
                        anteil_online=z.stand.online_anteil,
                    )
                    for z in zeilen
                ],
                statuses=statuses,
            )
        )
    context = {
        "zeilen": list(reversed(zeilen)),
        "statuses": statuses,
        "charts": charts,
        "stand": timezone.localdate(),
        "praesentierbar": bool(charts),
    }
    return render(request, "dashboard/erhebungen.html", context)


def erhebung(request, erhebung_id: int):
    eigene = Erhebung.objects.select_related("erstellt_von").filter(pk=erhebung_id).first()
    if eigene is None:  # the portal's German page, also with DEBUG
        return not_found(request, f"Eine Erhebung mit der Nummer {erhebung_id} gibt es nicht.")
    andere = Erhebung.objects.exclude(pk=eigene.pk).order_by("-stichtag", "-id")
    wahl = (request.GET.get("vergleich") or "").strip()
    hinweis = ""
    partner: Erhebung | None | str = None
    if wahl == "heute":
        partner = "heute"
    elif wahl:
        partner = next((e for e in andere if str(e.pk) == wahl), None)
        if partner is None:
            hinweis = f"Eine Erhebung „{wahl}“ gibt es nicht; verglichen wird mit der vorherigen Erhebung."
    if partner is None:
        partner = vorherige_erhebung(eigene)

    stand = erhebung_stand(erhebung=eigene)
    ergebnis, bewegt = None, []
    if partner is not None:
        if partner == "heute":
            alt, neu = eigene, timezone.localdate()
        elif (partner.stichtag, partner.pk) < (eigene.stichtag, eigene.pk):
            alt, neu = partner, eigene
        else:
            alt, neu = eigene, partner
        ergebnis = vergleich(alt=alt, neu=neu)
        bewegt = _bewegt(request, alt=alt, neu=neu)

    charts = [
        status_chart(
            slug="erhebung-status",
            title=f"Status der Leistungen in der Erhebung „{eigene.name}“",
            stand=stand,
            vergleich=ergebnis,
            vergleich_text=_vergleich_text(ergebnis, eigene),
        )
    ]
    context = {
        "erhebung": eigene,
        "kennzahlen": stand,
        "vergleich": ergebnis,
        "bewegt": bewegt,
        "andere": andere,
        "wahl": wahl if partner is not None else "",
        "hinweis": hinweis,
        "charts": charts,
        "stand": eigene.stichtag,
        "stand_hinweis": "Stichtag der Erhebung",
        "praesentierbar": True,
    }
    return render(request, "dashboard/erhebung.html", context)


def _bewegt(request, *, alt, neu) -> list[BewegungTable]:
    """The three lists of Leistungen that moved, each a page of its own (``?geaendert-page=2`` …)."""
    tabellen = []
    for art, liste in bewegungen(alt=alt, neu=neu).items():
        tabelle = BewegungTable(liste, prefix=f"{art}-")
        tabelle.caption, tabelle.kennung = art.titel, art.value
        RequestConfig(request, paginate={"per_page": BEWEGUNGEN_JE_SEITE}).configure(tabelle)
        tabellen.append(tabelle)
    return tabellen


def _gegenseite(ergebnis, eigene: Erhebung):
    """The side of the comparison that is not ``eigene``."""
    return ergebnis.neu if ergebnis.alt.erhebung_id == eigene.pk else ergebnis.alt


def _vergleich_text(ergebnis, eigene: Erhebung) -> str | None:
    """ "seit <older>" when the Erhebung is the newer side, "bis <newer>" when it is the older one."""
    if ergebnis is None:
        return None
    seite = _gegenseite(ergebnis, eigene)
    wort = "bis" if seite is ergebnis.neu else "seit"
    return f"{wort} {seite.bezeichnung} ({format_date(seite.stichtag)})"
