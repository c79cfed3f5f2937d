"""The Servicestandard's addresses (included at the root by ozgportal/urls.py)."""

from django.urls import path

from catalog import key_urls  # noqa: F401 - registers the path converter <leika:…>

from . import daten, views

app_name = "servicestandard"

urlpatterns = [
    path("servicestandard/", views.servicestandard, name="servicestandard"),
    # The key's 14 digits; any other notation (dotted, spaced) redirects there, as the Leistung page does.
    path("servicestandard/pruefen/<leika:schluessel>/", views.pruefen, name="pruefen"),
    path("daten/servicestandard.json", daten.servicestandard_json, name="daten_json"),
]
