"""What a Foliensatz is made for: the Stichtag and the Erhebung to compare with, read from a request (a German
400 for anything wrong) and offered on the overview as a small form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from catalog.keys import ist_ziffernfolge
from catalog.models import Erhebung
from catalog.selectors import Vergleich, letzte_erhebung
from dashboard.views.daten import ParameterError, stichtag_lesen


@dataclass(frozen=True)
class FoliensatzAuswahl:
    """The overview's download form: its Stichtag, the Erhebungen before it (id, text), the preselected one."""

    stichtag: dt.date
    erhebungen: list[tuple[int, str]]
    gewaehlt: int | None


def foliensatz_auswahl(*, stichtag: dt.date, vergleich: Vergleich | None) -> FoliensatzAuswahl:
    """The Erhebungen a Foliensatz on ``stichtag`` can be compared with, newest first; the overview's own
    comparison preselected (one query)."""
    erhebungen = Erhebung.objects.filter(stichtag__lte=stichtag).order_by("-stichtag", "-id")
    return FoliensatzAuswahl(
        stichtag=stichtag,
        erhebungen=[(e.pk, f"{e.name} ({e.stichtag:%d.%m.%Y})") for e in erhebungen],
        gewaehlt=vergleich.alt.erhebung_id if vergleich else None,
    )


def foliensatz_parameter(request) -> tuple[dt.date, Erhebung | None]:
    """``stichtag`` (default today) and ``vergleich`` (an Erhebung's id; default the last Erhebung before the
    Stichtag, as on the overview). Raises :class:`ParameterError` with a German message."""
    stichtag = stichtag_lesen(request.GET.get("stichtag"))
    text = (request.GET.get("vergleich") or "").strip()
    if not text:
        return stichtag, letzte_erhebung(bis=stichtag - dt.timedelta(days=1))
    if not ist_ziffernfolge(text) or len(text) > 9:
        raise ParameterError(
            f"Der Parameter „vergleich“ muss die Nummer einer Erhebung sein (z. B. 1), nicht „{text}“."
        )
    erhebung = Erhebung.objects.filter(pk=int(text)).first()
    if erhebung is None:
        raise ParameterError(f"Eine Erhebung mit der Nummer {int(text)} gibt es nicht.")
    if erhebung.stichtag > stichtag:
        raise ParameterError(
            f"Die Erhebung „{erhebung.name}“ (Stichtag {erhebung.stichtag:%d.%m.%Y}) liegt nach dem Stichtag "
            f"{stichtag:%d.%m.%Y}; verglichen werden kann nur mit einer Erhebung bis zum Stichtag."
        )
    return stichtag, erhebung
