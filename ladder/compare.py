"""Compare a ladder report with a published table (semantics of report-json.md).

Every leaf of the expected document's `jaar` and `tables` is one cell; an erratum replaces
its cell by `consistent_value` first. Counts must be equal; a percentage (`pct`, `pct_…`)
must lie within half a unit of the expected value's own precision, bounds included; an
expected null needs a null. Cells only in the report are ignored; a missing cell fails.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

_MISSING = object()


def laad(path: Path) -> dict[str, Any]:
    """JSON with decimals kept as written (their precision is the tolerance)."""
    return json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)


def _met_errata(expected: dict[str, Any]) -> dict[str, Any]:
    expected = copy.deepcopy(expected)
    for e in expected.get("errata", []):
        *pad, laatste = e["where"].split(".")
        node: Any = expected.get("tables", {})
        for k in pad:
            node = node.get(k) if isinstance(node, dict) else None
        if isinstance(node, dict) and laatste in node:
            node[laatste] = e["consistent_value"]
    return expected


def _is_pct(key: str) -> bool:
    return key == "pct" or key.startswith("pct_")


def _cel_klopt(key: str, verwacht: Any, gekregen: Any) -> bool:
    if verwacht is None:
        return gekregen is None
    if gekregen is _MISSING or gekregen is None:
        return False
    if _is_pct(key):
        verwacht = Decimal(str(verwacht))
        half = Decimal(1).scaleb(verwacht.as_tuple().exponent) / 2
        return abs(Decimal(str(gekregen)) - verwacht) <= half
    return gekregen == verwacht


def vergelijk(report: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """The mismatches, one line each (`table.row.column: expected X, got Y`); empty if equal."""
    expected = _met_errata(expected)
    fouten: list[str] = []

    def walk(pad: list[str], verwacht: Any, gekregen: Any) -> None:
        if isinstance(verwacht, dict):
            for k, v in verwacht.items():
                sub = gekregen.get(k, _MISSING) if isinstance(gekregen, dict) else _MISSING
                walk([*pad, k], v, sub)
            return
        if not _cel_klopt(pad[-1], verwacht, gekregen):
            shown = "missing" if gekregen is _MISSING else gekregen
            fouten.append(f"{'.'.join(pad)}: expected {verwacht}, got {shown}")

    for key in ("jaar", "peildatum"):
        if key in expected:
            walk([key], expected[key], report.get(key, _MISSING))
    walk([], expected.get("tables", {}), report.get("tables", {}))
    return fouten
