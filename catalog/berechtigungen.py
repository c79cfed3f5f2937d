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


def ist_amtsleitung(user) -> bool:
    """Does ``user`` act as the head of one Amt (changes only its Leistungen; "Mein Amt" is the start page)? The
    Redaktion, who may change every Leistung, is not; no query (the permissions are cached per request)."""
    return (
        authenticated_user(user) is not None
        and user.has_perm("catalog.bearbeiten_eigenes_amt")
        and not user.has_perm("catalog.change_leistung")
    )


def darf_leistung_bearbeiten(user, leistung: Leistung) -> bool:
    """May ``user`` change status and additional information of ``leistung`` (portal form on its page)?"""
    return darf_amt_bearbeiten(user, leistung.amt_id)


def darf_amt_bearbeiten(user, amt_id: int | None, *, eigenes_amt: Amt | None = None) -> bool:
    """May ``user`` change the Leistungen of the Amt ``amt_id`` (the Redaktion: every Amt)? ``eigenes_amt``: the
    user's Amt when already loaded (saves the query)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_perm("catalog.change_leistung"):
        return True
    if not user.has_perm("catalog.bearbeiten_eigenes_amt") or amt_id is None:
        return False
    amt = eigenes_amt if eigenes_amt is not None else benutzer_amt(user)
    return amt is not None and amt.pk == amt_id
