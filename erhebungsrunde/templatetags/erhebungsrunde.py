"""The round's parts on other apps' pages (``{% load erhebungsrunde %}``), each self-contained, so that a page
needs one line for it and a fixed number of queries:

- ``{% rueckmeldung_hinweis amt %}``: the open round on an Amt's page (and at the top of "Mein Amt"): how far
  the Amt is, the Frist, the way to ``/rueckmeldung/`` for the one who answers for it;
- ``{% rueckmeldung_navigation aktuell %}``: the main navigation's "Rückmeldung" for an Amtsleitung while the open
  round asks its Amt (one query, only for an Amtsleitung);
- ``{% status_bestaetigung leistung %}``: on a Leistung's page, when and by whom its status was last confirmed,
  and whether the open round still waits for it;
- ``{% status_aktualitaet stichtag amt %}``: how current the figures are (overview, Amt pages);
- ``{% runde_ruecklauf erhebung %}``: an Erhebung made by a round: its response rate per Amt;
- ``{% erhebungsrunden_liste %}``: every round with its progress (the Erhebungen page).
"""

from __future__ import annotations

from django import template

from catalog.berechtigungen import ist_amtsleitung

from ..berechtigungen import darf_rueckmelden, darf_runde_verwalten
from ..models import Erhebungsrunde
from ..selectors import (
    amt_fortschritt,
    erhebungsrunde_fortschritt,
    erhebungsrunde_offen,
    erhebungsrunden_uebersicht,
    leistung_bestaetigung,
    runde_fragt_benutzer,
    status_aktualitaet,
)

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("erhebungsrunde/_rueckmeldung_hinweis.html", takes_context=True)
def rueckmeldung_hinweis(context, amt):
    runde = erhebungsrunde_offen()
    stand = amt_fortschritt(runde, amt) if runde is not None and amt is not None else None
    return {
        "runde": runde,
        "amt": amt,
        "stand": stand,
        "darf_antworten": stand is not None and darf_rueckmelden(_user(context), amt),
    }


@register.inclusion_tag("erhebungsrunde/_rueckmeldung_navigation.html", takes_context=True)
def rueckmeldung_navigation(context, aktuell=""):
    user = _user(context)
    return {"zeigen": ist_amtsleitung(user) and runde_fragt_benutzer(user), "aktuell": aktuell == "rueckmeldung"}


@register.inclusion_tag("erhebungsrunde/_status_bestaetigung.html", takes_context=True)
def status_bestaetigung(context, leistung):
    letzte, im_lauf = leistung_bestaetigung(leistung)
    darf = False
    if im_lauf is not None and not im_lauf.antwort and leistung.amt_id == im_lauf.amt_id and leistung.amt:
        darf = darf_rueckmelden(_user(context), leistung.amt)
    return {"leistung": leistung, "letzte": letzte, "im_lauf": im_lauf, "darf_antworten": darf}


@register.inclusion_tag("erhebungsrunde/_status_aktualitaet.html", name="status_aktualitaet")
def status_aktualitaet_tag(stichtag, amt=None):
    return {"aktualitaet": status_aktualitaet(stichtag=stichtag, amt=amt), "amt": amt, "offen": erhebungsrunde_offen()}


@register.inclusion_tag("erhebungsrunde/_runde_ruecklauf.html")
def runde_ruecklauf(erhebung):
    runde = Erhebungsrunde.objects.filter(erhebung=erhebung).first()
    return {"runde": runde, "fortschritt": erhebungsrunde_fortschritt(runde) if runde is not None else None}


@register.inclusion_tag("erhebungsrunde/_runden_liste.html", takes_context=True)
def erhebungsrunden_liste(context):
    return {"zeilen": erhebungsrunden_uebersicht(), "darf_verwalten": darf_runde_verwalten(_user(context))}
