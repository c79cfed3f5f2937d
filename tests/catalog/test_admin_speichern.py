"""A save from a browser: the admin's change page of a Leistung posted back exactly as rendered (every input,
select and textarea the page holds, nothing added) saves, and raises the version; a second post of the same, now
stale page is refused as a conflict."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class FormularLeser(HTMLParser):
    """The values a browser would send for the form with id ``leistung_form`` (Django's change form)."""

    def __init__(self):
        super().__init__()
        self.daten: list[tuple[str, str]] = []
        self.im_formular = False
        self.auswahl: str | None = None
        self.auswahl_wert: str | None = None
        self.textfeld: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "leistung_form":
            self.im_formular = True
        if not self.im_formular or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            art = a.get("type", "text")
            if art in ("checkbox", "radio"):
                if "checked" in a:
                    self.daten.append((a["name"], a.get("value", "on")))
            elif art not in ("submit", "button", "file"):
                self.daten.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.auswahl, self.auswahl_wert = a["name"], None
        elif tag == "option" and self.auswahl is not None and ("selected" in a or self.auswahl_wert is None):
            self.auswahl_wert = a.get("value", "")  # the selected option, else the first
        elif tag == "textarea" and a.get("name"):
            self.textfeld = a["name"]
            self.daten.append((a["name"], ""))

    def handle_data(self, data):
        if self.textfeld is not None:
            name, wert = self.daten[-1]
            self.daten[-1] = (name, wert + data)

    def handle_endtag(self, tag):
        if tag == "select" and self.auswahl is not None:
            self.daten.append((self.auswahl, self.auswahl_wert or ""))
            self.auswahl = None
        elif tag == "textarea":
            self.textfeld = None
        elif tag == "form":
            self.im_formular = False


def gerendert(client, url) -> dict[str, list[str]]:
    leser = FormularLeser()
    leser.feed(client.get(url).content.decode())
    daten: dict[str, list[str]] = {}
    for name, wert in leser.daten:
        daten.setdefault(name, []).append(wert.lstrip("\n"))
    return daten


def test_the_change_page_posted_back_as_rendered_saves_and_raises_the_version(client, redaktion, leistung):
    client.force_login(redaktion)
    url = reverse("admin:catalog_leistung_change", args=[leistung.pk])
    daten = gerendert(client, url)
    assert "gesehene_version" in daten  # the version the page shows travels with the form
    daten["zusaetzliche_informationen"] = ["Im Browser geändert"]

    gespeichert = client.post(url, daten)
    veraltet = client.post(url, {**daten, "zusaetzliche_informationen": ["Zweiter Versuch"]})

    assert gespeichert.status_code == 302, gespeichert.content.decode()[:2000]
    leistung.refresh_from_db()
    assert (leistung.zusaetzliche_informationen, leistung.version) == ("Im Browser geändert", 2)
    assert veraltet.status_code == 200 and "inzwischen von jemand anderem geändert" in veraltet.content.decode()
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == "Im Browser geändert"
