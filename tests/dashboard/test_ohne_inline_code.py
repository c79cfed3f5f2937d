"""Every page works under a Content-Security-Policy without 'unsafe-inline': no inline script code (only JSON
data blocks and scripts loaded from the portal), no style attributes, no event-handler attributes."""

import re

import pytest
from django.urls import reverse

from tests.dashboard.test_abfragen import seiten

pytestmark = pytest.mark.django_db

SKRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<inhalt>.*?)</script>", re.S | re.I)
STIL_ATTRIBUT = re.compile(r"<[^>]+\sstyle\s*=", re.I)
EREIGNIS_ATTRIBUT = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def pruefe(content: str, url: str) -> None:
    for skript in SKRIPT.finditer(content):
        attrs, inhalt = skript.group("attrs"), skript.group("inhalt")
        if 'type="application/json"' in attrs:
            continue
        assert re.search(r'\ssrc="/static/', attrs) and not inhalt.strip(), f"{url}: {skript.group(0)[:120]}"
    assert not STIL_ATTRIBUT.search(content), url
    assert not EREIGNIS_ATTRIBUT.search(content), url
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", content), f"{url}: nothing from outside"


def test_no_page_has_inline_code_or_styles(angemeldet, baue_katalog, client):
    urls = [u for u in seiten(baue_katalog(2)[0]) if "export=" not in u]
    urls += [reverse("dashboard:uebersicht") + "?praesentation=1", reverse("dashboard:leistungen") + "?fallzahl_ab=x"]

    for url in urls:
        pruefe(angemeldet.get(url).content.decode(), url)
    angemeldet.logout()
    pruefe(client.get(reverse("login")).content.decode(), "login")
