"""Who may change what in the catalogue, per Leistung (the groups carry the permissions, see README "Rollen").

- "Redaktion Amt 15": every change right on the catalogue (``catalog.change_leistung``);
- "Amtsleitung": ``catalog.bearbeiten_eigenes_amt``, for the Leistungen of the Amt in the user's Benutzerprofil;
- "Verwaltungsführung": reads only.
"""

from __future__ import annotations

from catalog.models import Amt, Benutzerprofil, Leistung


def authenticated_user(user):
    """``user`` when signed in, else ``None``: who goes into a history row or an "erstellt von" field."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def benutzer_amt(user) -> Amt | None:
    """The Amt a user leads (from the Benutzerprofil), or None; one query."""
    if authenticated_user(user) is None:
        return None
    profil = Benutzerprofil.objects.filter(user=user).select_related("amt").first()
    return profil.amt if profil else None


def darf_leistung_bearbeiten(user, leistung: Leistung) -> bool:
    """May ``user`` change status and additional information of ``leistung`` (portal form on its page)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_perm("catalog.change_leistung"):
        return True
    if not user.has_perm("catalog.bearbeiten_eigenes_amt") or leistung.amt_id is None:
        return False
    amt = benutzer_amt(user)
    return amt is not None and amt.pk == leistung.amt_id
