"""One person's browser for tests that talk HTTP to real servers (the live server, gunicorn): a session of its
own, cookies, plain HTTP, no redirects followed."""

import http.client
import secrets
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.test import Client


class Besucher:
    """Signed in as ``user`` (a session in the database, valid on every server of that database) at ``adresse``
    (``http://127.0.0.1:8001``); ``umziehen`` sends the same browser to another server. ``hinter_proxy``: as
    behind the TLS-terminating reverse proxy (``X-Forwarded-Proto: https``; a browser's ``Origin`` on a POST)."""

    def __init__(self, adresse: str, user, *, hinter_proxy: bool = False):
        self.hinter_proxy = hinter_proxy
        client = Client()
        client.force_login(user)
        self.adresse = urlsplit(adresse)
        self.cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        self.kopfzeilen: dict[str, str] = {}  # of the last answer

    def umziehen(self, adresse: str) -> "Besucher":
        self.adresse = urlsplit(adresse)
        return self

    def anfrage(
        self, methode: str, pfad: str, daten: dict | None = None, *, dateien: dict | None = None
    ) -> tuple[int, str]:
        """``daten`` as a form; with ``dateien`` ({field: (file name, bytes)}) as multipart/form-data."""
        verbindung = http.client.HTTPConnection(self.adresse.hostname, self.adresse.port, timeout=60)
        kopf = {"Cookie": "; ".join(f"{name}={wert}" for name, wert in self.cookies.items())}
        if self.hinter_proxy:
            kopf["X-Forwarded-Proto"] = "https"
            if methode == "POST":
                kopf["Origin"] = f"https://{self.adresse.netloc}"
        rumpf = None
        if dateien is not None:
            rumpf, kopf["Content-Type"] = _multipart(daten or {}, dateien)
        elif daten is not None:
            rumpf = urlencode(daten)
            kopf["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            verbindung.request(methode, pfad, body=rumpf, headers=kopf)
            antwort = verbindung.getresponse()
            for zeile in antwort.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(zeile).items():
                    self.cookies[name] = morsel.value
            self.kopfzeilen = dict(antwort.headers.items())
            return antwort.status, antwort.read().decode()
        finally:
            verbindung.close()


def _multipart(daten: dict, dateien: dict) -> tuple[bytes, str]:
    grenze = secrets.token_hex(16)
    teile = []
    for name, wert in daten.items():
        teile.append(f'--{grenze}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{wert}\r\n'.encode())
    for name, (dateiname, inhalt) in dateien.items():
        teile.append(
            f'--{grenze}\r\nContent-Disposition: form-data; name="{name}"; filename="{dateiname}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + inhalt
            + b"\r\n"
        )
    teile.append(f"--{grenze}--\r\n".encode())
    return b"".join(teile), f"multipart/form-data; boundary={grenze}"
