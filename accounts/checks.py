"""Deploy checks (`manage.py check --deploy`) for what several web processes must share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def gedeelde_cache(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Login throttling, spent TOTP codes and lockouts live in the cache: with a per-process
    cache each gunicorn worker would keep its own, and a spent code would work again in the
    next one. Production needs a shared cache (CACHE_URL, Redis)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return [
            Warning(
                "Geen gedeelde cache: zet CACHE_URL (bv. redis://127.0.0.1:6379/1). "
                "Zonder gedeelde cache gelden de beperkingen op inlogpogingen en de "
                "eenmalige tweestapscodes per webproces.",
                id="werkzorg.W001",
            )
        ]
    return []
