"""Reads of the dossier app, scoped like every dossier read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.log import log_dossier_inzage
from deelnemers.duplicaten import Score
from deelnemers.selectors import visible_to
from dossier.models import SamengevoegdDossier


def opvolger(user: Any, oud_id: str) -> str | None:
    """The dossier `oud_id` was merged into (the end of the chain), when `user` may see it."""
    nieuw = None
    huidig = oud_id
    for _stap in range(20):  # a chain of merges; never a cycle, but bounded anyway
        volgende = (
            SamengevoegdDossier.objects.filter(oud_id=huidig)
            .values_list("nieuw_id", flat=True)
            .first()
        )
        if volgende is None:
            break
        nieuw = huidig = volgende
    if nieuw and visible_to(user).filter(pk=nieuw).exists():
        return nieuw
    return None


def samengevoegd_in(deelnemer_id: str) -> list[SamengevoegdDossier]:
    """The dossiers merged into `deelnemer_id` (directly or along a chain), oldest first: the
    dossier's timeline shows each merge. Fetch the dossier within scope first."""
    return list(
        SamengevoegdDossier.objects.filter(nieuw_id=deelnemer_id)
        .select_related("door")
        .order_by("op", "oud_id")
    )


@dataclass
class ZichtbareKandidaat:
    """A possible duplicate as the registering user may see it: details only within scope."""

    zichtbaar: bool
    deelnemer: Any = None
    score: Score | None = None


def kandidaten_voor_gebruiker(request: Any, kandidaten: list[tuple[Any, Score]]) -> list[Any]:
    """Candidates inside the user's scope with their details (a logged read); outside it only
    that one exists (the user is told to contact the beheerder), never who."""
    ids = [d.pk for d, _s in kandidaten]
    binnen = set(visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    uit = [ZichtbareKandidaat(True, d, s) for d, s in kandidaten if d.pk in binnen]
    if len(uit) < len(kandidaten):
        uit.append(ZichtbareKandidaat(False))
    log_dossier_inzage(request, sorted(binnen), "ui")
    return uit
