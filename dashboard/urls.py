from django.urls import path

from catalog import key_urls  # noqa: F401 - registers the path converter <leika:…>
from dashboard.views import (
    aemter,
    bearbeiten,
    bericht,
    daten,
    efa,
    erhebungen,
    fallzahlen,
    leistungen,
    mein_amt,
    online_dienste,
    uebersicht,
)

app_name = "dashboard"

urlpatterns = [
    path("", uebersicht.uebersicht, name="uebersicht"),
    path("mein-amt/", mein_amt.mein_amt, name="mein_amt"),
    path("aemter/", aemter.aemter, name="aemter"),
    path("aemter/<int:nummer>/", aemter.amt, name="amt"),
    path("leistungen/", leistungen.leistungen, name="leistungen"),
    # The key's 14 digits; any other notation (dotted, spaced) redirects there (catalog.key_urls).
    path("leistungen/<leika:schluessel>/", leistungen.leistung, name="leistung"),
    path("leistungen/<leika:schluessel>/bearbeiten/", bearbeiten.leistung_bearbeiten, name="leistung_bearbeiten"),
    path("online-dienste/", online_dienste.online_dienste, name="online_dienste"),
    path("efa/", efa.efa, name="efa"),
    path("fallzahlen/", fallzahlen.fallzahlen, name="fallzahlen"),
    path("erhebungen/", erhebungen.erhebungen, name="erhebungen"),
    path("erhebungen/<int:erhebung_id>/", erhebungen.erhebung, name="erhebung"),
    path("daten/kennzahlen.json", daten.kennzahlen_json, name="kennzahlen_json"),
    path("daten/kennzahlen.csv", daten.kennzahlen_csv, name="kennzahlen_csv"),
    path("daten/erhebungen.json", daten.erhebungen_json, name="erhebungen_json"),
    path("bericht/foliensatz.pptx", bericht.foliensatz, name="foliensatz"),
]
