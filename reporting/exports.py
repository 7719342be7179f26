"""Renderers of the Mededeling: XLSX, CSV (zip), PDF and JSON from the report dict.

Every format is drawn from the same report dict (`reporting.mededeling.build_report`) through
one intermediate form, `tabellen(report)`: the tables with Dutch titles, labels and cells in
the order of the published Mededeling (see `reporting.labels`). The renderers never compute a
figure; they only lay it out.

Choices for a Flemish user opening the files in Excel:
- XLSX: numbers are numbers; counts use `#,##0`, percentages are stored as fractions with the
  percentage format `0.0%`, so a Dutch Excel shows 1.307 and 100,5%.
- CSV: `;` separator, UTF-8 with BOM, decimal comma in percentages and no thousands
  separator, which is what Excel with Belgian regional settings reads as numbers.
- Text cells starting with `= + - @` (or tab/CR) get a leading `'` in XLSX and CSV so that no
  spreadsheet evaluates them (organisation names are user input).
"""

from __future__ import annotations

import html
import io
import json
import math
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from reporting import labels
from reporting.labels import TOTAAL, Kolom, Soort, TabelSpec
from werkzorg.domein.tabelbestanden import csv_schrijver, neutraliseer, xlsx_werkboek

TAAL = "nl-be"
LEEG = "–"  # a share of a zero denominator: empty, not 0

FORMATEN: dict[str, tuple[str, str]] = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("application/zip", "zip"),
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json", "json"),
}


class OnbekendFormaat(ValueError):
    pass


@dataclass(frozen=True)
class Cel:
    waarde: int | float | None
    soort: Soort
    tekst: str  # nl-BE: 1.307, 100,5%
    gewijzigd: bool = False  # changed since the last submitted report


@dataclass(frozen=True)
class Rij:
    code: str
    label: str
    cellen: tuple[Cel, ...]
    totaal: bool


@dataclass(frozen=True)
class Tabel:
    key: str
    hoofdstuk: str
    titel: str
    uitleg: str
    blad: str
    rij_kop: str
    kolommen: tuple[Kolom, ...]  # labels filled in
    rijen: tuple[Rij, ...]

    def rij(self, code: str) -> Rij | None:
        return next((r for r in self.rijen if r.code == code), None)

    @property
    def nummer(self) -> int | None:
        """The table's number in the Mededeling, from its sheet name ("03 Status…" → 3)."""
        kop = self.blad.split(" ", 1)[0]
        return int(kop) if kop.isdigit() else None


def formatteer(waarde: int | float | None, soort: Soort) -> str:
    """nl-BE text of a count (1.307) or a percentage (100,5%) in the active language."""
    if waarde is None:
        return LEEG
    if soort == "pct":
        return f"{number_format(waarde, 1, use_l10n=True)}%"
    return number_format(waarde, 0, use_l10n=True, force_grouping=True)


def peildatum_van(report: dict[str, Any]) -> date:
    peildatum = report.get("peildatum")
    if isinstance(peildatum, date):
        return peildatum
    if peildatum:
        return date.fromisoformat(str(peildatum))
    return date(int(report["jaar"]) + 1, 3, 31)


def bestandsnaam(report: dict[str, Any], fmt: str) -> str:
    """`mededeling-2024-peildatum-2025-03-31.xlsx`."""
    if fmt not in FORMATEN:
        raise OnbekendFormaat(fmt)
    return f"mededeling-{report['jaar']}-peildatum-{peildatum_van(report).isoformat()}.{FORMATEN[fmt][1]}"


# --- the intermediate form --------------------------------------------------------------------


def _getal(waarde: Any, soort: Soort) -> int | float | None:
    if isinstance(waarde, dict):  # a share where a single number was expected
        waarde = waarde.get("pct" if soort == "pct" else "aantal")
    if waarde is None:
        return None
    if soort == "pct":
        return float(waarde)
    return int(waarde)


