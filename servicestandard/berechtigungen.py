"""Who may assess which Leistung against the Servicestandard (the groups carry the permissions, migration 0002).

- "Redaktion Amt 15": every Leistung (``servicestandard.pruefen``);
- "Amtsleitung": the Leistungen of the Amt in the user's Benutzerprofil (``servicestandard.pruefen_eigenes_amt``);
- "Verwaltungsführung" and everyone else: reads only.

The assessment service asks :func:`darf_pruefen` itself, so no page, form or crafted request can get around it.
"""

from catalog.berechtigungen import benutzer_amt
from catalog.models import Leistung

PRUEFEN = "servicestandard.pruefen"
PRUEFEN_EIGENES_AMT = "servicestandard.pruefen_eigenes_amt"


def darf_pruefen(user, leistung: Leistung) -> bool:
    """May ``user`` assess ``leistung``'s online service (set, change or remove its results)?"""
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    if user.has_perm(PRUEFEN):
        return True
    if not user.has_perm(PRUEFEN_EIGENES_AMT) or leistung.amt_id is None:
        return False
    return getattr(benutzer_amt(user), "pk", None) == leistung.amt_id
