"""Renderers of the ladder report: JSON, XLSX, a zip of CSVs and a PDF.

Each takes the report dict of `ladder.report.ladder_rapport` and returns bytes. Labels come
from the catalog's table layout of the report's year, so a renamed row is renamed everywhere.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ladder.models import RegioWvl, Tabel
from ladder.report import STROOM_SOORTEN, TREDEN, VLAAMS_GEWEST, WEST_VLAANDEREN, tabel_layout
from ladder.sankey import sankey, stroom_balken
from referentie.models import Provincie
from werkzorg.domein.tabelbestanden import csv_schrijver, neutraliseer_cel, xlsx_werkboek

STROMEN = STROOM_SOORTEN


@dataclass
class Blad:
    """One table ready to print: a title, a header row and body rows (first cells are labels)."""

    naam: str
    titel: str
    kop: list[str]
    rijen: list[list[Any]]
    diepte: list[int]

    @property
    def regels(self) -> list[tuple[int, list[Any]]]:
        return list(zip(self.diepte, self.rijen, strict=True))


def stroom_labels() -> dict[str, str]:
    return {
        "instroom": _("Instroom"),
        "uitstroom": _("Uitstroom"),
        "opstroom": _("Opstroom"),
        "neerwaartse_stroom": _("Neerwaartse stroom"),
        "zijstroom": _("Zijstroom"),
    }


def _kolom_labels() -> dict[str, str]:
    labels = dict(RegioWvl.objects.values_list("code", "naam"))
    labels.update(Provincie.objects.values_list("code", "naam"))
    labels[VLAAMS_GEWEST] = _("Vlaams Gewest")
    labels[WEST_VLAANDEREN] = _("West-Vlaanderen")
    return labels


def bladen(rapport: dict[str, Any]) -> list[Blad]:
    """The report's tables as printable sheets (used by every renderer and the web page)."""
    jaar = rapport["jaar"]
    tables = rapport["tables"]
    kolom_labels = _kolom_labels()
    out = []
    for key, tabel, titel in (
        ("ladder_stand_wvl", Tabel.WVL, _("Participatieladder %(jaar)s per West-Vlaamse regio")),
        ("ladder_stand_provincie", Tabel.PROVINCIE, _("Participatieladder %(jaar)s per provincie")),
    ):
        data = tables.get(key)
        if not data:
            continue
        kolommen = list(next(iter(data.values())).keys()) if data else []
        layout = tabel_layout(tabel, jaar)
        rijen, diepte = [], []
        for rij in layout.rijen:
            if rij.code in data:
                rijen.append([rij.letter, rij.label, *(data[rij.code][k] for k in kolommen)])
                diepte.append(rij.diepte)
        out.append(
            Blad(
                key,
                titel % {"jaar": jaar},
                ["", _("Werkvorm"), *(kolom_labels.get(k, k) for k in kolommen)],
                rijen,
                diepte,
            )
        )
    stromen = tables.get("ladder_stromen")
    if stromen:
        labels = stroom_labels()
        out.append(
            Blad(
                "ladder_stromen",
                _("Stromen op de ladder in %(jaar)s") % {"jaar": jaar},
                [_("Stroom"), _("Aantal")],
                [[labels[s], stromen[s]] for s in STROMEN],
                [0] * len(STROMEN),
            )
        )
        out.append(
            Blad(
                "ladder_matrix",
                _("Overgangen van trede naar trede in %(jaar)s") % {"jaar": jaar},
                [_("Van \\ naar"), *(_("trede %(n)s") % {"n": n} for n in TREDEN)],
                [
                    [
                        _("trede %(n)s") % {"n": a},
                        *(stromen["matrix"][str(a)][str(b)] for b in TREDEN),
                    ]
                    for a in TREDEN
                ],
                [0] * len(TREDEN),
            )
        )
    return out


def als_json(rapport: dict[str, Any]) -> bytes:
    return (json.dumps(rapport, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def als_xlsx(rapport: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    # labels such as "=" or "+" must stay text: never let a cell become a formula
    wb = xlsx_werkboek(buffer)
    vet = wb.add_format({"bold": True})
    for blad in bladen(rapport):
        ws = wb.add_worksheet(blad.naam[:31])
        ws.write(0, 0, neutraliseer_cel(blad.titel), vet)
        ws.write_row(2, 0, [neutraliseer_cel(k) for k in blad.kop], vet)
        for i, rij in enumerate(blad.rijen, start=3):
            fmt = vet if blad.diepte[i - 3] == 0 and blad.naam.startswith("ladder_stand") else None
            ws.write_row(i, 0, [neutraliseer_cel(c) for c in rij], fmt)
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 55)
    wb.close()
    return buffer.getvalue()


def als_csv_zip(rapport: dict[str, Any]) -> bytes:
    """One CSV per table in a zip: `;`-separated, UTF-8 with BOM (opens right in Excel)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for blad in bladen(rapport):
            text = io.StringIO()
            w = csv_schrijver(text, delimiter=";", lineterminator="\r\n")
            w.writerow(blad.kop)
            w.writerows(blad.rijen)
            zf.writestr(f"{blad.naam}_{rapport['jaar']}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


def als_pdf(rapport: dict[str, Any]) -> bytes:
    # heavy: WeasyPrint loads only when a PDF is asked for
    from weasyprint import HTML

    stromen = rapport["tables"].get("ladder_stromen")
    html = render_to_string(
        "ladder/rapport_pdf.html",
        {
            "rapport": rapport,
            "bladen": bladen(rapport),
            "sankey": sankey(stromen) if stromen else None,
            "stroom_balken": stroom_balken(stromen, stroom_labels()) if stromen else "",
        },
    )
    return HTML(string=html).write_pdf()


RENDERERS = {
    "json": (als_json, "application/json", "json"),
    "xlsx": (
        als_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "csv": (als_csv_zip, "application/zip", "zip"),
    "pdf": (als_pdf, "application/pdf", "pdf"),
}