def _tabel(spec: TabelSpec, data: Any, ctx: dict[str, str]) -> Tabel:
    if spec.vorm == "getal":
        ruwe_rijen: dict[str, dict[str, Any]] = {"waarde": {"aantal": data}}
    else:
        ruwe_rijen = {
            str(code): (v if isinstance(v, dict) else {"aantal": v}) for code, v in data.items()
        }
    kolom_keys = {k for rij in ruwe_rijen.values() for k in rij}

    kolommen = [
        Kolom(k.key, labels.invullen(k.label, ctx), k.soort)
        for k in spec.kolommen
        if k.key in kolom_keys or spec.vorm == "getal"
    ]
    if spec.kolom_bron == "netwerk":
        netwerken = labels.code_labels("netwerk", kolom_keys - {TOTAAL})
        extra = sorted(netwerken, key=lambda c: (netwerken[c][1], c))
        kolommen = [Kolom(c, netwerken[c][0]) for c in extra] + kolommen
    bekend = {k.key for k in kolommen}
    for key in sorted(kolom_keys - bekend):  # a column the labels do not know yet: still shown
        if spec.kolom_bron == "netwerk" and key != TOTAAL:
            kolommen.insert(len(kolommen) - 1, Kolom(key, key))
        else:
            kolommen.append(Kolom(key, key, "pct" if key.startswith("pct") else "aantal"))

    codes = [c for c in ruwe_rijen if c != TOTAAL]
    if spec.rij_bron:
        bron = labels.code_labels(spec.rij_bron, codes)
        volgorde = {c: (0, bron[c][1], c) if c in bron else (1, 0, c) for c in codes}
        rij_label = {c: bron[c][0] if c in bron else c for c in codes}
    else:
        vast = list(spec.rij_labels)
        volgorde = {c: (0, vast.index(c), c) if c in vast else (1, 0, c) for c in codes}
        rij_label = {
            c: labels.invullen(spec.rij_labels[c], ctx) if c in spec.rij_labels else c
            for c in codes
        }
    geordend = sorted(codes, key=volgorde.__getitem__)
    if TOTAAL in ruwe_rijen:
        geordend.append(TOTAAL)
        rij_label[TOTAAL] = str(labels.TOTAAL_LABEL)

    rijen = []
    for code in geordend:
        cellen = []
        for kolom in kolommen:
            if kolom.key not in ruwe_rijen[code]:  # e.g. a count-only row of a share table
                cellen.append(Cel(None, kolom.soort, ""))
                continue
            waarde = _getal(ruwe_rijen[code][kolom.key], kolom.soort)
            cellen.append(Cel(waarde, kolom.soort, formatteer(waarde, kolom.soort)))
        rijen.append(Rij(code, rij_label[code], tuple(cellen), code == TOTAAL))

    return Tabel(
        key=spec.key,
        hoofdstuk=str(spec.hoofdstuk),
        titel=labels.invullen(spec.titel, ctx),
        uitleg=labels.invullen(spec.uitleg, ctx),
        blad=spec.blad,
        rij_kop=labels.invullen(spec.rij_kop, ctx),
        kolommen=tuple(kolommen),
        rijen=tuple(rijen),
    )


def tabellen(report: dict[str, Any]) -> list[Tabel]:
    """The tables of a report in the order of the Mededeling, with Dutch labels (nl-BE)."""
    with translation.override(TAAL):
        ctx = labels.context(int(report["jaar"]), peildatum_van(report))
        data = dict(report.get("tables", {}))
        if labels.CONTINGENT_KEY in report:
            data[labels.CONTINGENT_KEY] = report[labels.CONTINGENT_KEY]
        result = [
            _tabel(spec, data[spec.key], ctx) for spec in labels.SPECS.values() if spec.key in data
        ]
        for i, key in enumerate(k for k in data if k not in labels.SPECS):
            # A table the labels do not know yet is still exported, under its key.
            spec = TabelSpec(
                key=key,
                hoofdstuk="",
                titel=key,
                uitleg="",
                blad=f"{len(labels.SPECS) + i + 1:02d} {key}"[:31],
                rij_kop="",
                kolommen=(),
                vorm="tabel" if isinstance(data[key], dict) else "getal",
            )
            if spec.vorm == "getal":
                spec = TabelSpec(**{**spec.__dict__, "kolommen": (labels.AANTAL,)})
            result.append(_tabel(spec, data[key], ctx))
        return result


