"""The participatieladder report (counting-rules.md §8): stock tables and flows of year Y.

Everything is counted in the database, in four queries over the placements: the distinct
participants of every column in one grouped scan, the year averages of every column in one
windowed query, the transitions in one windowed query and the uitstroom (total and per
region) in one anti-join. Python only combines the small grouped results
along the catalog's table layout (`TabelRij`, `GroepLid`), so the rows, their order, the
group members and their weights are data an admin can change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction

from ladder.models import GroepLid, Ladderplaatsing, RegioWvl, Tabel, TabelRij, Telbasis, Werkvorm
from ladder.rules import NIET_TOE_TE_WIJZEN, WEST_VLAANDEREN
from referentie.models import Provincie
from werkzorg.domein.datums import add_months

VLAAMS_GEWEST = "vlaams-gewest"
TREDEN = range(1, 7)
#: A placement that ends is an uitstroom when nothing follows within this many months.
UITSTROOM_MAANDEN = 3
STROOM_SOORTEN = ("instroom", "uitstroom", "opstroom", "neerwaartse_stroom", "zijstroom")


def round_half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Rij:
    """One row of a ladder table as shown for a year."""

    code: str
    label: str
    letter: str
    is_groep: bool
    trede: int | None
    diepte: int


@dataclass
class Layout:
    """The rows of one table in one year, with the members of its groups."""

    tabel: str
    jaar: int
    rijen: list[Rij]
    leden: dict[str, list[tuple[str, Decimal]]]
    bladeren: list[str]  # the werkvormen counted: reached from a row and counting in the year
    telbasis: dict[str, str] = field(default_factory=dict)


def tabel_layout(tabel: str, jaar: int) -> Layout:
    """The rows the catalog puts in `tabel` for `jaar` (three queries)."""
    werkvormen = {w.code: w for w in Werkvorm.objects.all()}
    leden: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for lid in GroepLid.objects.filter(tabel=tabel).order_by("groep_id", "volgorde", "id"):
        leden[lid.groep_id].append((lid.lid_code, Decimal(lid.gewicht)))

    def reached(code: str, seen: frozenset[str] = frozenset()) -> list[str]:
        if code in werkvormen:
            return [code] if werkvormen[code].telt_in_jaar(jaar) else []
        if code in seen:  # a cycle typed in by an admin: count nothing twice
            return []
        out: list[str] = []
        for lid, _gewicht in leden.get(code, []):
            out += [w for w in reached(lid, seen | {code}) if w not in out]
        return out

    parents: dict[str, str] = {}
    for groep, members in leden.items():
        for lid_code, _gewicht in members:
            parents.setdefault(lid_code, groep)

    rijen, bladeren = [], []
    for rij in TabelRij.objects.filter(tabel=tabel).select_related("groep").order_by("volgorde"):
        leaves = reached(rij.code)
        if not leaves:
            continue
        for w in leaves:
            if w not in bladeren:
                bladeren.append(w)
        trede = werkvormen[rij.werkvorm_id].trede_id if rij.werkvorm_id else rij.groep.trede_id  # type: ignore[union-attr]  # a row without werkvorm is a group's row
        rijen.append(Rij(rij.code, rij.label, rij.letter, rij.groep_id is not None, trede, 0))
    # a row sits one level below the closest row above it in the groups' tree
    shown = {r.code for r in rijen}
    rijen = [
        Rij(r.code, r.label, r.letter, r.is_groep, r.trede, _shown_depth(r.code, parents, shown))
        for r in rijen
    ]
    return Layout(
        tabel,
        jaar,
        rijen,
        dict(leden),
        bladeren,
        {w: werkvormen[w].telbasis_code for w in bladeren},
    )


def _shown_depth(code: str, parents: dict[str, str], shown: set[str]) -> int:
    d, seen = 0, set()
    while code in parents and code not in seen:
        seen.add(code)
        code = parents[code]
        if code in shown:
            d += 1
    return d


# -- counting --------------------------------------------------------------------------------


@dataclass
class Tellingen:
    """Leaf counts of one year: per West-Flemish region, per province, and for Flanders."""

    regio: dict[tuple[str, str], int] = field(default_factory=dict)
    provincie: dict[tuple[str, str | None], int] = field(default_factory=dict)
    vlaams: dict[str, int] = field(default_factory=dict)


def _vlaamse_provincies() -> list[str]:
    return list(Provincie.objects.filter(vlaams=True).values_list("code", flat=True))


def tellingen(jaar: int, telbasis: dict[str, str]) -> Tellingen:
    """Count every werkvorm of `telbasis` by its own telbasis_code in `jaar`: distinct
    participants (or the daily mean for `jaargemiddelde`), in three groupings."""
    vlaams = _vlaamse_provincies()
    t = Tellingen()
    _distinct_persons(jaar, telbasis, vlaams, t)
    gemiddeld = [w for w, b in telbasis.items() if b == Telbasis.JAARGEMIDDELDE]
    for (soort, w, kol), n in _year_average(jaar, gemiddeld, vlaams).items():
        if soort == "regio":
            t.regio[(w, kol)] = n
        elif soort == "provincie":
            t.provincie[(w, kol)] = n
        else:
            t.vlaams[w] = n
    return t


def _distinct_persons(jaar: int, telbasis: dict[str, str], vlaams: list[str], t: Tellingen) -> None:
    """One scan, one grouping: each (werkvorm, participant) counted once, with a flag per
    column it falls in (province, West-Flemish region, Flemish Region); the sums of the
    flags are the distinct counts of all three groupings.

    Grouping once on (werkvorm, participant) replaces three `COUNT(DISTINCT …)` queries,
    each a full scan and two sorts (report-performance decision in docs/decisions.md).
    """
    per_basis: dict[str, list[str]] = defaultdict(list)
    for w, b in telbasis.items():
        if b != Telbasis.JAARGEMIDDELDE:
            per_basis[b].append(w)
    codes = [w for ws in per_basis.values() for w in ws]
    if not codes:
        return
    jan1, dec31, feb1 = date(jaar, 1, 1), date(jaar, 12, 31), date(jaar, 2, 1)
    # which placements count depends on the werkvorm's telbasis: one CASE, no join
    wanneer = {
        Telbasis.STAND_31_12: ("(p.einde IS NULL OR p.einde >= %s)", [dec31]),
        Telbasis.ACTIEF_IN_JAAR: ("1 = 1", []),
        Telbasis.GESTART_IN_JAAR: ("p.start >= %s", [jan1]),
        Telbasis.TELLING_1_FEBRUARI: (
            "p.start <= %s AND (p.einde IS NULL OR p.einde >= %s)",
            [feb1, feb1],
        ),
    }
    takken: list[str] = []
    tak_params: list[Any] = []
    for basis, (voorwaarde, waarden) in wanneer.items():
        if per_basis.get(basis):
            takken.append(f"WHEN p.werkvorm_id IN ({_in(per_basis[basis])}) THEN {voorwaarde}")
            tak_params += [*per_basis[basis], *waarden]
    provincies = list(Provincie.objects.order_by("code").values_list("code", flat=True))
    regios = list(RegioWvl.objects.order_by("code").values_list("code", flat=True))
    if NIET_TOE_TE_WIJZEN not in regios:
        regios.append(NIET_TOE_TE_WIJZEN)
    vlag = "MAX(CASE WHEN {} THEN 1 ELSE 0 END)"
    vlaggen = [vlag.format("p.provincie_id = %s") for _ in provincies]
    vlaggen += [
        vlag.format("p.provincie_id = %s AND COALESCE(p.regio_wvl_id, %s) = %s") for _ in regios
    ]
    vlag_params: list[Any] = [*provincies]
    for r in regios:
        vlag_params += [WEST_VLAANDEREN, NIET_TOE_TE_WIJZEN, r]
    if vlaams:
        vlaggen.append(vlag.format(f"p.provincie_id IN ({_in(vlaams)})"))
        vlag_params += vlaams
    kolommen = [f"v{i}" for i in range(len(vlaggen))]
    sql = f"""
        SELECT werkvorm_id, {", ".join(f"SUM({k})" for k in kolommen)}
        FROM (
            SELECT p.werkvorm_id, {", ".join(f"{v} AS {k}" for v, k in zip(vlaggen, kolommen, strict=True))}
            FROM ladder_ladderplaatsing p
            WHERE p.werkvorm_id IN ({_in(codes)})
              AND p.start <= %s AND (p.einde IS NULL OR p.einde >= %s)
              AND CASE {" ".join(takken)} ELSE 1 = 0 END
            GROUP BY p.werkvorm_id, p.deelnemer_id
        ) per_persoon
        GROUP BY werkvorm_id
    """  # noqa: S608 - constant fragments only; values are parameters
    with connection.cursor() as cur:
        cur.execute(sql, [*vlag_params, *codes, dec31, jan1, *tak_params])
        rows = cur.fetchall()
    np, nr = len(provincies), len(regios)
    for wv, *sommen in rows:
        for prov, n in zip(provincies, sommen[:np], strict=True):
            if n:
                t.provincie[(wv, prov)] = int(n)
        for regio, n in zip(regios, sommen[np : np + nr], strict=True):
            if n:
                t.regio[(wv, regio)] = int(n)
        if vlaams and sommen[-1]:
            t.vlaams[wv] = int(sommen[-1])


def _in(waarden: list[str]) -> str:
    """Placeholders for an IN list (never empty: callers check)."""
    return ", ".join(["%s"] * len(waarden))


def _sql_dialect() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {"greatest": "GREATEST", "least": "LEAST", "days": "({e} - {s})"}
    return {
        "greatest": "MAX",
        "least": "MIN",
        "days": "CAST(julianday({e}) - julianday({s}) AS INTEGER)",
    }


def _year_average(
    jaar: int, codes: list[str], vlaams: list[str]
) -> dict[tuple[str, str, str], int]:
    """{(grouping, werkvorm, column): mean over the days of `jaar` of the participants active},
    for the three groupings at once: "regio" (West-Vlaanderen by regio_wvl), "provincie" and
    "vlaams" (column "").

    Person-days, not placement-days: a participant's overlapping placements in one werkvorm
    are merged into islands first (gaps and islands over a running maximum of the end). The
    placements are read once; the groupings are three partitions of the same windows.
    """
    if not codes:
        return {}
    d = _sql_dialect()
    jan1, dec31 = date(jaar, 1, 1), date(jaar, 12, 31)
    dagen = (dec31 - jan1).days + 1
    length = d["days"].format(e="MAX(e)", s="MIN(s)")
    groeperingen = [
        "SELECT 'regio' AS soort, dn, wv, COALESCE(regio, %s) AS kol, s, e FROM kept WHERE prov = %s",
        "SELECT 'provincie' AS soort, dn, wv, prov AS kol, s, e FROM kept",
    ]
    groep_params: list[Any] = [NIET_TOE_TE_WIJZEN, WEST_VLAANDEREN]
    if vlaams:
        groeperingen.append(
            f"SELECT 'vlaams' AS soort, dn, wv, '' AS kol, s, e FROM kept WHERE prov IN ({_in(vlaams)})"  # noqa: S608, E501
        )
        groep_params += vlaams
    sql = f"""
        WITH kept AS (
            SELECT * FROM (
                SELECT p.deelnemer_id AS dn, p.werkvorm_id AS wv, p.provincie_id AS prov,
                       p.regio_wvl_id AS regio,
                       {d["greatest"]}(p.start, %s) AS s,
                       {d["least"]}(COALESCE(p.einde, %s), %s) AS e
                FROM ladder_ladderplaatsing p
                WHERE p.start <= %s AND p.werkvorm_id IN ({_in(codes)})
            ) clipped
            WHERE e >= s
        ), grouped AS (
            {" UNION ALL ".join(groeperingen)}
        ), ordered AS (
            SELECT soort, dn, wv, kol, s, e,
                   MAX(e) OVER (PARTITION BY soort, dn, wv, kol ORDER BY s, e
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_e
            FROM grouped
        ), islands AS (
            SELECT soort, dn, wv, kol, s, e,
                   SUM(CASE WHEN prev_e IS NULL OR s > prev_e THEN 1 ELSE 0 END)
                       OVER (PARTITION BY soort, dn, wv, kol ORDER BY s, e
                             ROWS UNBOUNDED PRECEDING) AS island
            FROM ordered
        ), spans AS (
            SELECT soort, wv, kol, {length} + 1 AS n
            FROM islands GROUP BY soort, dn, wv, kol, island
        )
        SELECT soort, wv, kol, SUM(n) FROM spans GROUP BY soort, wv, kol
    """  # noqa: S608 - constant fragments only; values are parameters
    # the clipping bounds come first in the SELECT, then the WHERE's, then the groupings'
    params: list[Any] = [jan1, dec31, dec31, dec31, *codes, *groep_params]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    # half up on an exact fraction: (2·persondays + days) // (2·days)
    return {(soort, wv, kol): (2 * int(n) + dagen) // (2 * dagen) for soort, wv, kol, n in rows}


def _combine(
    layout: Layout, kolommen: list[str], leaf: dict[tuple[str, str | None], int]
) -> dict[str, dict[str, int]]:
    """Rows as weighted sums of their members, rounded half up once where a weight applies."""
    memo: dict[tuple[str, str], int] = {}
    bladeren = set(layout.bladeren)

    def value(code: str, kol: str, seen: frozenset[str] = frozenset()) -> int:
        key = (code, kol)
        if key not in memo:
            if code in layout.telbasis or code not in layout.leden:
                memo[key] = leaf.get((code, kol), 0) if code in bladeren else 0
            elif code in seen:
                memo[key] = 0
            else:
                members = layout.leden[code]
                total = sum((g * value(m, kol, seen | {code}) for m, g in members), Decimal(0))
                weighted = any(g != 1 for _, g in members)
                memo[key] = round_half_up(total) if weighted else int(total)
        return memo[key]

    return {r.code: {k: value(r.code, k) for k in kolommen} for r in layout.rijen}


def wvl_kolommen() -> list[str]:
    return [*RegioWvl.objects.order_by("volgorde").values_list("code", flat=True), WEST_VLAANDEREN]


def ladder_stand_wvl(
    jaar: int, layout: Layout | None = None, geteld: Tellingen | None = None
) -> dict[str, dict[str, int]]:
    """Tabel 40: per West-Flemish region (empty region = niet toe te wijzen) and the province.

    The province column is counted on its own (distinct participants, rounded once), not
    summed from the regional cells.
    """
    layout = layout or tabel_layout(Tabel.WVL, jaar)
    geteld = geteld or tellingen(jaar, layout.telbasis)
    regios = [c for c in wvl_kolommen() if c != WEST_VLAANDEREN]
    leaf: dict[tuple[str, str | None], int] = {}
    for (w, kol), n in geteld.regio.items():
        # a regio_wvl that is no column of the table still counts as unassigned
        kol = kol if kol in regios else NIET_TOE_TE_WIJZEN
        leaf[(w, kol)] = leaf.get((w, kol), 0) + n
    for (w, prov), n in geteld.provincie.items():
        if prov == WEST_VLAANDEREN:
            leaf[(w, WEST_VLAANDEREN)] = n
    return _combine(layout, [*regios, WEST_VLAANDEREN], leaf)


def provincie_kolommen() -> list[str]:
    return [*Provincie.objects.order_by("volgorde").values_list("code", flat=True), VLAAMS_GEWEST]


def ladder_stand_provincie(
    jaar: int, layout: Layout | None = None, geteld: Tellingen | None = None
) -> dict[str, dict[str, int]]:
    """Tabel 39 for one year: per province and the Flemish Region (Brussels excluded)."""
    layout = layout or tabel_layout(Tabel.PROVINCIE, jaar)
    geteld = geteld or tellingen(jaar, layout.telbasis)
    provincies = list(Provincie.objects.order_by("volgorde").values_list("code", flat=True))
    leaf: dict[tuple[str, str | None], int] = dict(geteld.provincie)
    for w, n in geteld.vlaams.items():
        leaf[(w, VLAAMS_GEWEST)] = n
    return _combine(layout, [*provincies, VLAAMS_GEWEST], leaf)


# -- flows -----------------------------------------------------------------------------------


def _add_months_sql(expr: str, months: int) -> str:
    if connection.vendor == "postgresql":
        return f"CAST({expr} + INTERVAL '{int(months)} months' AS date)"
    # SQLite overflows 31 Jan + 1 month to 3 March; clamp to the month's last day instead
    moved = f"date({expr}, '+{int(months)} months')"
    return (
        f"(CASE WHEN strftime('%%d', {moved}) = strftime('%%d', {expr}) THEN {moved} "
        f"ELSE date({moved}, 'start of month', '-1 day') END)"
    )


def _leeg_per_regio(regios: Iterable[str]) -> dict[str, dict[str, Any]]:
    return {r: _lege_stromen() for r in regios}


def _lege_stromen() -> dict[str, Any]:
    return {
        "instroom": 0,
        "uitstroom": 0,
        "opstroom": 0,
        "neerwaartse_stroom": 0,
        "zijstroom": 0,
        "matrix": {str(a): {str(b): 0 for b in TREDEN} for a in TREDEN},
    }


def ladder_stromen(jaar: int) -> dict[str, Any]:
    """Instroom, uitstroom, op-, neerwaartse en zijstroom and the 6×6 matrix of `jaar`.

    Each participant's placements are ordered by start (then id), across all werkvormen. A
    transition is a pair of consecutive placements where the next one starts in `jaar` in
    another werkvorm; transitions count once each. `per_regio` splits everything by the
    regio_wvl of the placement that starts (instroom, transitions) or ends (uitstroom).
    """
    jan1, dec31 = date(jaar, 1, 1), date(jaar, 12, 31)
    regios = list(RegioWvl.objects.order_by("volgorde").values_list("code", flat=True))
    totaal, per_regio = _lege_stromen(), _leeg_per_regio(regios)
    ntw = f"'{NIET_TOE_TE_WIJZEN}'"
    # only the histories of participants with a placement starting in the year matter
    sql = f"""
        WITH h AS (
            SELECT p.deelnemer_id, p.werkvorm_id, w.trede_id AS trede, p.start,
                   COALESCE(p.regio_wvl_id, {ntw}) AS regio,
                   LAG(p.werkvorm_id) OVER hist AS vorige_werkvorm,
                   LAG(w.trede_id) OVER hist AS vorige_trede
            FROM ladder_ladderplaatsing p
            JOIN ladder_werkvorm w ON w.code = p.werkvorm_id
            WHERE p.start <= %s AND p.deelnemer_id IN (
                SELECT q.deelnemer_id FROM ladder_ladderplaatsing q
                WHERE q.start >= %s AND q.start <= %s)
            WINDOW hist AS (PARTITION BY p.deelnemer_id ORDER BY p.start, p.id)
        )
        SELECT vorige_trede, trede, regio, COUNT(*) FROM h
        WHERE start >= %s
          AND (vorige_werkvorm IS NULL OR vorige_werkvorm <> werkvorm_id)
        GROUP BY vorige_trede, trede, regio
    """  # noqa: S608 - constant fragments only; values are parameters
    with connection.cursor() as cur:
        cur.execute(sql, [dec31, jan1, dec31, jan1])
        rows = cur.fetchall()
    for van, naar, regio, n in rows:
        doelen = [totaal]
        if regio in per_regio:
            doelen.append(per_regio[regio])
        for doel in doelen:
            if van is None:
                doel["instroom"] += n
                per_trede = doel.setdefault("instroom_per_trede", {})
                per_trede[str(naar)] = per_trede.get(str(naar), 0) + n
                continue
            soort = (
                "opstroom" if naar > van else "neerwaartse_stroom" if naar < van else "zijstroom"
            )
            doel[soort] += n
            doel["matrix"][str(van)][str(naar)] += n

    window_end = _add_months_sql("p.einde", UITSTROOM_MAANDEN)
    # one anti-join for the total and the regions: the CTE is evaluated once (a CTE used
    # twice is materialised), the total is the distinct participants across regions
    sql = f"""
        WITH weg AS (
            SELECT DISTINCT p.deelnemer_id AS dn, COALESCE(p.regio_wvl_id, {ntw}) AS regio
            FROM ladder_ladderplaatsing p
            WHERE p.einde >= %s AND p.einde <= %s
              AND NOT EXISTS (
                  SELECT 1 FROM ladder_ladderplaatsing q
                  WHERE q.deelnemer_id = p.deelnemer_id
                    AND q.start <= %s AND (q.einde IS NULL OR q.einde > %s)
                    AND q.start <= {window_end}
                    AND (q.einde IS NULL OR q.einde > p.einde))
        )
        SELECT regio, COUNT(*) FROM weg GROUP BY regio
        UNION ALL
        SELECT NULL, COUNT(DISTINCT dn) FROM weg
    """  # noqa: S608 - constant fragments only; values are parameters
    # the constant bounds on q let the database skip histories far from the year
    params = [jan1, dec31, add_months(dec31, UITSTROOM_MAANDEN), jan1]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    for r, n in rows:
        if r is None:
            totaal["uitstroom"] = n
        elif r in per_regio:
            per_regio[r]["uitstroom"] = n
    totaal["per_regio"] = per_regio
    return totaal


# -- the report ------------------------------------------------------------------------------


def rapport_jaren(vandaag: date) -> tuple[int, ...]:
    """The years the ladder report offers: this year and the seven before it."""
    return tuple(range(vandaag.year, vandaag.year - 8, -1))


def laatste_jaar_met_plaatsingen(tot: int) -> int | None:
    """The latest year up to `tot` in which a placement runs (two index lookups on `einde`).

    An open-ended placement runs up to today, so `tot` has data when one exists; otherwise the
    year of the latest end.
    """
    if Ladderplaatsing.objects.filter(einde__isnull=True, start__lte=date(tot, 12, 31)).exists():
        return tot
    einde = (
        Ladderplaatsing.objects.filter(einde__isnull=False)
        .order_by("-einde")
        .values_list("einde", flat=True)
        .first()
    )
    return min(einde.year, tot) if einde else None


@contextmanager
def _rapport_sessie() -> Iterator[None]:
    """One read transaction; on PostgreSQL with room to sort and hash in memory (the default
    4 MB spills the distinct counts of a million placements to disk)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET LOCAL work_mem = '64MB'")
        yield


def ladder_rapport(jaar: int) -> dict[str, Any]:
    """The ladder report of `jaar` in the shape of report-json.md."""
    with _rapport_sessie():
        return _ladder_rapport(jaar)


def _ladder_rapport(jaar: int) -> dict[str, Any]:
    wvl = tabel_layout(Tabel.WVL, jaar)
    prov = tabel_layout(Tabel.PROVINCIE, jaar)
    # both tables share one count of the werkvormen either of them reaches
    geteld = tellingen(jaar, {**wvl.telbasis, **prov.telbasis})
    return {
        "jaar": jaar,
        "tables": {
            "ladder_stand_wvl": ladder_stand_wvl(jaar, wvl, geteld),
            "ladder_stand_provincie": ladder_stand_provincie(jaar, prov, geteld),
            "ladder_stromen": ladder_stromen(jaar),
        },
    }


def _pct(deel: int, geheel: int) -> float | None:
    if not geheel:
        return None
    return float((Decimal(100) * deel / geheel).quantize(Decimal("0.1"), ROUND_HALF_UP))


def ladder_reeks(jaren: list[int], provincie: str = WEST_VLAANDEREN) -> dict[str, Any]:
    """Tabel 39 over several years: the province and the Flemish Region per year, the share of
    the province in Flanders, and the evolution from the first and the previous year (%)."""
    jaren = sorted(jaren)
    per_jaar = {j: ladder_stand_provincie(j) for j in jaren}
    codes: list[str] = []
    labels: dict[str, Rij] = {}
    for j in jaren:
        for rij in tabel_layout(Tabel.PROVINCIE, j).rijen:
            if rij.code not in labels:
                labels[rij.code] = rij
                codes.append(rij.code)
    order = list(
        TabelRij.objects.filter(tabel=Tabel.PROVINCIE).values_list(
            "volgorde", "werkvorm_id", "groep_id"
        )
    )
    rank = {w or g: v for v, w, g in order}
    codes.sort(key=lambda c: rank.get(c, 0))
    rows: dict[str, Any] = {}
    for code in codes:
        prov = {j: per_jaar[j].get(code, {}).get(provincie) for j in jaren}
        vg = {j: per_jaar[j].get(code, {}).get(VLAAMS_GEWEST) for j in jaren}
        eerste, laatste = jaren[0], jaren[-1]
        vorige = jaren[-2] if len(jaren) > 1 else None

        def evolutie(a: int | None, b: int | None) -> float | None:
            return None if a is None or a == 0 or b is None else _pct(b - a, a)

        rows[code] = {
            "label": labels[code].label,
            "letter": labels[code].letter,
            provincie: {str(j): prov[j] for j in jaren},
            VLAAMS_GEWEST: {str(j): vg[j] for j in jaren},
            "aandeel_pct": {
                str(j): _pct(p, v) if (p := prov[j]) is not None and (v := vg[j]) else None
                for j in jaren
            },
            f"evolutie_{eerste}_{laatste}_pct": {
                provincie: evolutie(prov[eerste], prov[laatste]),
                VLAAMS_GEWEST: evolutie(vg[eerste], vg[laatste]),
            },
            f"evolutie_{vorige}_{laatste}_pct": {
                provincie: evolutie(prov.get(vorige), prov[laatste]) if vorige else None,
                VLAAMS_GEWEST: evolutie(vg.get(vorige), vg[laatste]) if vorige else None,
            },
        }
    return {"jaren": jaren, "provincie": provincie, "rijen": rows}
