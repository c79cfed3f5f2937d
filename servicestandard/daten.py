"""The Servicestandard's machine-readable figures (its own principle 18), for signed-in readers of the portal.

``/daten/servicestandard.json``: the Fassung, the counting rule, the degree of fulfilment overall, per group
with its principles, per Amt (also by group), and every assessed Leistung with its results and share fulfilled.
The same figures as the page ``/servicestandard/`` and its export (:mod:`servicestandard.export`).

Parameters (all optional, the same as the page's filters): ``amt``, ``themenfeld``, ``plattform``,
``ozg_booster`` (:mod:`servicestandard.filters`). A bad parameter answers 400 with a German message
(``{"fehler": "…"}``). The figures come from :func:`servicestandard_stand`.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.models import Leistung

from .filters import ServicestandardFilter, ausgewaehlte_leistungen, filter_fehler
from .selectors import ZAEHLREGEL, Erfuellungsstand, servicestandard_stand

LESEN = "servicestandard.view_ergebnis"
JSON_OPTIONEN = {"ensure_ascii": False, "indent": 2}
KEIN_RECHT = "Sie haben keine Berechtigung, den Servicestandard zu sehen."
KEINE_FASSUNG = "Es ist keine Fassung des Servicestandards hinterlegt, die heute gilt."


def servicestandard_daten(stand: Erfuellungsstand, filterset: ServicestandardFilter) -> dict:
    """The figures of ``/daten/servicestandard.json`` as plain data."""
    daten = filterset.form.cleaned_data
    prinzipien = stand.prinzipien
    return {
        "fassung": {"name": stand.fassung.name, "gueltig_ab": stand.fassung.gueltig_ab.isoformat()},
        "filter": {
            "amt": daten["amt"].nummer if daten.get("amt") else None,
            "themenfeld": daten["themenfeld"].name if daten.get("themenfeld") else None,
            "plattform": daten.get("plattform") or None,
            "ozg_booster": {"ja": True, "nein": False}.get(daten.get("ozg_booster") or ""),
        },
        "zaehlregel": ZAEHLREGEL,
        "leistungen_geprueft": len(stand.leistungen),
        "davon_vollstaendig": stand.vollstaendig,
        "gesamt": stand.gesamt.als_dict(),
        "gruppen": [
            {
                "name": gruppe.name,
                **gruppe.zaehlung.als_dict(),
                "prinzipien": [
                    {"nummer": p.nummer, "kurztitel": p.kurztitel, **p.zaehlung.als_dict()} for p in gruppe.prinzipien
                ],
            }
            for gruppe in stand.gruppen
        ],
        "aemter": [
            {
                "nummer": amt.nummer,
                "name": amt.name,
                "leistungen": amt.leistungen,
                **amt.zaehlung.als_dict(),
                "gruppen": [{"name": g.name, **amt.gruppen[g.id].als_dict()} for g in stand.gruppen],
            }
            for amt in stand.aemter
        ],
        "leistungen": [
            {
                "leika_schluessel": z.leika_schluessel,
                "bezeichnung": z.bezeichnung,
                "amt": z.amt_nummer,
                "themenfeld": z.themenfeld or None,
                "plattform": z.plattform or None,
                "ozg_booster": z.ozg_booster,
                "vollstaendig": z.vollstaendig,
                **z.zaehlung.als_dict(),
                "ergebnisse": {str(p.nummer): z.ergebnisse.get(p.id) for p in prinzipien},
                "zuletzt_geaendert": timezone.localtime(z.geaendert_am).isoformat(timespec="seconds"),
            }
            for z in stand.leistungen
        ],
    }


def _filter(request) -> ServicestandardFilter:
    return ServicestandardFilter(request.GET, queryset=Leistung.objects.all())


@require_GET
def servicestandard_json(request):
    if not request.user.has_perm(LESEN):
        return JsonResponse({"fehler": KEIN_RECHT}, status=403, json_dumps_params=JSON_OPTIONEN)
    filterset = _filter(request)
    if not filterset.is_valid():
        return JsonResponse({"fehler": filter_fehler(filterset)}, status=400, json_dumps_params=JSON_OPTIONEN)
    stand = servicestandard_stand(leistungen=ausgewaehlte_leistungen(filterset))
    if stand is None:
        return JsonResponse({"fehler": KEINE_FASSUNG}, status=404, json_dumps_params=JSON_OPTIONEN)
    return JsonResponse(servicestandard_daten(stand, filterset), json_dumps_params=JSON_OPTIONEN)
