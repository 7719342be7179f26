"""Which address is the client? One answer for the lockout (django-axes) and allauth's rate
limits, so both count per real client behind a reverse proxy."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address.

    Without a proxy (`WERKZORG_PROXY_AANTAL = 0`) it is REMOTE_ADDR and X-Forwarded-For is
    ignored: anyone can send that header. Behind N trusted proxies, each appending the address it
    received the request from, the client is the N-th address from the right of
    X-Forwarded-For; everything left of it was written by the client and is not trusted. A
    header that is missing, too short or not an address falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    aantal = int(getattr(settings, "WERKZORG_PROXY_AANTAL", 0) or 0)
    if aantal <= 0:
        return remote
    adressen = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    adressen = [a for a in adressen if a]
    if len(adressen) < aantal:
        return remote
    kandidaat = adressen[-aantal]
    try:
        return str(ipaddress.ip_address(kandidaat))
    except ValueError:
        return remote
