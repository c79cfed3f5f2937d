"""The implementation plan's URLs; included at the root: ``/planung/`` and ``/daten/prognose.json`` (next to the
dashboard's ``/daten/`` figures)."""

from django.urls import path

from . import daten, views

app_name = "planung"

urlpatterns = [
    path("planung/", views.plan, name="plan"),
    path("daten/prognose.json", daten.prognose_json, name="prognose_json"),
]
