"""The only writer of ladder placements.

CONTRACT (used by the web form, the API and tests):

    registreer_plaatsing(*, door, deelnemer_id, werkvorm_id, start, einde=None, provincie_id,
                         regio_wvl_id=None, organisatie_id=None, regio_id=None)
        -> Ladderplaatsing

A refusal raises `trajectories.rules.Geweigerd` with Dutch messages and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from deelnemers.models import Deelnemer
from ladder.models import Ladderplaatsing, RegioWvl, Werkvorm
from ladder.report import NIET_TOE_TE_WIJZEN
from ladder.rules import (
    gelijktijdige_plaatsing_fouten,
    plaatsing_datum_fouten,
    plaatsing_fouten,
    regio_wvl_fouten,
)
from organisaties.models import Organisatie
from referentie.models import Provincie, Regio
from werkzorg.domein.fouten import Fout, Geweigerd
from werkzorg.ids import nieuw_id

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def registreer_plaatsing(
    *,
    door: User,
    deelnemer_id: str,
    werkvorm_id: str,
    start: date,
    einde: date | None = None,
    provincie_id: str,
    regio_wvl_id: str | None = None,
    organisatie_id: Any = None,
    regio_id: str | None = None,
) -> Ladderplaatsing:
    """Record a placement of a participant in a werkvorm (and so on its trede).

    The werkvorm must exist on the start date and the placement may not outlast the
    werkvorm's maximum duration (`ladder.rules.plaatsing_fouten`), it does not start in the
    future and does not run at once with another placement of the participant in the same
    werkvorm. A West-Flemish region only goes with the province West-Vlaanderen
    (`regio_wvl_fouten`); `niet-toe-te-wijzen` is stored as empty.
    """
    fouten: list[Fout] = []
    # lock the participant so that two simultaneous placements keep a consistent history
    deelnemer = Deelnemer.objects.select_for_update().filter(pk=deelnemer_id).first()
    if deelnemer is None:
        fouten.append(Fout("deelnemer", "Onbekende deelnemer."))
    werkvorm = Werkvorm.objects.filter(pk=werkvorm_id).first()
    if werkvorm is None:
        fouten.append(Fout("werkvorm", "Onbekende werkvorm."))
    else:
        fouten += plaatsing_fouten(werkvorm, start, einde)
        fouten += plaatsing_datum_fouten(start, timezone.localdate())
        if deelnemer is not None and not fouten:
            nieuw = Ladderplaatsing(werkvorm_id=werkvorm.pk, start=start, einde=einde)
            fouten += gelijktijdige_plaatsing_fouten(nieuw, deelnemer.ladderplaatsingen.all())
    if not Provincie.objects.filter(pk=provincie_id).exists():
        fouten.append(Fout("provincie", "Onbekende provincie."))
    if regio_wvl_id == NIET_TOE_TE_WIJZEN:
        regio_wvl_id = None
    if regio_wvl_id:
        if not RegioWvl.objects.filter(pk=regio_wvl_id).exists():
            fouten.append(Fout("regio_wvl", "Onbekende West-Vlaamse regio."))
        else:
            fouten += regio_wvl_fouten(provincie_id, regio_wvl_id)
    if regio_id and not Regio.objects.filter(pk=regio_id).exists():
        fouten.append(Fout("regio", "Onbekende werk- en zorgregio."))
    if organisatie_id and not Organisatie.objects.filter(pk=organisatie_id).exists():
        fouten.append(Fout("organisatie", "Onbekende organisatie."))
    if fouten:
        raise Geweigerd(fouten)
    plaatsing = Ladderplaatsing(
        id=nieuw_id("LP", Ladderplaatsing),
        deelnemer=deelnemer,
        werkvorm=werkvorm,
        start=start,
        einde=einde,
        provincie_id=provincie_id,
        regio_wvl_id=regio_wvl_id or None,
        organisatie_id=organisatie_id or None,
        regio_id=regio_id or None,
    )
    plaatsing.save(force_insert=True)
    return plaatsing