def markeer(tabellen_: list[Tabel], verschillen: list[Any]) -> list[Tabel]:
    """The tables with the cells that a diff (`services.verschillen`) names marked changed."""
    gewijzigd = {(v.tabel, v.rij, v.kolom.split(".")[0]) for v in verschillen}
    if not gewijzigd:
        return tabellen_

    def is_gewijzigd(tabel: Tabel, rij: Rij, kolom: Kolom) -> bool:
        # A single-number table has no row or column in the diff; a count-only row of a list
        # table (e.g. `afgesloten`) is a bare number there, without a column.
        code = "" if rij.code == "waarde" and tabel.key in _GETAL_TABELLEN else rij.code
        return (tabel.key, code, kolom.key) in gewijzigd or (
            kolom.key == "aantal" and (tabel.key, code, "") in gewijzigd
        )

    result = []
    for tabel in tabellen_:
        rijen = tuple(
            replace(
                rij,
                cellen=tuple(
                    replace(cel, gewijzigd=is_gewijzigd(tabel, rij, kolom))
                    for cel, kolom in zip(rij.cellen, tabel.kolommen, strict=True)
                ),
            )
            for rij in tabel.rijen
        )
        result.append(replace(tabel, rijen=rijen))
    return result


_GETAL_TABELLEN = {s.key for s in labels.SPECS.values() if s.vorm == "getal"}


def _waarde_tekst(waarde: Any, soort: Soort) -> str:
    if isinstance(waarde, bool) or not isinstance(waarde, int | float):
        return "" if waarde is None else str(waarde)
    return formatteer(waarde, soort)


@dataclass(frozen=True)
class VerschilRegel:
    tabel: str
    rij: str
    kolom: str
    oud: str
    nieuw: str


def beschrijf_verschillen(verschillen: list[Any], report: dict[str, Any]) -> list[VerschilRegel]:
    """Diff entries with the Dutch table, row and column labels and nl-BE values."""
    per_key = {t.key: t for t in tabellen(report)}
    regels = []
    with translation.override(TAAL):
        for v in verschillen:
            tabel = per_key.get(v.tabel)
            rij = tabel.rij(v.rij) if tabel else None
            delen = v.kolom.split(".") if v.kolom else []
            kolom = (
                next((k for k in tabel.kolommen if delen and k.key == delen[0]), None)
                if tabel
                else None
            )
            soort: Soort = (
                "pct"
                if (delen and delen[-1].startswith("pct"))
                or (kolom and kolom.soort == "pct" and len(delen) == 1)
                else "aantal"
            )
            kolom_label = str(kolom.label) if kolom else ".".join(delen)
            if kolom and len(delen) > 1:
                kolom_label = f"{kolom_label} ({delen[-1]})"

            regels.append(
                VerschilRegel(
                    tabel=tabel.titel if tabel else v.tabel,
                    rij=rij.label if rij else v.rij,
                    kolom=kolom_label,
                    oud=_waarde_tekst(v.oud, soort),
                    nieuw=_waarde_tekst(v.nieuw, soort),
                )
            )
    return regels


def _meta(report: dict[str, Any]) -> str:
    with translation.override(TAAL):
        ctx = labels.context(int(report["jaar"]), peildatum_van(report))
        return labels.invullen(labels.META, ctx)


# --- XLSX -------------------------------------------------------------------------------------


