"""The renderers: XLSX, CSV (zip), PDF and JSON from the report dict."""

import csv
import io
import json
import re
import zipfile
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from referentie.models import Regio
from reporting import exports, labels
from tests import factories

pytestmark = pytest.mark.django_db

STATUS = "activering_status_per_regio"


def nl_aantal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def nl_pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "%"


def aantal_tabellen(report: dict[str, Any]) -> int:
    return len(report["tables"]) + (labels.CONTINGENT_KEY in report)


def met_gevaarlijke_begeleider(report: dict[str, Any]) -> tuple[dict[str, Any], str]:
    naam = '=HYPERLINK("http://example.invalid","klik")'
    org = factories.organisatie("maatwerkbedrijf", naam=naam)
    report = {
        **report,
        labels.CONTINGENT_KEY: {
            org.id: {"plaatsen": 12, "pct_invulling": 61.5, "plaatsen_volgend_jaar": 10}
        },
    }
    return report, naam


def test_it_neutralises_text_that_a_spreadsheet_would_evaluate() -> None:
    for gevaarlijk in ("=1+1", "+32", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert exports.neutraliseer(gevaarlijk) == "'" + gevaarlijk
    assert exports.neutraliseer("Regio Gent") == "Regio Gent"
    assert exports.neutraliseer("") == ""


def test_it_formats_counts_and_percentages_the_flemish_way() -> None:
    from django.utils import translation

    with translation.override("nl-be"):
        assert exports.formatteer(1307, "aantal") == "1.307"
        assert exports.formatteer(100.5, "pct") == "100,5%"
        assert exports.formatteer(117, "pct") == "117,0%"
        assert exports.formatteer(None, "pct") == exports.LEEG


def test_the_xlsx_has_one_sheet_per_table_with_numbers_and_number_formats(published_report) -> None:
    report, _naam = met_gevaarlijke_begeleider(published_report)
    workbook = openpyxl.load_workbook(io.BytesIO(exports.render(report, "xlsx")))

    assert len(workbook.sheetnames) == aantal_tabellen(report)
    assert workbook.sheetnames == [s.blad for s in labels.SPECS.values()]

    sheet = workbook[labels.SPECS[STATUS].blad]
    assert sheet["A1"].value == "Trajectstatus per werk- en zorgregio"
    koppen = [c.value for c in sheet[5]]
    assert koppen[0] == "Werk- en zorgregio"
    kolom = {
        k: koppen.index(k)
        for k in ("Bezig", "Definitief toegeleid", "Toegeleid t.o.v. het objectief (%)")
    }
    rijen = {row[0].value: row for row in sheet.iter_rows(min_row=6)}
    tabel = published_report["tables"][STATUS]
    namen = dict(Regio.objects.values_list("code", "naam"))
    for code, waarden in tabel.items():
        rij = rijen[namen.get(code, "Totaal")]
        bezig = rij[kolom["Bezig"]]
        assert bezig.value == waarden["bezig"] and bezig.data_type == "n"
        assert bezig.number_format == "#,##0"
        pct = rij[kolom["Toegeleid t.o.v. het objectief (%)"]]
        assert pct.value == pytest.approx(waarden["pct_objectief"] / 100)
        assert pct.number_format == "0.0%"
    assert rijen["Totaal"][0].font.bold


def test_the_xlsx_stores_no_formula_from_a_text_starting_with_equals(published_report) -> None:
    report, naam = met_gevaarlijke_begeleider(published_report)
    inhoud = exports.render(report, "xlsx")

    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        for bestand in archief.namelist():
            if bestand.startswith("xl/worksheets/"):
                assert "<f>" not in archief.read(bestand).decode()
    sheet = openpyxl.load_workbook(io.BytesIO(inhoud))[labels.CONTINGENT.blad]
    cel = sheet["A6"]
    assert cel.data_type == "s"
    assert cel.value == "'" + naam


def test_the_csv_zip_holds_one_semicolon_file_with_bom_per_table(published_report) -> None:
    report, naam = met_gevaarlijke_begeleider(published_report)
    with zipfile.ZipFile(io.BytesIO(exports.render(report, "csv"))) as archief:
        namen = archief.namelist()
        assert len(namen) == aantal_tabellen(report)
        bestanden = {n: archief.read(n) for n in namen}

    for inhoud in bestanden.values():
        assert inhoud.startswith(b"\xef\xbb\xbf")
    status = next(v for n, v in bestanden.items() if n.endswith(f"{STATUS}.csv"))
    rijen = list(csv.reader(io.StringIO(status.decode("utf-8-sig")), delimiter=";"))
    kop = rijen[0]
    assert kop[:2] == ["code", "Werk- en zorgregio"]
    per_code = {r[0]: r for r in rijen[1:]}
    for code, waarden in published_report["tables"][STATUS].items():
        rij = per_code[code]
        assert rij[kop.index("Definitief toegeleid")] == str(waarden["definitief_toegeleid"])
        verwacht = f"{waarden['pct_objectief']:.1f}".replace(".", ",")
        assert rij[kop.index("Toegeleid t.o.v. het objectief (%)")] == verwacht

    contingent = next(v for n, v in bestanden.items() if n.endswith(f"{labels.CONTINGENT_KEY}.csv"))
    rij = list(csv.reader(io.StringIO(contingent.decode("utf-8-sig")), delimiter=";"))[1]
    assert rij[1] == "'" + naam


def test_the_pdf_shows_every_table_with_flemish_numbers(published_report) -> None:
    inhoud = exports.render(published_report, "pdf")
    reader = PdfReader(io.BytesIO(inhoud))
    tekst = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))

    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    for tabel in exports.tabellen(published_report):
        assert tabel.titel in tekst
    totaal = published_report["tables"][STATUS]["totaal"]
    assert nl_aantal(totaal["definitief_toegeleid"]) in tekst
    assert nl_pct(totaal["pct_objectief"]) in tekst
    wvg = published_report["tables"]["ama_wvg_totalen"]
    assert nl_aantal(wvg["overeenkomsten"]) in tekst


def test_the_pdf_charts_are_inline_svg_without_scripts(published_report) -> None:
    grafieken = exports.grafieken(exports.tabellen(published_report))

    assert set(grafieken) == {STATUS, "activering_eindadviezen", "ama_se_eindadviezen"}
    for svg in grafieken.values():
        assert svg.startswith("<svg") and "<script" not in svg


def test_the_json_is_the_report_itself(published_report) -> None:
    assert json.loads(exports.render(published_report, "json")) == published_report


def test_it_refuses_an_unknown_format(published_report) -> None:
    with pytest.raises(exports.OnbekendFormaat):
        exports.render(published_report, "docx")


def test_a_table_the_labels_do_not_know_is_still_exported(published_report) -> None:
    report = {
        **published_report,
        "tables": {**published_report["tables"], "nieuwe_tabel": {"x": {"a": 1}}},
    }
    workbook = openpyxl.load_workbook(io.BytesIO(exports.render(report, "xlsx")))
    assert len(workbook.sheetnames) == aantal_tabellen(report)
