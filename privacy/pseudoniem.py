"""Pseudonyms of the research extract: a keyed HMAC-SHA256 per purpose.

The secret (`WERKZORG_PSEUDONIEM_SLEUTEL`) never leaves the application. Each purpose gets its
own key, HMAC-SHA256(secret, "werkzorg-onderzoeksextract|" + purpose code), so the pseudonym
of one participant differs per purpose (two recipients cannot link their extracts) and stays
the same for a purpose from one year's extract to the next (longitudinal research). Without
the secret a pseudonym cannot be traced back, not even by trying every participant id.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

# Development only: used when the setting is empty (never in production, which requires one).
ONTWIKKELSLEUTEL = "werkzorg-ontwikkeling-pseudoniemsleutel-niet-voor-echte-gegevens"  # noqa: S105
_CONTEXT = b"werkzorg-onderzoeksextract|"


def gebruikt_ontwikkelsleutel() -> bool:
    return not getattr(settings, "WERKZORG_PSEUDONIEM_SLEUTEL", "")


def _geheim() -> bytes:
    geheim = getattr(settings, "WERKZORG_PSEUDONIEM_SLEUTEL", "")
    if not geheim:
        logger.warning(
            "WERKZORG_PSEUDONIEM_SLEUTEL is niet ingesteld: de vaste ontwikkelsleutel wordt "
            "gebruikt. Niet geschikt voor echte gegevens."
        )
        geheim = ONTWIKKELSLEUTEL
    return geheim.encode("utf-8")


def sleutel_voor_doel(doel_code: str) -> bytes:
    """The pseudonymisation key of one purpose, derived from the secret and the code."""
    return hmac.new(_geheim(), _CONTEXT + doel_code.encode("utf-8"), hashlib.sha256).digest()


class Pseudonimiseerder:
    """Pseudonyms for one purpose; the key is derived once."""

    def __init__(self, doel_code: str) -> None:
        self._sleutel = sleutel_voor_doel(doel_code)

    def deelnemer(self, deelnemer_id: str) -> str:
        """HMAC-SHA256(key of the purpose, participant id), 64 hex characters."""
        return hmac.new(self._sleutel, deelnemer_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def organisatie(self, organisatie_id: str) -> str:
        """The same for an organisation (a begeleider), in a separate domain of the key."""
        return hmac.new(
            self._sleutel, b"organisatie:" + organisatie_id.encode("utf-8"), hashlib.sha256
        ).hexdigest()
