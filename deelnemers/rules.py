"""Rules on deelnemers: INSZ and non-overlapping labour-market positions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from stdnum.be import bis, nn

from werkzorg.domein.datums import overlaps
from werkzorg.domein.fouten import Fout
from werkzorg.formats import datum as toon_datum


def normaliseer_insz(value: str) -> str:
    """Validate a Belgian INSZ (national or BIS number, the 2000+ rule included).

    Returns the 11 digits; raises ValueError with a Dutch message.
    """
    # Already compact (every bundle row): skip one of stdnum's two clean-ups, half its cost.
    compact = value if len(value) == 11 and value.isdigit() else nn.compact(value)
    if nn.is_valid(compact) or bis.is_valid(compact):
        return compact
    raise ValueError(f"Ongeldig INSZ-nummer: {value}")


def positie_fouten(posities: Iterable[Any]) -> list[Fout]:
    """Periods of one participant's labour-market positions must not overlap."""
    gesorteerd = sorted(posities, key=lambda p: p.van)
    fouten = []
    for vorige, p in zip(gesorteerd, gesorteerd[1:], strict=False):
        if overlaps(vorige.van, vorige.tot, p.van, p.tot):
            fouten.append(
                Fout(
                    "van",
                    f"De periode vanaf {toon_datum(p.van)} overlapt met de periode "
                    f"vanaf {toon_datum(vorige.van)}.",
                )
            )
    return fouten
