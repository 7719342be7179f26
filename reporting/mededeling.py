"""The yearly Mededeling Werk- en zorgtrajecten as one JSON-ready dict.

`build_report(jaar, peildatum)` is the one entry point: the management command, the API, the
exports and the frozen reports all start from it. The tables themselves are in
`reporting.tables`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction

from reporting.tables import TABELLEN

# Version of the counting rules this code implements (shared/spec/counting-rules.md,
# sections 1-7). Bump it when a rule changes, so a frozen report says by which rules it was
# computed.
REGELS_VERSIE = "mededeling-2024.1"


def standaard_peildatum(jaar: int) -> date:
    """The default peildatum of report year `jaar`: 31 March of the next year."""
    return date(jaar + 1, 3, 31)


def kies_peildatum(jaar: int, gevraagd: date | None, vorig_jaar: int | None) -> date:
    """The peildatum a page uses for `jaar`: the standard one unless deliberately changed.

    A peildatum asked together with a change of year (`vorig_jaar` != `jaar`) that was still
    the standard one of the previous year was never chosen: it follows the year. Only a
    peildatum the user typed stays (and is then flagged as non-standard).
    """
    if gevraagd is None:
        return standaard_peildatum(jaar)
    if (
        vorig_jaar is not None
        and vorig_jaar != jaar
        and gevraagd == standaard_peildatum(vorig_jaar)
    ):
        return standaard_peildatum(jaar)
    return gevraagd


def build_report(jaar: int, peildatum: date | None = None) -> dict[str, Any]:
    """Every table of the Mededeling for `jaar` on `peildatum` (default 31 March `jaar` + 1).

    Returns `{"jaar", "peildatum", "tables"}` in the shape of `shared/spec/report-json.md`,
    `ama_se_contingent_volgend_jaar` included among the tables. The queries run in one
    transaction; on PostgreSQL, when it is the outermost one, a REPEATABLE READ snapshot, so
    all tables see the same data even while an import writes.
    """
    peildatum = peildatum or standaard_peildatum(jaar)
    eigen_transactie = not connection.in_atomic_block
    with transaction.atomic():
        if eigen_transactie and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        tables = {key: tabel(jaar, peildatum) for key, tabel in TABELLEN.items()}
    return {"jaar": jaar, "peildatum": peildatum.isoformat(), "tables": tables}
