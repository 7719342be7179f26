"""Small hand-made ladder data: one helper per record kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import count

import pytest

from deelnemers.models import Deelnemer
from ladder.models import Ladderplaatsing

_ids = count(1)


@pytest.fixture
def deelnemer(db: None) -> Callable[..., Deelnemer]:
    def _maak(provincie: str = "west-vlaanderen", regio: str = "regio-brugge") -> Deelnemer:
        n = next(_ids)
        return Deelnemer.objects.create(
            id=f"T-{n}",
            voornaam="Test",
            achternaam=f"Persoon {n}",
            geboortedatum=date(1980, 1, 1),
            provincie_id=provincie,
            regio_id=regio,
        )

    return _maak


@pytest.fixture
def plaats(db: None) -> Callable[..., Ladderplaatsing]:
    """A placement written straight to the table, as the bundle import does (no rules)."""

    def _plaats(
        d: Deelnemer,
        werkvorm: str,
        start: date,
        einde: date | None = None,
        *,
        regio_wvl: str | None = "brugge",
        provincie: str = "west-vlaanderen",
    ) -> Ladderplaatsing:
        return Ladderplaatsing.objects.create(
            id=f"P-{next(_ids)}",
            deelnemer=d,
            werkvorm_id=werkvorm,
            start=start,
            einde=einde,
            regio_wvl_id=regio_wvl,
            provincie_id=provincie,
        )

    return _plaats
