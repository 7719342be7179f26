"""`_PerDeelnemer` (decision 540): a participant's rows come back as a dict of lists would
hold them, in file order, also when participants share a hash."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from types import SimpleNamespace

import pytest

from bundle.validatie import _PerDeelnemer

VELDEN = ("id", "start", "einde", "lijn")
RIJEN = [
    ("D2", ("W1", date(2024, 1, 1), None, 2)),
    ("D1", ("W2", date(2023, 5, 6), date(2024, 2, 29), 3)),
    ("D2", ("W3", date(2024, 6, 1), date(2025, 1, 1), 4)),
    ("D3", ("W4", date(1, 1, 1), None, 5)),
    ("D1", ("W5", date(9999, 12, 31), None, 6)),
    ("D2", ("W6", date(2024, 6, 1), None, 7)),
]


class _Botsend(_PerDeelnemer):
    """Every participant the same hash."""

    hash = staticmethod(lambda _deelnemer: 42)


def _verwacht(alle: bool) -> dict[str, list[SimpleNamespace]]:
    per: dict[str, list[SimpleNamespace]] = defaultdict(list)
    for deelnemer, waarden in RIJEN:
        per[deelnemer].append(SimpleNamespace(**dict(zip(VELDEN, waarden, strict=True))))
    return {d: r for d, r in per.items() if alle or len(r) > 1}


@pytest.mark.parametrize("soort", [_PerDeelnemer, _Botsend])
@pytest.mark.parametrize("alle", [False, True])
def test_it_groups_rows_per_participant_in_file_order(soort, alle):  # noqa: ANN001
    rijen = soort(VELDEN, datums=("start", "einde"))
    for deelnemer, waarden in RIJEN:
        rijen.append(deelnemer, waarden)
    assert len(rijen) == len(RIJEN)
    groepen = list(rijen.groepen(alle=alle))
    assert len(groepen) == len({d for d, _r in groepen})  # each participant once
    assert dict(groepen) == _verwacht(alle)


def test_it_keeps_texts_numbers_and_none_as_they_are():
    rijen = _PerDeelnemer(("id", "begeleider_id", "lijn"))
    rijen.append("D1", ("é€", None, 4_000_000_000))
    rijen.append("D1", ("", "O1", 0))
    [(deelnemer, [a, b])] = rijen.groepen(alle=False)
    assert deelnemer == "D1"
    assert (a.id, a.begeleider_id, a.lijn) == ("é€", None, 4_000_000_000)
    assert (b.id, b.begeleider_id, b.lijn) == ("", "O1", 0)


def test_it_has_no_groups_without_rows():
    assert list(_PerDeelnemer(VELDEN).groepen(alle=True)) == []
