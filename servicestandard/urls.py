"""The Servicestandard's addresses (included at the root by ozgportal/urls.py)."""

from django.urls import path

from . import daten

app_name = "servicestandard"

urlpatterns = [
    path("daten/servicestandard.json", daten.servicestandard_json, name="daten_json"),
    path("daten/servicestandard-leistungen.xlsx", daten.leistungen_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("daten/servicestandard-leistungen.csv", daten.leistungen_export, {"fmt": "csv"}, name="export_csv"),
]
