"""Small hand-made ladder data: one helper per record kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import count

import pytest

from deelnemers.models import Deelnemer
from ladder.models import Ladderplaatsing
from tests import factories as f

_ids = count(1)


@pytest.fixture
def deelnemer(db: None) -> Callable[..., Deelnemer]:
    """A participant in Brugge (West-Vlaanderen), the region of the ladder's regional table."""

    def _maak() -> Deelnemer:
        return f.deelnemer("regio-brugge", geboortedatum=date(1980, 1, 1))

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
