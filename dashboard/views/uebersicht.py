"""``/``: the overview (funnel, online share, status distribution with the change since the last Erhebung, trend)."""

from __future__ import annotations

from django.shortcuts import render


def uebersicht(request):
    return render(request, "dashboard/uebersicht.html")
