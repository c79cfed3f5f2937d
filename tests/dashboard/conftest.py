"""Fixtures for the dashboard's pages: a signed-in reader, and a small catalogue of any size with history.

``baue_katalog(n)`` makes, for Amt 33 and Amt 51 each, ``n`` Leistungen with a status history (waiting since
January 2022, then some in Umsetzung and online), Fallzahlen, an EfA Bündel (OZG-Booster, deadline passed), and
two Erhebungen (Dez. 2021 and Mai 2022) through the services, so that every page has something to show.
"""

import datetime as dt
import itertools
import re

import pytest

from catalog.models import Leistungsbuendel, Themenfeld
from catalog.services import erhebung_anlegen, leistung_status_setzen

D = dt.date


@pytest.fixture
def angemeldet(client, leitung):
    """The management reader (Verwaltungsführung), signed in."""
    client.force_login(leitung)
    return client


@pytest.fixture
def efa_buendel(db):
    return Leistungsbuendel.objects.create(
        ozg_id="10005",
        name="Kindergeld",
        themenfeld=Themenfeld.objects.get(name="Familie & Kind"),
        efa=True,
        umsetzendes_land="HE",
        ozg_booster=True,
        nachnutzbar_ab=D(2022, 6, 30),
        rollout_frist=D(2022, 12, 31),
    )


@pytest.fixture
def baue_katalog(make_leistung, statuses, amt33, amt51, efa_buendel):
    laufend = itertools.count(1)

    def baue(n: int, *, erhebungen: bool = True) -> list:
        leistungen = []
        for amt in (amt33, amt51):
            for i in range(n):
                nummer = next(laufend)
                felder = {
                    "bezeichnung": f"Leistung {amt.nummer}-{nummer}",
                    "amt": amt,
                    "antraege_pro_jahr": 1000 * nummer,
                }
                if i == 0:
                    felder["buendel"] = efa_buendel
                leistung = make_leistung(**felder)
                leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2021, 11, 1))
                if i % 3 == 1:
                    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=D(2022, 2, 7))
                if i % 3 == 2:
                    leistung_status_setzen(
                        leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 3, 14)
                    )
                leistungen.append(leistung)
        if erhebungen:
            erhebung_anlegen(name=f"Erhebungsstand Dez. 2021 ({n})", stichtag=D(2021, 12, 1))
            erhebung_anlegen(name=f"Erhebungsstand Mai 2022 ({n})", stichtag=D(2022, 5, 15))
        return leistungen

    return baue


def text_von(response) -> str:
    """What a reader sees of a page: the HTML without tags, scripts and JSON blocks, whitespace collapsed."""
    import html

    content = response.content.decode()
    content = re.sub(r"<script.*?</script>", " ", content, flags=re.S)
    content = re.sub(r"<[^>]+>", " ", content)
    return re.sub(r"\s+", " ", html.unescape(content)).strip()
