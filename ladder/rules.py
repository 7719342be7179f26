"""Rules of the participatieladder: a placement fits its werkvorm's catalog entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from trajectories.rules import Fout
from werkzorg.datums import add_months


def plaatsing_fouten(werkvorm: Any, start: date | None, einde: date | None) -> list[Fout]:
    """A placement starts while its werkvorm exists and lasts at most its maximum duration.

    A placement that started before its werkvorm ended may run on past that end.
    """
    if start is None:
        return [Fout("start", "De startdatum is verplicht.")]
    fouten = []
    if einde is not None and einde < start:
        fouten.append(Fout("einde", "Het einde ligt vóór de start."))
    if werkvorm.geldig_van and start < werkvorm.geldig_van:
        fouten.append(Fout("start", f"De werkvorm {werkvorm.naam} bestaat pas vanaf "
                                    f"{werkvorm.geldig_van:%d/%m/%Y}."))
    laatste_instroom = werkvorm.einde_instroom or werkvorm.geldig_tot
    if laatste_instroom and start >= laatste_instroom:
        fouten.append(Fout("start", f"De werkvorm {werkvorm.naam} aanvaardt geen nieuwe plaatsingen "
                                    f"meer vanaf {laatste_instroom:%d/%m/%Y}."))
    if einde is not None:
        grens = None
        if werkvorm.max_duur_dagen:
            grens = start + timedelta(days=werkvorm.max_duur_dagen - 1)
        elif werkvorm.max_duur_maanden:
            grens = add_months(start, werkvorm.max_duur_maanden) - timedelta(days=1)
        if grens is not None and einde > grens:
            fouten.append(Fout("einde", f"De werkvorm {werkvorm.naam} duurt ten hoogste "
                                        f"{werkvorm.max_duur_dagen or werkvorm.max_duur_maanden} "
                                        f"{'dagen' if werkvorm.max_duur_dagen else 'maanden'}: "
                                        f"einde ten laatste op {grens:%d/%m/%Y}."))
    return fouten
