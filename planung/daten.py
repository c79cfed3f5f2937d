"""``/daten/prognose.json``: the forecast's figures for signed-in users (OZG-Servicestandard, principle 18).

Parameters (all optional): ``stichtag`` (``2022-05-15`` or ``15.05.2022``, default today: the window ends on the
last Sunday on or before it, as the overview's chart for that Stichtag), ``fenster`` (the window, a whole number of
weeks from 4 to 260, default 26) and ``horizont`` (how many weeks of continuation, 1 to 520, default 52). A bad
parameter answers 400 with a German message ``{"fehler": "…"}``. The figures come from
:func:`planung.selectors.prognose`, as on the pages.
"""

from __future__ import annotations

import datetime as dt
import re

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from toolkit.dates import DateError, parse_stichtag_parameter
from toolkit.formatting import format_week, round_half_up

from .prognose import BAND_PROZENT, FENSTER_VORGABE, Prognose
from .selectors import prognose

FENSTER = (4, 260)
HORIZONT = (1, 520)
HORIZONT_VORGABE = 52
JSON_OPTIONEN = {"ensure_ascii": False, "indent": 2}


class ParameterFehler(ValueError):
    """A request parameter the forecast cannot be made from; the message is German."""


def wochen_parameter(request, name: str, *, vorgabe: int, von: int, bis: int) -> int:
    """A whole number of weeks from the query string, within [von, bis]; raises :class:`ParameterFehler`."""
    text = (request.GET.get(name) or "").strip()
    if not text:
        return vorgabe
    if not re.fullmatch(r"\d{1,6}", text) or not von <= int(text) <= bis:
        raise ParameterFehler(
            f"Der Parameter „{name}“ muss eine ganze Zahl von Wochen zwischen {von} und {bis} sein, nicht „{text}“."
        )
    return int(text)


def stichtag_parameter(request) -> dt.date:
    """The ``stichtag`` of the query string (empty: today); raises :class:`ParameterFehler`."""
    try:
        return parse_stichtag_parameter(request.GET.get("stichtag"), today=timezone.localdate())
    except DateError as fehler:
        raise ParameterFehler(str(fehler)) from None


def fenster_parameter(request) -> int:
    """The forecast's window in weeks from ``?fenster=`` (default 26); raises :class:`ParameterFehler`."""
    return wochen_parameter(request, "fenster", vorgabe=FENSTER_VORGABE, von=FENSTER[0], bis=FENSTER[1])


def prognose_url(*, stichtag: dt.date | None = None, fenster: int = FENSTER_VORGABE) -> str:
    """The address of ``/daten/prognose.json`` with the figures a page shows (Stichtag only when not today)."""
    parameter = {}
    if stichtag is not None and stichtag != timezone.localdate():
        parameter["stichtag"] = stichtag.isoformat()
    if fenster != FENSTER_VORGABE:
        parameter["fenster"] = fenster
    url = reverse("planung:prognose_json")
    return f"{url}?{urlencode(parameter)}" if parameter else url


def _zahl(wert, stellen: int = 1) -> float:
    return float(round_half_up(float(wert), stellen))  # half up, as the pages round


def _woche(datum: dt.date | None) -> dict | None:
    if datum is None:
        return None
    jahr, kw, _ = datum.isocalendar()
    return {"kalenderwoche": format_week(datum), "jahr": jahr, "kw": kw, "sonntag": datum.isoformat()}


def prognose_daten(p: Prognose, *, stichtag: dt.date) -> dict:
    """The figures of ``/daten/prognose.json`` as plain data, as of ``stichtag``."""
    wochen = p.wochen or 1
    return {
        "stand": stichtag.isoformat(),
        "basis": {"beschreibung": p.beschreibung, "anzahl": p.basis},
        "fenster": {
            "wochen": p.fenster,
            "genutzte_wochen": p.wochen,
            "von": _woche(p.von),
            "bis": _woche(p.bis),
        },
        "methode": p.methode,
        "band_prozent": BAND_PROZENT,
        "online_verfuegbar": {"anzahl": p.online, "anteil_prozent": _zahl(100 * p.online / p.basis if p.basis else 0)},
        "noch_umzusetzen": p.offen,
        "tempo": {
            "leistungen_je_woche": None if p.tempo is None else _zahl(p.tempo, 2),
            "streuung_je_woche": None if p.streuung is None else _zahl(p.streuung, 2),
            "online_gegangen": p.online_gegangen,
            "zurueckgefallen": p.zurueckgefallen,
            "online_gegangen_je_woche": _zahl(p.online_gegangen / wochen, 2),
            "zurueckgefallen_je_woche": _zahl(p.zurueckgefallen / wochen, 2),
        },
        "hundert_prozent": None
        if p.ziel is None
        else {**_woche(p.ziel), "fruehestens": _woche(p.ziel_frueh), "spaetestens": _woche(p.ziel_spaet)},
        "grund": p.grund or None,
        "fortsetzung": [
            {
                **_woche(punkt.stichtag),
                "wochen_nach_fenster": punkt.wochen,
                "online": _zahl(punkt.online),
                "unten": _zahl(punkt.unten),
                "oben": _zahl(punkt.oben),
                "anteil_prozent": _zahl(100 * punkt.anteil(punkt.online)),
                "anteil_unten_prozent": _zahl(100 * punkt.anteil(punkt.unten)),
                "anteil_oben_prozent": _zahl(100 * punkt.anteil(punkt.oben)),
            }
            for punkt in p.fortsetzung
        ],
    }


@require_GET
def prognose_json(request):
    try:
        stichtag = stichtag_parameter(request)
        fenster = fenster_parameter(request)
        horizont = wochen_parameter(request, "horizont", vorgabe=HORIZONT_VORGABE, von=HORIZONT[0], bis=HORIZONT[1])
    except ParameterFehler as fehler:
        return JsonResponse({"fehler": str(fehler)}, status=400, json_dumps_params=JSON_OPTIONEN)
    p = prognose(stichtag=stichtag, fenster=fenster, horizont=horizont)
    return JsonResponse(prognose_daten(p, stichtag=stichtag), json_dumps_params=JSON_OPTIONEN)
