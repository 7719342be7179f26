"""Rules of the participatieladder: a placement fits its werkvorm's catalog entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from werkzorg.domein.datums import add_months
from werkzorg.domein.fouten import Fout
from werkzorg.formats import datum as toon_datum


def laatste_einde(werkvorm: Any, start: date) -> date | None:
    """The last day a placement starting on `start` may run (None: no maximum duration)."""
    if werkvorm.max_duur_dagen:
        return start + timedelta(days=werkvorm.max_duur_dagen - 1)
    if werkvorm.max_duur_maanden:
        return add_months(start, werkvorm.max_duur_maanden) - timedelta(days=1)
    return None


def plaatsing_fouten(werkvorm: Any, start: date | None, einde: date | None) -> list[Fout]:
    """A placement starts while its werkvorm exists and lasts at most its maximum duration.

    A placement that started before its werkvorm ended may run on past that end. The catalog's
    `einde_instroom` closes a werkvorm to new placements before it ends.
    """
    if start is None:
        return [Fout("start", "De startdatum is verplicht.")]
    fouten = []
    if einde is not None and einde < start:
        fouten.append(Fout("einde", "Het einde ligt vóór de start."))
    if werkvorm.geldig_van and start < werkvorm.geldig_van:
        fouten.append(
            Fout(
                "start",
                f"De werkvorm {werkvorm.naam} bestaat pas vanaf {toon_datum(werkvorm.geldig_van)}.",
            )
        )
    grenzen = [d for d in (werkvorm.einde_instroom, werkvorm.geldig_tot) if d]
    if grenzen and start >= min(grenzen):
        fouten.append(
            Fout(
                "start",
                f"De werkvorm {werkvorm.naam} aanvaardt geen nieuwe plaatsingen meer "
                f"vanaf {toon_datum(min(grenzen))}.",
            )
        )
    grens = laatste_einde(werkvorm, start)
    if einde is not None and grens is not None and einde > grens:
        duur = (
            f"{werkvorm.max_duur_dagen} dagen"
            if werkvorm.max_duur_dagen
            else f"{werkvorm.max_duur_maanden} maanden"
        )
        fouten.append(
            Fout(
                "einde",
                f"De werkvorm {werkvorm.naam} duurt ten hoogste {duur}: "
                f"einde ten laatste op {toon_datum(grens)}.",
            )
        )
    return fouten
