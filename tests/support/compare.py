"""Compare a report (Mededeling or ladder) with a published one, as `report-json.md` says.

Every leaf of the expected `jaar`, `peildatum` and `tables` is one compared cell; the expected
file's `errata` first replace their cell by `consistent_value`. A count must be equal; a
percentage (key `pct` or `pct_...`) must lie within half a unit of the precision in which the
expected value is written, both ends included (40 accepts 39.5..40.5, 43.1 accepts
43.05..43.15); an expected null needs a null. Tables, rows and columns only in the report are
ignored; a cell missing from the report fails.

Used by the acceptance tests against the fixtures' `published.json` and by
`bench/bench_report.py`. The leaves are read with `reporting.services.bladeren`, the one walker
over report JSON.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reporting.services import bladeren

_ONTBREEKT = object()
# The keys of a published file that hold cells; `_about` and `errata` are not cells.
_CEL_SLEUTELS = ("jaar", "peildatum")


@dataclass(frozen=True)
class Verschil:
    """One cell that does not match: its dotted path, the expected and the reported value."""

    pad: str
    verwacht: Any
    gekregen: Any

    def __str__(self) -> str:
        return f"{self.pad}: expected {_toon(self.verwacht)}, got {_toon(self.gekregen)}"


@dataclass
class Vergelijking:
    geslaagd: int = 0
    verschillen: list[Verschil] = field(default_factory=list)

    @property
    def mislukt(self) -> int:
        return len(self.verschillen)

    @property
    def vergeleken(self) -> int:
        return self.geslaagd + self.mislukt

    def __str__(self) -> str:
        regels = [str(v) for v in self.verschillen]
        regels.append(f"{self.geslaagd} passed, {self.mislukt} failed")
        return "\n".join(regels)


def laad(pad: Path | str) -> dict[str, Any]:
    """A report or expected file, its decimals read as Decimal so their precision is kept."""
    with open(pad, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def _toon(waarde: Any) -> str:
    if waarde is _ONTBREEKT:
        return "missing"
    if waarde is None:
        return "null"
    return json.dumps(waarde) if isinstance(waarde, str) else str(waarde)


def _met_errata(expected: dict[str, Any]) -> dict[str, Any]:
    expected = copy.deepcopy(expected)
    for erratum in expected.get("errata", []):
        *pad, laatste = erratum["where"].split(".")
        node: Any = expected.get("tables", {})
        for sleutel in pad:
            node = node.get(sleutel) if isinstance(node, dict) else None
        if isinstance(node, dict) and laatste in node:
            node[laatste] = erratum["consistent_value"]
    return expected


def _opzoeken(node: Any, pad: tuple[str, ...]) -> Any:
    for sleutel in pad:
        if not isinstance(node, dict) or sleutel not in node:
            return _ONTBREEKT
        node = node[sleutel]
    return node


def _is_getal(waarde: Any) -> bool:
    return isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool)


def _decimaal(waarde: int | float | Decimal) -> Decimal:
    # str() of a float is its shortest repr (43.1, not 43.0999...), the value JSON would carry.
    return waarde if isinstance(waarde, Decimal) else Decimal(str(waarde))


def marge(verwacht: int | float | Decimal) -> Decimal:
    """Half a unit of the precision in which `verwacht` is written (40 -> 0.5, 43.1 -> 0.05)."""
    exponent = 0 if isinstance(verwacht, int) else int(_decimaal(verwacht).as_tuple().exponent)
    return Decimal(5) * Decimal(10) ** (exponent - 1)


def cel_klopt(kolom: str, verwacht: Any, gekregen: Any) -> bool:
    """Whether one reported cell matches its expected value (see the module docstring)."""
    if gekregen is _ONTBREEKT:
        return False
    if verwacht is None or gekregen is None:
        return verwacht is None and gekregen is None
    if not (_is_getal(verwacht) and _is_getal(gekregen)):
        return verwacht == gekregen
    if kolom == "pct" or kolom.startswith("pct_"):
        return abs(_decimaal(gekregen) - _decimaal(verwacht)) <= marge(verwacht)
    return _decimaal(gekregen) == _decimaal(verwacht)


def tabelcellen(expected: dict[str, Any]) -> int:
    """How many leaves the `tables` of a published document hold."""
    return sum(1 for _ in bladeren(expected.get("tables", {})))


def gepubliceerde_cellen(expected: dict[str, Any]) -> int:
    """How many cells a published document holds: `jaar`, `peildatum`, the leaves of `tables`."""
    return sum(1 for sleutel in _CEL_SLEUTELS if sleutel in expected) + tabelcellen(expected)


def vergelijk(report: dict[str, Any], expected: dict[str, Any]) -> Vergelijking:
    """Compare every expected cell with the report's; see the module docstring."""
    expected = _met_errata(expected)
    cellen: list[tuple[tuple[str, ...], Any, Any]] = [
        ((sleutel,), expected[sleutel], report.get(sleutel, _ONTBREEKT))
        for sleutel in _CEL_SLEUTELS
        if sleutel in expected
    ]
    cellen += [
        (pad, verwacht, _opzoeken(report.get("tables", {}), pad))
        for pad, verwacht in bladeren(expected.get("tables", {}))
    ]
    resultaat = Vergelijking()
    for pad, verwacht, gekregen in cellen:
        if cel_klopt(pad[-1], verwacht, gekregen):
            resultaat.geslaagd += 1
        else:
            resultaat.verschillen.append(Verschil(".".join(pad), verwacht, gekregen))
    return resultaat


def assert_reproduceert(report: dict[str, Any], expected: dict[str, Any]) -> Vergelijking:
    """Assert that the report matches every published cell, and that there were cells to match.

    Without the counts an emptied `published.json` (or one whose tables moved under another
    key) would compare nothing, or only its year, and pass.
    """
    resultaat = vergelijk(report, expected)
    assert resultaat.mislukt == 0, str(resultaat)
    verwacht = gepubliceerde_cellen(expected)
    assert resultaat.vergeleken == verwacht, (
        f"{resultaat.vergeleken} cells compared, the published file holds {verwacht}"
    )
    assert tabelcellen(expected) > 0, "the published file holds no table cells"
    return resultaat
