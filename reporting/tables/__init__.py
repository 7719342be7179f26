"""The tables of the yearly Mededeling, one function per table, computed in the database.

Each function takes the report year and the peildatum and returns the table in the shape of
`shared/spec/report-json.md`; `TABELLEN` lists them in the order of the Mededeling. The rules
are those of `shared/spec/counting-rules.md` sections 1-7; every function counts with
aggregate queries (GROUP BY, filtered COUNT, EXISTS), never by loading dossiers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reporting.tables.activering import (
    activering_eindadviezen,
    activering_geinitieerd_op_jaareinde,
    activering_kenmerken,
    activering_status_per_regio,
    activering_uitstroom,
)
from reporting.tables.ama_se import (
    ama_se_contingent_volgend_jaar,
    ama_se_eindadviezen,
    ama_se_invulling_spreiding,
    ama_se_kenmerken,
    ama_se_per_provincie,
    ama_se_uitstroom,
)
from reporting.tables.ama_wvg import (
    ama_wvg_per_organisatietype,
    ama_wvg_per_provincie,
    ama_wvg_totalen,
)
from reporting.tables.netwerken import netwerk_samenstelling
from reporting.tables.vdab import vdab_adviezen_kenmerken, vdab_adviezen_per_provincie

Tabel = Callable[[int, date], Any]

TABELLEN: dict[str, Tabel] = {
    f.__name__: f
    for f in (
        vdab_adviezen_per_provincie,
        vdab_adviezen_kenmerken,
        activering_status_per_regio,
        activering_geinitieerd_op_jaareinde,
        activering_kenmerken,
        netwerk_samenstelling,
        activering_eindadviezen,
        activering_uitstroom,
        ama_wvg_totalen,
        ama_wvg_per_provincie,
        ama_wvg_per_organisatietype,
        ama_se_per_provincie,
        ama_se_invulling_spreiding,
        ama_se_kenmerken,
        ama_se_eindadviezen,
        ama_se_uitstroom,
        ama_se_contingent_volgend_jaar,
    )
}

__all__ = ["TABELLEN", "Tabel", *TABELLEN]
