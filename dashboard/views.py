"""The portal's pages. Views stay thin: they read figures through selectors and render templates."""

from django.shortcuts import render


def uebersicht(request):
    return render(request, "dashboard/uebersicht.html")
