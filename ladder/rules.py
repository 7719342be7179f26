"""Rules of the participatieladder: a placement fits its werkvorm's catalog entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from werkzorg.domein.datums import add_months, overlaps
from werkzorg.domein.fouten import Fout
from werkzorg.formats import datum as toon_datum

#: The province whose placements carry a West-Flemish region (`RegioWvl`), and that region's
#: code for a placement no region can be assigned to; the ladder report counts both.
WEST_VLAANDEREN = "west-vlaanderen"
NIET_TOE_TE_WIJZEN = "niet-toe-te-wijzen"


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


def plaatsing_datum_fouten(start: date | None, vandaag: date) -> list[Fout]:
    """A placement records what happened: it does not start in the future (decision 185)."""
    if start is not None and start > vandaag:
        return [Fout("start", f"De startdatum {start:%d/%m/%Y} ligt in de toekomst.")]
    return []


def gelijktijdige_plaatsing_fouten(nieuw: Any, andere: Iterable[Any]) -> list[Fout]:
    """Two placements of one participant in the same werkvorm do not run at once.

    Applies to placements recorded in the application (decision 185); a period is `start` to
    `einde` inclusive, open-ended when `einde` is empty.
    """
    fouten = []
    for o in andere:
        if o.id == nieuw.id or o.werkvorm_id != nieuw.werkvorm_id:
            continue
        if overlaps(o.start, o.einde, nieuw.start, nieuw.einde):
            periode = (
                f"van {o.start:%d/%m/%Y} tot {o.einde:%d/%m/%Y}"
                if o.einde
                else f"sinds {o.start:%d/%m/%Y} (zonder einde)"
            )
            fouten.append(
                Fout(
                    "start",
                    f"De deelnemer heeft al een plaatsing in deze werkvorm {periode}: pas die "
                    "plaatsing aan in plaats van een tweede te registreren.",
                )
            )
    return fouten


def regio_wvl_fouten(provincie_id: str | None, regio_wvl_id: str | None) -> list[Fout]:
    """A West-Flemish region only goes with the province West-Vlaanderen."""
    if regio_wvl_id and regio_wvl_id != NIET_TOE_TE_WIJZEN and provincie_id != WEST_VLAANDEREN:
        return [Fout("regio_wvl", "Een West-Vlaamse regio hoort bij de provincie West-Vlaanderen.")]
    return []
