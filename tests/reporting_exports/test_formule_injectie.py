"""Every export of reports writes text cells through the one formula-safe writer.

The classic CSV/formula-injection payloads (OWASP) in a label — a region or organisation name
typed in by an admin — come out with a leading apostrophe in CSV and XLSX, never as a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from deelnemers.models import Deelnemer
from ladder.exports import als_csv_zip, als_xlsx
from ladder.models import Ladderplaatsing, RegioWvl
from ladder.report import ladder_rapport
from privacy.extract import _csv_regel
from reporting import exports
from werkzorg.domein.tabelbestanden import GEVAARLIJKE_BEGINTEKENS

PAYLOADS = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    '=HYPERLINK("http://voorbeeld.invalid","klik")',
    "\t=1+1",
    "\r=1+1",
]


def _teksten_csv(data: bytes) -> list[str]:
    tekst = data.decode("utf-8-sig")
    return [cel for rij in csv.reader(io.StringIO(tekst), delimiter=";") for cel in rij]


def _teksten_xlsx(data: bytes) -> list[tuple[str, str]]:
    wb = load_workbook(io.BytesIO(data))
    return [
        (cel.value, cel.data_type)
        for ws in wb.worksheets
        for rij in ws.iter_rows()
        for cel in rij
        if cel.value is not None
    ]


def _assert_geneutraliseerd(teksten: list[str]) -> None:
    for payload in PAYLOADS:
        assert "'" + payload in teksten, payload
    assert not [t for t in teksten if t.startswith(GEVAARLIJKE_BEGINTEKENS)]


def _zonder_cr(tekst: str) -> str:
    # XML keeps no bare carriage return: XlsxWriter stores it escaped as _x000D_
    return tekst.replace("\r", "_x000D_")


def _assert_xlsx_geneutraliseerd(data: bytes) -> None:
    cellen = _teksten_xlsx(data)
    assert not [v for v, soort in cellen if soort == "f"]  # no formula cell at all
    teksten = [_zonder_cr(v) for v, _soort in cellen if isinstance(v, str)]
    for payload in PAYLOADS:
        assert "'" + _zonder_cr(payload) in teksten, payload
    assert not [t for t in teksten if t.startswith(GEVAARLIJKE_BEGINTEKENS)]


def mededeling_met_payloads() -> dict:
    # an unknown region code is shown under its code: the payloads become row labels
    rijen = {payload: {"aanvaard": 1, "bezig": 0} for payload in PAYLOADS}
    return {
        "jaar": 2024,
        "peildatum": "2025-03-31",
        "tables": {"activering_status_per_regio": rijen},
    }


@pytest.mark.django_db
def test_the_mededeling_csv_neutralises_every_formula_payload() -> None:
    with zipfile.ZipFile(io.BytesIO(exports.render_csv(mededeling_met_payloads()))) as zf:
        teksten = [t for naam in zf.namelist() for t in _teksten_csv(zf.read(naam))]
    _assert_geneutraliseerd(teksten)


@pytest.mark.django_db
def test_the_mededeling_xlsx_neutralises_every_formula_payload() -> None:
    _assert_xlsx_geneutraliseerd(exports.render_xlsx(mededeling_met_payloads()))


@pytest.fixture
def ladder_met_payloads(db) -> dict:
    dn = Deelnemer.objects.create(
        id="INJ-1",
        geboortedatum=date(1980, 1, 1),
        provincie_id="west-vlaanderen",
        regio_id="regio-brugge",
    )
    for i, regio in enumerate(RegioWvl.objects.order_by("volgorde")):
        Ladderplaatsing.objects.create(
            id=f"INJ-P{i}",
            deelnemer=dn,
            werkvorm_id="vop",
            start=date(2019, 3, 1),
            einde=date(2019, 9, 30),
            provincie_id="west-vlaanderen",
            regio_wvl=regio,
        )
    for regio, payload in zip(RegioWvl.objects.order_by("volgorde"), PAYLOADS, strict=False):
        regio.naam = payload
        regio.save(update_fields=["naam"])
    assert RegioWvl.objects.count() >= 5
    rapport = ladder_rapport(2019)
    return rapport


def test_the_ladder_csv_neutralises_every_formula_payload(ladder_met_payloads) -> None:
    with zipfile.ZipFile(io.BytesIO(als_csv_zip(ladder_met_payloads))) as zf:
        teksten = [t for naam in zf.namelist() for t in _teksten_csv(zf.read(naam))]
    aantal = min(RegioWvl.objects.count(), len(PAYLOADS))
    for payload in PAYLOADS[:aantal]:
        assert "'" + payload in teksten, payload
    assert not [t for t in teksten if t.startswith(GEVAARLIJKE_BEGINTEKENS)]


def test_the_ladder_xlsx_neutralises_every_formula_payload(ladder_met_payloads) -> None:
    cellen = _teksten_xlsx(als_xlsx(ladder_met_payloads))
    assert not [v for v, soort in cellen if soort == "f"]
    teksten = [_zonder_cr(v) for v, _soort in cellen if isinstance(v, str)]
    aantal = min(RegioWvl.objects.count(), len(PAYLOADS))
    for payload in PAYLOADS[:aantal]:
        assert "'" + _zonder_cr(payload) in teksten, payload
    assert not [t for t in teksten if t.startswith(GEVAARLIJKE_BEGINTEKENS)]


def test_the_research_extract_csv_neutralises_every_formula_payload() -> None:
    veilige = [p for p in PAYLOADS if "\r" not in p]  # a line break is refused outright
    regel = _csv_regel(veilige)
    _assert_geneutraliseerd_deel(_teksten_csv(regel.encode()), veilige)
    with pytest.raises(ValueError):
        _csv_regel(["\r=1+1"])


def _assert_geneutraliseerd_deel(teksten: list[str], payloads: list[str]) -> None:
    for payload in payloads:
        assert "'" + payload in teksten, payload
    assert not [t for t in teksten if t.startswith(GEVAARLIJKE_BEGINTEKENS)]
