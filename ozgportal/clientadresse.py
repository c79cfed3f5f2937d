"""The address of the client that sent a request, behind the city's reverse proxies (``PROXY_COUNT``).

Each proxy appends the address it received the request from to ``X-Forwarded-For``; everything left of those
entries was sent by the client and may be invented. With ``PROXY_COUNT = n`` the client is therefore the n-th
entry from the right (the leftmost, if the header has fewer entries); with ``PROXY_COUNT = 0`` (no proxy) the
header is ignored and the client is ``REMOTE_ADDR``. A missing or garbled entry falls back to ``REMOTE_ADDR``.

django-axes asks this function (``AXES_CLIENT_IP_CALLABLE``), so a lockout holds for one user from one real
client, and its access logs record that client. django-ipware, which django-axes would use otherwise, counts
differently (it expects the last proxy's own address in the header too) and, strict by default, falls back to
the proxy's address whenever a client adds entries of its own: every such client would share one address.
"""

import ipaddress

from django.conf import settings


def client_adresse(request) -> str | None:
    """The client's IP address as text (``REMOTE_ADDR`` when there is no trustworthy header entry)."""
    remote_addr = request.META.get("REMOTE_ADDR")
    anzahl = settings.PROXY_COUNT
    weitergeleitet = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not anzahl or not weitergeleitet.strip():
        return remote_addr
    eintraege = [eintrag.strip() for eintrag in weitergeleitet.split(",")]
    kandidat = eintraege[-min(anzahl, len(eintraege))]
    try:
        return str(ipaddress.ip_address(kandidat))
    except ValueError:
        return remote_addr
