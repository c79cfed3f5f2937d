"""Who may do what with an Erhebungsrunde (the groups carry the permissions, see README "Erhebungsrunde").

- the Redaktion (Amt 15) opens, reminds and closes: the admin's model permission ``change_erhebungsrunde``;
- an Amtsleitung answers for the Leistungen of its own Amt: the same rule as the status form on a Leistung's page
  (``catalog.berechtigungen``), for the Amt the round asked;
- everyone who may read the portal sees the progress.
"""

from __future__ import annotations

from catalog.berechtigungen import authenticated_user, benutzer_amt
from catalog.models import Amt

VERWALTEN = "erhebungsrunde.change_erhebungsrunde"


def darf_runde_verwalten(user) -> bool:
    """May ``user`` open, remind and close rounds (the Redaktion)?"""
    user = authenticated_user(user)
    return user is not None and user.is_active and user.has_perm(VERWALTEN)


def rueckmelde_amt(user) -> Amt | None:
    """The Amt ``user`` answers for in a round (the Amt of the Benutzerprofil, if the user may change its
    Leistungen), or None. One query for the profile, the permissions from Django's cache."""
    user = authenticated_user(user)
    if user is None or not user.is_active:
        return None
    if not (user.has_perm("catalog.bearbeiten_eigenes_amt") or user.has_perm("catalog.change_leistung")):
        return None
    return benutzer_amt(user)


def darf_rueckmelden(user, amt: Amt) -> bool:
    """May ``user`` answer for ``amt``: its Amtsleitung, or the Redaktion (which may change every Leistung)."""
    user = authenticated_user(user)
    if user is None or not user.is_active:
        return False
    if user.has_perm("catalog.change_leistung"):
        return True
    if not user.has_perm("catalog.bearbeiten_eigenes_amt"):
        return False
    eigenes = benutzer_amt(user)
    return eigenes is not None and eigenes.pk == amt.pk
