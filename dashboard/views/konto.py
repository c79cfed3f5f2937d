"""Signing in: where a person lands. An Amtsleitung starts on "Mein Amt", everyone else on the overview; an address
the person asked for before signing in (``next``, other than the start page) always wins."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse

from catalog.berechtigungen import ist_amtsleitung


class AnmeldenView(auth_views.LoginView):
    def get_success_url(self):
        ziel = self.get_redirect_url()
        if ziel and ziel != "/":
            return ziel
        if ist_amtsleitung(self.request.user):
            return reverse("dashboard:mein_amt")
        return self.get_default_redirect_url()


anmelden = AnmeldenView.as_view()
