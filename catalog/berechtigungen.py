"""Who may change what in the catalogue, per Leistung (the groups carry the permissions, see README "Rollen").

- "Redaktion Amt 15": every change right on the catalogue (``catalog.change_leistung``);
- "Amtsleitung": ``catalog.bearbeiten_eigenes_amt``, for the Leistungen of the Amt in the user's Benutzerprofil;
- "Verwaltungsführung": reads only.
"""

from catalog.models import Benutzerprofil, Leistung


def amt_des_benutzers(user) -> int | None:
    """The id of the Amt a user leads, or None."""
    if not user.is_authenticated:
        return None
    return Benutzerprofil.objects.filter(user=user).values_list("amt_id", flat=True).first()


def darf_leistung_bearbeiten(user, leistung: Leistung) -> bool:
    """May ``user`` change status and additional information of ``leistung`` (portal form on its page)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_perm("catalog.change_leistung"):
        return True
    if not user.has_perm("catalog.bearbeiten_eigenes_amt") or leistung.amt_id is None:
        return False
    return amt_des_benutzers(user) == leistung.amt_id
