"""Machine-readable figures (OZG-Servicestandard, principle 18), for signed-in users.

- ``/daten/kennzahlen.json`` and ``/daten/kennzahlen.csv``: the Stichtag, the base (in words and counted), per
  status label, meaning, count and share, the online figures, per Amt, and the funnel. Parameters (all optional):
  ``stichtag`` (``2022-05-15`` or ``15.05.2022``, default today), ``amt`` (an Amt's number),
  ``basis`` (``wiesbaden`` default, ``kommune``, ``katalog``).
- ``/daten/erhebungen.json``: every Erhebung with its Stichtag, its frozen per-status counts and the difference
  to the previous one.

A bad parameter answers 400 with a German message (JSON: ``{"fehler": "…"}``, CSV: plain text). The figures
come from :mod:`catalog.selectors`, the same as on the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.keys import amt_nummer_pruefen
from catalog.models import Amt
from catalog.selectors import Basis, Stand, erhebungen_uebersicht, status_stand, status_stand_nach_amt, trichter
from erhebungsrunde.selectors import AKTUELL_TAGE, Aktualitaet, Aktuell, status_aktualitaet
from toolkit.dates import DateError, parse_stichtag_parameter
from toolkit.export import ExportTable, export_response
from toolkit.formatting import round_half_up

EXPLANATION = (
    "Online verfügbar = Leistungen, deren Status die Bedeutung „erledigt (online verfügbar)“ hat; noch umzusetzen = "
    "weder online verfügbar noch außer Betracht. Anteile in Prozent der jeweils genannten Basis. Der Status einer "
    "Leistung an einem Stichtag ist der ihrer letzten bis dahin gültigen Statusänderung."
)
JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}
AKTUALITAET_TEXT = (
    "Wie aktuell die Zahlen sind, gezählt über die Leistungen, die von Wiesbaden umzusetzen sind (ohne Status mit der "
    "Bedeutung „außer Betracht“), am Stichtag gezählt (basis_anzahl): in_letzter_runde = davon die, deren Status das "
    "Amt in der letzten abgeschlossenen Erhebungsrunde bis zum Stichtag bestätigt oder geändert hat (nicht der "
    "Rücklauf der Runde, der über die bei ihrer Öffnung gefragten Leistungen zählt); im_zeitraum = davon die, deren "
    "Status in den genannten Tagen bis zum Stichtag bestätigt wurde (Rückmeldung in einer Runde oder erfasste "
    "Statusänderung)."
)


class ParameterError(ValueError):
    """A request parameter the figures cannot be made from; the message is German."""


@dataclass(frozen=True)
class Parameter:
    stichtag: dt.date
    amt: Amt | None
    basis: Basis


def stichtag_lesen(text: str | None) -> dt.date:
    """The ``stichtag`` parameter (``2022-05-15`` or ``15.05.2022``; empty: today); raises :class:`ParameterError`."""
    try:
        return parse_stichtag_parameter(text, today=timezone.localdate())
    except DateError as error:
        raise ParameterError(str(error)) from None


def _amt(text: str | None) -> Amt | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        nummer = amt_nummer_pruefen(text)
    except ValidationError as error:
        raise ParameterError(error.messages[0]) from None
    amt = Amt.objects.filter(nummer=nummer).first()
    if amt is None:
        raise ParameterError(f"Ein Amt mit der Nummer {nummer} gibt es nicht.")
    return amt


def _basis(text: str | None) -> Basis:
    text = (text or "").strip().lower()
    if not text:
        return Basis.WIESBADEN
    try:
        return Basis(text)
    except ValueError:
        moeglich = ", ".join(b.value for b in Basis)
        raise ParameterError(f"Unbekannte Basis „{text}“; möglich sind: {moeglich}.") from None


def parameter(request) -> Parameter:
    """Read ``stichtag``, ``amt`` and ``basis`` from the query string; raises :class:`ParameterError`."""
    return Parameter(
        stichtag=stichtag_lesen(request.GET.get("stichtag")),
        amt=_amt(request.GET.get("amt")),
        basis=_basis(request.GET.get("basis")),
    )


def _prozent(anteil: float) -> float:
    return float(round_half_up(anteil * 100, 1))  # half up, as the pages round


def _status_liste(stand: Stand) -> list[dict]:
    return [
        {
            "bezeichnung": z.bezeichnung,
            "bedeutung": z.bedeutung,
            "bedeutung_bezeichnung": z.bedeutung_bezeichnung,
            "farbe": z.farbe,
            "anzahl": z.anzahl,
            "anteil_prozent": _prozent(z.anteil),
        }
        for z in stand.status
    ]


def _zahlen(stand: Stand) -> dict:
    return {
        "basis": {
            "schluessel": stand.basis.basis.value,
            "beschreibung": stand.basis.beschreibung,
            "anzahl": stand.basis.anzahl,
            "text": stand.basis.text,
        },
        "status": _status_liste(stand),
        "ohne_status": stand.ohne_status,
        "ausser_betracht": stand.ausser_betracht,
        "online_verfuegbar": {"anzahl": stand.online, "anteil_prozent": _prozent(stand.online_anteil)},
        "noch_umzusetzen": {"anzahl": stand.noch_umzusetzen, "anteil_prozent": _prozent(stand.noch_umzusetzen_anteil)},
    }


def _aktuell(aktuell: Aktuell) -> dict:
    return {
        "basis_anzahl": aktuell.basis,
        "in_letzter_runde": {"anzahl": aktuell.in_runde, "anteil_prozent": _prozent(aktuell.anteil_runde)},
        "im_zeitraum": {"anzahl": aktuell.im_zeitraum, "anteil_prozent": _prozent(aktuell.anteil_zeitraum)},
    }


def _aktualitaet(a: Aktualitaet) -> dict:
    """How current the figures are (always on the default base, which the rounds ask)."""
    runde = a.runde
    return {
        "letzte_runde": {"id": runde.pk, "name": runde.name, "stichtag": runde.stichtag.isoformat()} if runde else None,
        "zeitraum": {"tage": a.tage, "von": a.seit.isoformat(), "bis": a.stichtag.isoformat()},
        **_aktuell(a.gesamt),
        "erlaeuterung": AKTUALITAET_TEXT,
    }


def kennzahlen(p: Parameter) -> dict:
    """The figures of ``/daten/kennzahlen.json`` as plain data."""
    stand = status_stand(stichtag=p.stichtag, basis=p.basis, amt=p.amt)
    aemter = status_stand_nach_amt(stichtag=p.stichtag, basis=p.basis)
    if p.amt is not None:
        aemter = [g for g in aemter if g.id == p.amt.pk]
    aktualitaet = status_aktualitaet(stichtag=p.stichtag, amt=p.amt)
    aktuell_je_amt = {a.amt_id: a.aktuell for a in aktualitaet.aemter}
    return {
        "stichtag": p.stichtag.isoformat(),
        "amt": {"nummer": p.amt.nummer, "name": p.amt.name} if p.amt else None,
        **_zahlen(stand),
        "aktualitaet": _aktualitaet(aktualitaet),
        "aemter": [
            {"nummer": g.nummer, "name": g.name}
            | _zahlen(g.stand)
            | {"aktualitaet": _aktuell(aktuell_je_amt.get(g.id, Aktuell(0, 0, 0)))}
            for g in aemter
        ],
        "trichter": [
            {
                "stufe": stufe.basis.value,
                "bezeichnung": stufe.bezeichnung,
                "beschreibung": stufe.beschreibung,
                "leistungsbuendel": stufe.leistungsbuendel,
                "leistungen": stufe.leistungen,
            }
            for stufe in trichter()
        ],
        "erlaeuterung": EXPLANATION + " Der Trichter zeigt immer den aktuellen Katalog der ganzen Stadt.",
    }


def _error_json(error: ParameterError) -> JsonResponse:
    return JsonResponse({"fehler": str(error)}, status=400, json_dumps_params=JSON_OPTIONS)


@require_GET
def kennzahlen_json(request):
    try:
        p = parameter(request)
    except ParameterError as error:
        return _error_json(error)
    return JsonResponse(kennzahlen(p), json_dumps_params=JSON_OPTIONS)


AKTUALITAET_BASIS = "LeiKa-Leistungen, die von Wiesbaden umzusetzen sind"
AKTUALITAET_CSV = [
    ("Status in der letzten Erhebungsrunde bestätigt oder geändert", "in_letzter_runde"),
    (f"Status in den {AKTUELL_TAGE} Tagen bis zum Stichtag bestätigt", "im_zeitraum"),
]
CSV_HEADER = ["Stichtag", "Bereich", "Amt", "Kennzahl", "Bedeutung", "Anzahl", "Anteil in %", "Basis"]


def _csv_rows(p: Parameter, daten: dict):
    stichtag = p.stichtag

    def block(bereich: str, amt: str, zahlen: dict):
        basis = zahlen["basis"]["beschreibung"]
        yield [stichtag, bereich, amt, "Leistungen in der Basis", "", zahlen["basis"]["anzahl"], 100.0, basis]
        for z in zahlen["status"]:
            yield [
                stichtag,
                bereich,
                amt,
                z["bezeichnung"],
                z["bedeutung_bezeichnung"],
                z["anzahl"],
                z["anteil_prozent"],
                basis,
            ]
        if zahlen["ohne_status"]:
            yield [stichtag, bereich, amt, "ohne Status", "", zahlen["ohne_status"], None, basis]
        online, offen = zahlen["online_verfuegbar"], zahlen["noch_umzusetzen"]
        yield [stichtag, bereich, amt, "online verfügbar", "", online["anzahl"], online["anteil_prozent"], basis]
        yield [stichtag, bereich, amt, "noch umzusetzen", "", offen["anzahl"], offen["anteil_prozent"], basis]
        aktuell = zahlen["aktualitaet"]
        for kennzahl, schluessel in AKTUALITAET_CSV:
            wert = aktuell[schluessel]
            yield [stichtag, bereich, amt, kennzahl, "", wert["anzahl"], wert["anteil_prozent"], AKTUALITAET_BASIS]

    amt_text = f"Amt {p.amt.nummer} – {p.amt.name}" if p.amt else ""
    yield from block("Gesamt", amt_text, daten)
    for amt in daten["aemter"]:
        text = f"Amt {amt['nummer']} – {amt['name']}" if amt["nummer"] is not None else amt["name"]
        yield from block("je Amt", text, amt)
    for stufe in daten["trichter"]:
        for art, schluessel in (("OZG-Leistungsbündel", "leistungsbuendel"), ("LeiKa-Leistungen", "leistungen")):
            kennzahl = f"{stufe['bezeichnung']}: {art}"
            yield [stichtag, "Trichter", "", kennzahl, "", stufe[schluessel], None, stufe["beschreibung"]]


@require_GET
def kennzahlen_csv(request):
    try:
        p = parameter(request)
    except ParameterError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    daten = kennzahlen(p)
    name = f"kennzahlen-{p.stichtag.isoformat()}" + (f"-amt-{p.amt.nummer}" if p.amt else "")
    return export_response(ExportTable(header=CSV_HEADER, rows=_csv_rows(p, daten)), filename=name, fmt="csv")


@require_GET
def erhebungen_json(request):
    zeilen = erhebungen_uebersicht()
    return JsonResponse(
        {
            "erhebungen": [
                {
                    "id": z.id,
                    "name": z.name,
                    "stichtag": z.stichtag.isoformat(),
                    "erstellt_am": timezone.localtime(z.erstellt_am).isoformat(timespec="seconds"),
                    "erstellt_von": z.erstellt_von,
                    "basis": {"beschreibung": z.stand.basis.beschreibung, "anzahl": z.stand.basis.anzahl},
                    "status": [
                        {
                            "bezeichnung": s.bezeichnung,
                            "bedeutung": s.bedeutung,
                            "farbe": s.farbe,
                            "anzahl": s.anzahl,
                            "anteil_prozent": _prozent(s.anteil),
                            "differenz_zur_vorherigen": s.differenz,
                        }
                        for s in z.status
                    ],
                    "ohne_status": z.stand.ohne_status,
                    "online_verfuegbar": {
                        "anzahl": z.stand.online,
                        "anteil_prozent": _prozent(z.stand.online_anteil),
                    },
                    "vorherige": {"id": z.vorherige_id, "name": z.vorherige_name} if z.vorherige_id else None,
                }
                for z in zeilen
            ],
            "erlaeuterung": "Die Zahlen einer Erhebung sind zu ihrem Stichtag eingefroren und ändern sich danach nicht "
            "mehr. differenz_zur_vorherigen: Veränderung gegenüber der vorherigen Erhebung (null bei der ersten).",
        },
        json_dumps_params=JSON_OPTIONS,
    )