def render_xlsx(report: dict[str, Any]) -> bytes:
    """One sheet per table: title, explanation, header and the figures as numbers."""
    buffer = io.BytesIO()
    workbook = xlsx_werkboek(buffer)
    workbook.set_properties({"title": _meta(report), "author": "Werkzorg", "company": "Werkzorg"})
    f_titel = workbook.add_format({"bold": True, "font_size": 14})
    f_meta = workbook.add_format({"italic": True, "font_color": "#4d5866"})
    f_uitleg = workbook.add_format({"text_wrap": True, "valign": "top"})
    f_kop = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "bottom", "bg_color": "#DCE6F1", "bottom": 1}
    )
    f_kop_num = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "bottom",
            "align": "right",
            "bg_color": "#DCE6F1",
            "bottom": 1,
        }
    )
    cel_formaten = {}
    for totaal in (False, True):
        extra = {"bold": True, "top": 1} if totaal else {}
        cel_formaten[("tekst", totaal)] = workbook.add_format({**extra})
        cel_formaten[("aantal", totaal)] = workbook.add_format({"num_format": "#,##0", **extra})
        cel_formaten[("pct", totaal)] = workbook.add_format({"num_format": "0.0%", **extra})

    for tabel in tabellen(report):
        sheet = workbook.add_worksheet(tabel.blad)
        n_kolommen = len(tabel.kolommen) + 1
        sheet.write_string(0, 0, neutraliseer(tabel.titel), f_titel)
        sheet.write_string(1, 0, neutraliseer(_meta(report)), f_meta)

        label_breedte = min(
            60, max([len(tabel.rij_kop), *(len(r.label) for r in tabel.rijen), 12]) + 2
        )
        kolom_breedte = 14
        if tabel.uitleg:
            sheet.merge_range(2, 0, 2, n_kolommen - 1, neutraliseer(tabel.uitleg), f_uitleg)
            tekens_per_regel = (label_breedte + kolom_breedte * len(tabel.kolommen)) * 1.1
            sheet.set_row(2, 15 * max(1, math.ceil(len(tabel.uitleg) / tekens_per_regel)))

        kop_rij = 4
        sheet.write_string(kop_rij, 0, neutraliseer(tabel.rij_kop), f_kop)
        for j, kolom in enumerate(tabel.kolommen, start=1):
            sheet.write_string(kop_rij, j, neutraliseer(str(kolom.label)), f_kop_num)
        langste_kop = max([len(str(k.label)) for k in tabel.kolommen] or [0])
        sheet.set_row(kop_rij, 15 * max(1, math.ceil(langste_kop / kolom_breedte)))

        for i, rij in enumerate(tabel.rijen, start=kop_rij + 1):
            sheet.write_string(i, 0, neutraliseer(rij.label), cel_formaten[("tekst", rij.totaal)])
            for j, cel in enumerate(rij.cellen, start=1):
                formaat = cel_formaten[(cel.soort, rij.totaal)]
                if cel.waarde is None:
                    sheet.write_blank(i, j, None, formaat)
                elif cel.soort == "pct":
                    sheet.write_number(i, j, cel.waarde / 100, formaat)
                else:
                    sheet.write_number(i, j, cel.waarde, formaat)

        sheet.set_column(0, 0, label_breedte)
        sheet.set_column(1, n_kolommen - 1, kolom_breedte)
        sheet.freeze_panes(kop_rij + 1, 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


# --- CSV --------------------------------------------------------------------------------------


def _csv_getal(cel: Cel) -> str:
    if cel.waarde is None:
        return ""
    if cel.soort == "pct":
        return f"{cel.waarde:.1f}".replace(".", ",")
    return str(cel.waarde)


def render_csv(report: dict[str, Any]) -> bytes:
    """A zip with one `;`-separated UTF-8 (BOM) file per table."""
    peildatum = peildatum_van(report)
    tijdstempel = (peildatum.year, peildatum.month, peildatum.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for tabel in tabellen(report):
            tekst = io.StringIO()
            writer = csv_schrijver(tekst, delimiter=";", lineterminator="\r\n")
            writer.writerow(["code", tabel.rij_kop, *(str(k.label) for k in tabel.kolommen)])
            for rij in tabel.rijen:
                writer.writerow([rij.code, rij.label, *map(_csv_getal, rij.cellen)])
            naam = f"{tabel.blad.split(' ', 1)[0]}_{tabel.key}.csv"
            info = zipfile.ZipInfo(naam, date_time=tijdstempel)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, ("\ufeff" + tekst.getvalue()).encode("utf-8"))
    return buffer.getvalue()


# --- charts (inline SVG, no JavaScript) --------------------------------------------------------

KLEUREN = ("#0b5394", "#6fa8dc", "#e69138", "#38761d", "#a61c00", "#8e7cc3", "#999999")


def svg_balken(
    *,
    titel: str,
    categorieen: list[str],
    reeksen: list[tuple[str, list[float]]],
    markeringen: list[float | None] | None = None,
    markering_label: str = "",
    waarde_teksten: list[str] | None = None,
    breedte: int = 640,
) -> SafeString:
    """A horizontal (stacked) bar chart as SVG: one bar per category, one segment per series.

    `markeringen` draws a tick per bar (e.g. the objective); `waarde_teksten` is written after
    each bar. Labels are escaped: they may come from reference data.
    """
    # DejaVu Sans at 10 units is about 6 units per character.
    langste = max([len(c) for c in categorieen] or [0])
    label_breedte = int(min(breedte * 0.5, max(60, langste * 6 + 12)))
    tekst_breedte, rij_hoogte, boven = 80, 18, 24
    legende_hoogte = 22 if len(reeksen) > 1 or markeringen else 0
    hoogte = boven + rij_hoogte * len(categorieen) + legende_hoogte + 8
    plot_breedte = breedte - label_breedte - tekst_breedte
    totalen = [sum(r[1][i] for r in reeksen) for i in range(len(categorieen))]
    maximum = max([*totalen, *(m for m in (markeringen or []) if m is not None), 1])
    schaal = plot_breedte / maximum

    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" '
        f'width="100%" role="img" aria-label="{html.escape(titel)}" class="grafiek">',
        f"<title>{html.escape(titel)}</title>",
        '<g font-family="DejaVu Sans, Arial, sans-serif" font-size="10" fill="#1d2530">',
        f'<text x="0" y="14" font-size="12" font-weight="bold">{html.escape(titel)}</text>',
    ]
    for i, categorie in enumerate(categorieen):
        y = boven + i * rij_hoogte
        delen.append(
            f'<text x="{label_breedte - 6}" y="{y + 12}" text-anchor="end">'
            f"{html.escape(categorie)}</text>"
        )
        x = float(label_breedte)
        for r, (_naam, waarden) in enumerate(reeksen):
            w = waarden[i] * schaal
            if w > 0:
                delen.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{rij_hoogte - 6}" '
                    f'fill="{KLEUREN[r % len(KLEUREN)]}"/>'
                )
            x += w
        einde = x
        if markeringen and (markering := markeringen[i]) is not None:
            mx = label_breedte + markering * schaal
            einde = max(einde, mx)
            delen.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{y + 1}" y2="{y + rij_hoogte - 1}" '
                'stroke="#a1111b" stroke-width="2"/>'
            )
        if waarde_teksten:
            delen.append(
                f'<text x="{einde + 4:.1f}" y="{y + 12}">{html.escape(waarde_teksten[i])}</text>'
            )
    if legende_hoogte:
        y = boven + rij_hoogte * len(categorieen) + 14
        x = float(label_breedte)
        for r, (naam, _waarden) in enumerate(reeksen if len(reeksen) > 1 else []):
            delen.append(
                f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" '
                f'fill="{KLEUREN[r % len(KLEUREN)]}"/>'
                f'<text x="{x + 14:.1f}" y="{y}">{html.escape(naam)}</text>'
            )
            x += 22 + 6.2 * len(naam)
        if markeringen:
            delen.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 10}" y2="{y + 1}" stroke="#a1111b" '
                f'stroke-width="2"/><text x="{x + 6:.1f}" y="{y}">{html.escape(markering_label)}</text>'
            )
    delen.append("</g></svg>")
    return mark_safe("".join(delen))  # noqa: S308 - every text above is escaped


