"""The demo's online services beyond civento and EfA: a few own solutions without sign-in, some on another platform,
services in Umsetzung whose platform is already chosen, and in the demo users' Ämter one completed service each
whose online service nobody has recorded yet (a gap "Mein Amt" shows).

Deterministic without randomness (every n-th service by key), so the rest of the demo stays as it is; runs after
the status histories, which gave every completed service its platform and account; written through the one write
path of a Leistung's fields (``catalog.services.leistungen_aendern``).
"""

from __future__ import annotations

from catalog.models import Anmeldung, Leistung, OnlinePlattform, StatusBedeutung
from catalog.services import leistungen_aendern

DEMO_AEMTER = (33, 51)  # the Ämter of the demo users amtsleitung33 and amtsleitung51
FELDER = ["online_dienst_url", "online_plattform", "anmeldung"]


def build_online_dienste(*, stdout=None) -> None:
    wiesbaden = Leistung.objects.filter(von_wiesbaden_umzusetzen=True).select_related("status", "amt")
    erledigt = list(wiesbaden.filter(status__bedeutung=StatusBedeutung.ERLEDIGT).order_by("leika_schluessel"))
    in_arbeit = list(wiesbaden.filter(status__bedeutung=StatusBedeutung.IN_ARBEIT).order_by("leika_schluessel"))
    geaendert = {}
    for index, leistung in enumerate(erledigt):
        if index % 12 == 5:
            leistung.online_plattform, leistung.anmeldung = OnlinePlattform.EIGEN, Anmeldung.KEINE
        elif index % 17 == 8:
            leistung.online_plattform, leistung.anmeldung = OnlinePlattform.ANDERE, Anmeldung.NUTZERKONTO_BUND
        else:
            continue
        geaendert[leistung.pk] = leistung
    for index, leistung in enumerate(in_arbeit):
        if index % 3 == 0:  # the platform is chosen, the service not online yet
            leistung.online_plattform, leistung.anmeldung = OnlinePlattform.CIVENTO, Anmeldung.NUTZERKONTO_BUND
            geaendert[leistung.pk] = leistung
    luecken = []
    for nummer in DEMO_AEMTER:
        eigene = [leistung for leistung in erledigt if leistung.amt and leistung.amt.nummer == nummer]
        if eigene:
            leistung = eigene[-1]
            leistung.online_dienst_url, leistung.online_plattform, leistung.anmeldung = "", "", ""
            geaendert[leistung.pk] = leistung
            luecken.append(leistung)
    leistungen_aendern(
        aenderungen={pk: {feld: getattr(leistung, feld) for feld in FELDER} for pk, leistung in geaendert.items()},
        grund="Demodaten: Online-Dienste",
    )
    if stdout is not None:
        stdout.write(
            f"Online-Dienste: {len(geaendert)} Angaben ergänzt; ohne erfassten Online-Dienst trotz Status "
            f"„online“: {', '.join(f'{le.leika_schluessel} (Amt {le.amt.nummer})' for le in luecken)}."
        )
