"""The implementation plan's URLs; included at the root (``/daten/prognose.json`` sits next to the dashboard's
``/daten/`` figures)."""

from django.urls import path

from . import daten

app_name = "planung"

urlpatterns = [
    path("daten/prognose.json", daten.prognose_json, name="prognose_json"),
]