def grafieken(tabellen_: list[Tabel]) -> dict[str, SafeString]:
    """The charts of the report, keyed by the table they illustrate."""
    per_key = {t.key: t for t in tabellen_}
    result: dict[str, SafeString] = {}
    with translation.override(TAAL):
        status = per_key.get("activering_status_per_regio")
        if status:
            kol = [k.key for k in status.kolommen]
            rijen = [r for r in status.rijen if not r.totaal]

            def reeks(key: str) -> list[float]:
                return (
                    [float(r.cellen[kol.index(key)].waarde or 0) for r in rijen]
                    if key in kol
                    else [0.0] * len(rijen)
                )

            reeksen = [
                (str(k.label), reeks(k.key))
                for k in status.kolommen
                if k.key in ("aanvaard", "bezig", "vervroegd_stopgezet", "afgesloten")
            ]
            pct = [
                r.cellen[kol.index("pct_objectief")].tekst if "pct_objectief" in kol else ""
                for r in rijen
            ]
            result[status.key] = svg_balken(
                titel=status.titel,
                categorieen=[r.label for r in rijen],
                reeksen=reeksen,
                markeringen=[r.cellen[kol.index("objectief")].waarde for r in rijen]
                if "objectief" in kol
                else None,
                markering_label=str(labels.OBJECTIEF_LABEL),
                waarde_teksten=pct,
            )
        for key in ("activering_eindadviezen", "ama_se_eindadviezen"):
            tabel = per_key.get(key)
            if not tabel or not tabel.kolommen:
                continue
            kol = [k.key for k in tabel.kolommen]
            rijen = [r for r in tabel.rijen if not r.totaal]
            i_aantal = kol.index("aantal") if "aantal" in kol else 0
            i_pct = kol.index("pct") if "pct" in kol else None
            result[key] = svg_balken(
                titel=tabel.titel,
                categorieen=[r.label for r in rijen],
                reeksen=[
                    (
                        str(labels.AANTAL.label),
                        [float(r.cellen[i_aantal].waarde or 0) for r in rijen],
                    )
                ],
                waarde_teksten=[
                    r.cellen[i_aantal].tekst
                    + (f" ({r.cellen[i_pct].tekst})" if i_pct is not None else "")
                    for r in rijen
                ],
            )
    return result


# --- PDF --------------------------------------------------------------------------------------


def render_pdf(report: dict[str, Any]) -> bytes:
    """The Mededeling as an A4 PDF: every table, nl-BE numbers, charts as inline SVG."""
    import weasyprint  # heavy import, only when a PDF is asked for

    tabellen_ = tabellen(report)
    with translation.override(TAAL):
        html_text = render_to_string(
            "reporting/pdf/mededeling.html",
            {
                "report": report,
                "meta": _meta(report),
                "jaar": str(report["jaar"]),
                "tabellen": tabellen_,
                "grafieken": grafieken(tabellen_),
            },
        )
    return weasyprint.HTML(string=html_text).write_pdf()


# --- JSON -------------------------------------------------------------------------------------


def render_json(report: dict[str, Any]) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


RENDERERS = {"xlsx": render_xlsx, "csv": render_csv, "pdf": render_pdf, "json": render_json}


def render(report: dict[str, Any], fmt: str) -> bytes:
    """The report dict rendered as `fmt` (xlsx, csv = a zip of CSV files, pdf, json)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise OnbekendFormaat(fmt) from None
    return renderer(report)
