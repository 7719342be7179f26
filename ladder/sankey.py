"""A server-side Sankey diagram of the year's movements between treden (inline SVG, no JS).

Left: where people came from (a trede, or new on the ladder); right: the trede they moved
to. Band widths are proportional to the counts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ladder.report import TREDEN

BREEDTE, HOOGTE = 640, 360
NODE_W, GAP, MARGE = 14, 10, 110
KLEUREN = {1: "#8c6bb1", 2: "#6a51a3", 3: "#2b8cbe", 4: "#41ab5d", 5: "#fd8d3c", 6: "#d7301f"}
NIEUW_KLEUR = "#7f8c8d"


@dataclass
class Knoop:
    label: str
    x: float
    y: float
    h: float
    kleur: str
    n: int


@dataclass
class Band:
    pad: str
    breedte: float
    kleur: str
    titel: str


def sankey(stromen: dict[str, Any]) -> dict[str, Any]:
    """Nodes and bands with coordinates for `templates/ladder/_sankey.svg`."""
    matrix = stromen["matrix"]
    instroom = stromen.get("instroom_per_trede", {})
    links: list[tuple[str, int, int]] = []  # (from key, to trede, n)
    for a in TREDEN:
        for b in TREDEN:
            n = matrix[str(a)][str(b)]
            if n:
                links.append((str(a), b, n))
    for b in TREDEN:
        n = instroom.get(str(b), 0)
        if n:
            links.append(("nieuw", b, n))
    totaal = sum(n for _a, _b, n in links)
    if not totaal:
        return {"breedte": BREEDTE, "hoogte": HOOGTE, "knopen": [], "banden": [], "leeg": True}
    bronnen = ["nieuw", *(str(t) for t in TREDEN)]
    uit = {k: sum(n for a, _b, n in links if a == k) for k in bronnen}
    naar = {t: sum(n for _a, b, n in links if b == t) for t in TREDEN}
    schaal = (HOOGTE - GAP * 7) / totaal

    knopen: list[Knoop] = []
    pos_links: dict[str, float] = {}
    pos_rechts: dict[int, float] = {}
    y = 0.0
    for k in bronnen:
        if not uit[k]:
            continue
        h = uit[k] * schaal
        label = _("nieuw") if k == "nieuw" else _("trede %(n)s") % {"n": k}
        kleur = NIEUW_KLEUR if k == "nieuw" else KLEUREN[int(k)]
        knopen.append(Knoop(label, MARGE - NODE_W, y, h, kleur, uit[k]))
        pos_links[k] = y
        y += h + GAP
    y = 0.0
    for t in TREDEN:
        if not naar[t]:
            continue
        h = naar[t] * schaal
        knopen.append(
            Knoop(_("trede %(n)s") % {"n": t}, BREEDTE - MARGE, y, h, KLEUREN[t], naar[t])
        )
        pos_rechts[t] = y
        y += h + GAP

    banden = []
    x0, x1 = MARGE, BREEDTE - MARGE
    for bron, doel, n in sorted(links, key=lambda link: (bronnen.index(link[0]), link[1])):
        w = n * schaal
        y0 = pos_links[bron] + w / 2
        y1 = pos_rechts[doel] + w / 2
        pos_links[bron] += w
        pos_rechts[doel] += w
        xm = (x0 + x1) / 2
        pad = f"M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
        van = _("nieuw") if bron == "nieuw" else _("trede %(n)s") % {"n": bron}
        titel = f"{van} → " + _("trede %(n)s") % {"n": doel} + f": {n}"
        kleur = NIEUW_KLEUR if bron == "nieuw" else KLEUREN[int(bron)]
        banden.append(Band(pad, max(w, 1.0), kleur, titel))
    return {"breedte": BREEDTE, "hoogte": HOOGTE, "knopen": knopen, "banden": banden, "leeg": False}


def stroom_balken(stromen: dict[str, Any], labels: dict[str, str]) -> SafeString:
    """The five flows of the year as a horizontal bar chart (inline SVG, for the PDF).

    Labels are escaped; the counts are written after each bar as nl-BE numbers.
    """
    soorten = ["instroom", "uitstroom", "opstroom", "neerwaartse_stroom", "zijstroom"]
    breedte, label_breedte, tekst_breedte, rij, boven = 420, 130, 60, 22, 22
    maximum = max([int(stromen.get(s, 0)) for s in soorten] + [1])
    schaal = (breedte - label_breedte - tekst_breedte) / maximum
    hoogte = boven + rij * len(soorten) + 6
    titel = html.escape(_("Stromen op de ladder"))
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" width="100%" '
        f'role="img" aria-label="{titel}"><title>{titel}</title>'
        '<g font-family="DejaVu Sans, Arial, sans-serif" font-size="10" fill="#1d2530">'
        f'<text x="0" y="12" font-size="11" font-weight="bold">{titel}</text>'
    ]
    for i, soort in enumerate(soorten):
        n = int(stromen.get(soort, 0))
        y = boven + i * rij
        w = n * schaal
        delen.append(
            f'<text x="{label_breedte - 6}" y="{y + 14}" text-anchor="end">'
            f"{html.escape(labels[soort])}</text>"
            f'<rect x="{label_breedte}" y="{y + 4}" width="{w:.1f}" height="{rij - 8}" '
            f'fill="{KLEUREN[3 + i % 3]}"/>'
            f'<text x="{label_breedte + w + 4:.1f}" y="{y + 14}">'
            f"{html.escape(number_format(n, 0, use_l10n=True, force_grouping=True))}</text>"
        )
    delen.append("</g></svg>")
    return mark_safe("".join(delen))  # noqa: S308 - every text above is escaped
