# ruff: noqa: S608 - the SQL is Django's compiled queries and constant codes of this module; values are parameters
"""Aandacht nodig: the worklist of one user, over the dossiers they may see.

The reasons, their dates and thresholds come from `trajectories.selectors` (`aandachtspunten`,
`meting_aandachtspunten`), computed in the database over the user's scoped querysets; this
module only groups them into the page's categories and labels.

`aandacht_voor` returns the whole list (the daily email, tests); the page reads only its counts
(`Werklijst.tellingen`) and the page shown (`Werklijst[a:b]`), both computed in the database
over the same four queries (`_werklijst_sql`), so a worklist of thousands of points costs two
queries and no Python per point.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils.translation import gettext_lazy as _

from deelnemers import selectors
from deelnemers.models import Deelnemer
from trajectories import selectors as traject_selectors
from trajectories.selectors import METINGEN_MAANDEN, Aandachtspunt
from werkzorg.domein.adressen import adres

CATEGORIEEN: dict[str, Any] = {
    "einde": _("Einddatum overschreden of binnen 2 maanden"),
    "eerste-gesprek": _("Geïnitieerd sinds meer dan 30 dagen zonder eerste gesprek"),
    "ama-se": _("AMA SE: opvolging of beslissing nodig"),
    "ama-wvg": _("AMA WVG: jaarlijkse evaluatie nodig"),
    "meting": _("Afgesloten: arbeidsmarktpositie ontbreekt voor de meting"),
}

# Per reason of `traject_selectors.REDENEN`: the page's category, what is due, and whether the
# date has passed.
SIGNALEN: dict[str, tuple[str, Any, bool]] = {
    "einde-binnenkort": ("einde", _("Einddatum"), False),
    "overdue": ("einde", _("Einddatum"), True),
    "wacht-op-aanvaarding": ("eerste-gesprek", _("Geïnitieerd op"), True),
    "opvolging-binnenkort": ("ama-se", _("Opvolgingsmoment"), False),
    "opvolging-te-laat": ("ama-se", _("Opvolgingsmoment"), True),
    "beslissing-binnenkort": ("ama-se", _("Beslissingsmoment"), False),
    "beslissing-te-laat": ("ama-se", _("Beslissingsmoment"), True),
    "evaluatie-binnenkort": ("ama-wvg", _("Evaluatie"), False),
    "evaluatie-te-laat": ("ama-wvg", _("Evaluatie"), True),
}
MAANDEN_PER_METING = {f"meting-{m}": m for m in METINGEN_MAANDEN}


# The detail page of each kind of trajectory (`Aandachtspunt.soort`).
DETAIL_URL = {
    "activering": "trajecten:activering_detail",
    "ama-se": "trajecten:ama_se_detail",
    "ama-wvg": "trajecten:wvg_detail",
}


@dataclass(frozen=True)
class Signaal:
    categorie: str
    deelnemer_id: str
    deelnemer: Any
    traject_id: str
    omschrijving: str
    datum: date
    te_laat: bool
    soort: str = "activering"

    @property
    def traject_url(self) -> str:
        return adres(DETAIL_URL[self.soort], self.traject_id)


def _signaal(p: Aandachtspunt, deelnemer: Any) -> Signaal:
    if p.reden in MAANDEN_PER_METING:
        omschrijving = _("Meting na %(m)s maanden") % {"m": MAANDEN_PER_METING[p.reden]}
        return Signaal(
            "meting", p.deelnemer_id, deelnemer, p.traject_id, omschrijving, p.datum, True, p.soort
        )
    categorie, omschrijving, te_laat = SIGNALEN[p.reden]
    return Signaal(
        categorie, p.deelnemer_id, deelnemer, p.traject_id, omschrijving, p.datum, te_laat, p.soort
    )


def _punten(user: Any, *, op: date, regio: str | None = None) -> list[Aandachtspunt]:
    """Every reason on the worklist of `user` on `op` (optionally of participants living in
    `regio`): five queries over the trajectories of the dossiers `user` may see."""
    activering = selectors.activeringstrajecten_visible_to(user)
    ama_se = selectors.ama_se_trajecten_visible_to(user)
    wvg = selectors.ama_wvg_overeenkomsten_visible_to(user)
    if regio:
        activering = activering.filter(deelnemer__regio_id=regio)
        ama_se = ama_se.filter(deelnemer__regio_id=regio)
        wvg = wvg.filter(deelnemer__regio_id=regio)
    return traject_selectors.aandachtspunten(
        op=op, activering=activering, ama_se=ama_se, wvg=wvg
    ) + traject_selectors.meting_aandachtspunten(op=op, activering=activering)


def _urgentie(s: Signaal) -> tuple[Any, ...]:
    """Most urgent first: the longest overdue, then what falls due soonest."""
    return (s.datum, not s.te_laat, s.categorie, s.traject_id)


def aandacht_voor(
    user: Any, *, op: date, regio: str | None = None, namen: bool = True
) -> dict[str, list[Signaal]]:
    """The worklist of `user` on `op`, per category (keys of `CATEGORIEEN`), most urgent first.

    Five queries for the reasons (over the trajectories of the dossiers `user` may see) and,
    with `namen`, one for the names of the deelnemers listed, whatever the number of
    trajectories. `regio`: only participants living in that region.
    """
    punten = _punten(user, op=op, regio=regio)
    deelnemers = (
        Deelnemer.objects.only("id", "voornaam", "achternaam").in_bulk(
            {p.deelnemer_id for p in punten}
        )
        if namen
        else {}
    )
    lijst: dict[str, list[Signaal]] = {k: [] for k in CATEGORIEEN}
    for p in punten:
        s = _signaal(p, deelnemers.get(p.deelnemer_id))
        lijst[s.categorie].append(s)
    for signalen in lijst.values():
        signalen.sort(key=_urgentie)
    return lijst


def tellingen(lijst: dict[str, list[Signaal]]) -> dict[str, int]:
    return {k: len(v) for k, v in lijst.items()}


def met_namen(signalen: list[Signaal]) -> list[Signaal]:
    """`signalen` (one page) with their deelnemer loaded (one query) and their description
    as text (a lazy translation costs the template several calls per row)."""
    deelnemers = Deelnemer.objects.only("id", "voornaam", "achternaam").in_bulk(
        {s.deelnemer_id for s in signalen}
    )
    return [
        replace(s, deelnemer=deelnemers.get(s.deelnemer_id), omschrijving=str(s.omschrijving))
        for s in signalen
    ]


# --- the page: counts and one page in the database --------------------------------------------

# Per base query of `_basissen`: its columns, then per category its arms (reasons as
# (flag column, reason code of `traject_selectors.REDENEN`), at most one flag holds per row)
# with the column of the date and the kind of trajectory.
_KOLOMMEN_AT = (
    "id",
    "deelnemer_id",
    "geinitieerd_op",
    "einddatum",
    "is_overdue",
    "einde_binnenkort",
    "wacht_op_aanvaarding",
)
_KOLOMMEN_SE = (
    "id",
    "deelnemer_id",
    "volgende_opvolging",
    "volgende_beslissing",
    "opvolging_te_laat",
    "opvolging_binnenkort",
    "beslissing_te_laat",
    "beslissing_binnenkort",
)
_KOLOMMEN_WVG = (
    "id",
    "deelnemer_id",
    "volgende_evaluatie",
    "evaluatie_te_laat",
    "evaluatie_binnenkort",
)
_KOLOMMEN_METING = (
    "id",
    "deelnemer_id",
    *(v for m in METINGEN_MAANDEN for v in (f"meting_{m}", f"meting_{m}_ontbreekt")),
)
_ARMEN: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    # (base, soort, date column, reasons)
    (
        "w_at",
        "activering",
        "einddatum",
        [("is_overdue", "overdue"), ("einde_binnenkort", "einde-binnenkort")],
    ),
    ("w_at", "activering", "geinitieerd_op", [("wacht_op_aanvaarding", "wacht-op-aanvaarding")]),
    (
        "w_se",
        "ama-se",
        "volgende_opvolging",
        [
            ("opvolging_te_laat", "opvolging-te-laat"),
            ("opvolging_binnenkort", "opvolging-binnenkort"),
        ],
    ),
    (
        "w_se",
        "ama-se",
        "volgende_beslissing",
        [
            ("beslissing_te_laat", "beslissing-te-laat"),
            ("beslissing_binnenkort", "beslissing-binnenkort"),
        ],
    ),
    (
        "w_wvg",
        "ama-wvg",
        "volgende_evaluatie",
        [
            ("evaluatie_te_laat", "evaluatie-te-laat"),
            ("evaluatie_binnenkort", "evaluatie-binnenkort"),
        ],
    ),
    *[
        ("w_meting", "activering", f"meting_{m}", [(f"meting_{m}_ontbreekt", f"meting-{m}")])
        for m in METINGEN_MAANDEN
    ],
]
_CODE = re.compile(r"^[a-z0-9_-]+$")


def _categorie_en_te_laat(reden: str) -> tuple[str, bool]:
    """As `_signaal`: the category and lateness of a reason."""
    if reden in MAANDEN_PER_METING:
        return "meting", True
    categorie, _omschrijving, te_laat = SIGNALEN[reden]
    return categorie, te_laat


def _arm(basis: str, soort: str, datum: str, redenen: list[tuple[str, str]]) -> str:
    """The rows of one category from a base query: category, kind, reason, date, late, ids."""
    assert all(_CODE.match(x) for x in (basis, soort, datum, *(y for r in redenen for y in r)))
    (categorie,) = {_categorie_en_te_laat(r)[0] for _v, r in redenen}
    reden = " ".join(f"WHEN {v} THEN '{r}'" for v, r in redenen)
    laat = " ".join(
        f"WHEN {v} THEN {'TRUE' if _categorie_en_te_laat(r)[1] else 'FALSE'}" for v, r in redenen
    )
    return (
        f"SELECT '{categorie}', '{soort}', CASE {reden} END, {datum}, CASE {laat} END, id, "
        f"deelnemer_id FROM {basis} WHERE {' OR '.join(v for v, _r in redenen)}"
    )


#: The typed NULL of a column in an empty base (a plain NULL is text for PostgreSQL, which
#: then refuses it as a CASE condition and in the UNION with the date columns).
_VLAGGEN = {v for _b, _s, _d, redenen in _ARMEN for v, _r in redenen}
_DATUMS = {d for _b, _s, d, _r in _ARMEN}


def _leeg_van(kolom: str) -> str:
    if kolom in _VLAGGEN:
        return "CAST(NULL AS BOOLEAN)"
    if kolom in _DATUMS:
        return "CAST(NULL AS DATE)"
    return "NULL"


#: Compiled worklist SQL per (scope key, day, region): building it through the ORM costs
#: ~20 ms of Python per request, more than the query itself for most users (decision 521).
_GECOMPILEERD: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
_GECOMPILEERD_MAX = 256
_GECOMPILEERD_SLOT = threading.Lock()


def _werklijst_sql(user: Any, *, op: date, regio: str | None) -> tuple[str, list[Any]]:
    """`_compileer` of `user`, reused for every user with the same scope key
    (`selectors.scope_sleutel`) on the same day and region.

    A scope of at most `selectors.OMVANG_MAX - 1` dossiers (the size hint of
    `selectors.scope_omvang`) is checked per source (`_in_scope(per_bron=True)`): a hash of its
    ids against the running trajectories, instead of probing the trajectories of each of its
    dossiers (the largest casemanager, 1 900 dossiers: 20 → 6 ms); a larger scope (a network)
    is joined as before (decision 540)."""
    omvang = selectors.scope_omvang(user)
    per_bron = omvang is not None and omvang < selectors.OMVANG_MAX
    sleutel = (selectors.scope_sleutel(user), op, regio, connection.vendor, per_bron)
    gevonden = _GECOMPILEERD.get(sleutel)
    if gevonden is None:
        sql, params = _compileer(user, op=op, regio=regio, per_bron=per_bron)
        gevonden = (sql, tuple(params))
        with _GECOMPILEERD_SLOT:  # threaded workers: one writer at a time
            if len(_GECOMPILEERD) >= _GECOMPILEERD_MAX:
                _GECOMPILEERD.pop(next(iter(_GECOMPILEERD)))  # the oldest
            _GECOMPILEERD[sleutel] = gevonden
    return gevonden[0], list(gevonden[1])


def _compileer(
    user: Any, *, op: date, regio: str | None, per_bron: bool = False
) -> tuple[str, list[Any]]:
    """The worklist as one SELECT of `w_categorie, w_soort, w_reden, w_datum, w_te_laat, w_id,
    w_deelnemer`: the four queries of `_punten` (same predicates, same
    scope) as common table expressions, their reasons unfolded into rows. `per_bron`: the
    scope's shape (see `_werklijst_sql`)."""
    activering = selectors.activeringstrajecten_visible_to(user, per_bron=per_bron)
    ama_se = selectors.ama_se_trajecten_visible_to(user, per_bron=per_bron)
    wvg = selectors.ama_wvg_overeenkomsten_visible_to(user, per_bron=per_bron)
    if regio:
        activering = activering.filter(deelnemer__regio_id=regio)
        ama_se = ama_se.filter(deelnemer__regio_id=regio)
        wvg = wvg.filter(deelnemer__regio_id=regio)
    basissen = {
        "w_at": (traject_selectors.activering_aandacht(activering, op=op), _KOLOMMEN_AT),
        "w_se": (traject_selectors.ama_se_aandacht(ama_se, op=op), _KOLOMMEN_SE),
        "w_wvg": (traject_selectors.wvg_aandacht(wvg, op=op), _KOLOMMEN_WVG),
        "w_meting": (traject_selectors.meting_aandacht(activering, op=op), _KOLOMMEN_METING),
    }
    delen: list[str] = []
    params: list[Any] = []
    for naam, (qs, kolommen) in basissen.items():
        leeg = f"SELECT {', '.join(f'{_leeg_van(k)} AS {k}' for k in kolommen)} WHERE 1 = 0"
        deel_params: tuple[Any, ...] = ()
        if qs.query.is_empty():
            # Out of every scope: Django would not even send the query.
            sql = leeg
        else:
            try:
                sql, deel_params = qs.order_by().values_list(*kolommen).query.sql_with_params()
            except EmptyResultSet:  # a scope that can match nothing (e.g. `IN ()`)
                sql = leeg
        delen.append(f"{naam}({', '.join(kolommen)}) AS ({sql})")
        params.extend(deel_params)
    armen = " UNION ALL ".join(_arm(*a) for a in _ARMEN)
    return (
        f"WITH {', '.join(delen)}, "
        f"w(w_categorie, w_soort, w_reden, w_datum, w_te_laat, w_id, w_deelnemer) AS ({armen}) "
        "SELECT * FROM w",
        params,
    )


class Werklijst:
    """The worklist of `user` on `op` for the page: `tellingen` per category (one query) and,
    sliced, the signals of one page in `_urgentie` order (one query with LIMIT/OFFSET), for
    one `categorie` or all. Django's `Paginator` pages it like a list."""

    def __init__(
        self,
        user: Any,
        *,
        op: date,
        regio: str | None = None,
        categorie: str = "",
        vooraf: slice | None = None,
    ) -> None:
        self.sql, self.params = _werklijst_sql(user, op=op, regio=regio)
        self.categorie = categorie
        self._tellingen: dict[str, int] | None = None
        # `vooraf`: the slice the page will ask for, read with the counts in one query (the
        # worklist's common table expressions evaluated once, not twice).
        self._vooraf = vooraf
        self._gelezen: tuple[int, int, list[Signaal]] | None = None

    @property
    def tellingen(self) -> dict[str, int]:
        if self._tellingen is None:
            with connection.cursor() as c:
                if self._vooraf is None:
                    c.execute(
                        f"SELECT w_categorie, count(*) FROM ({self.sql}) w GROUP BY w_categorie",
                        self.params,
                    )
                    geteld = dict(c.fetchall())
                else:
                    geteld = self._tellingen_en_pagina(c, self._vooraf)
            self._tellingen = {k: geteld.get(k, 0) for k in CATEGORIEEN}
        return self._tellingen

    def _tellingen_en_pagina(self, c: Any, deel: slice) -> dict[str, int]:
        """The counts and the rows of `deel` in one query: the counts as rows 't', the page
        as rows 'p' (the same order and filter as `__getitem__`)."""
        start = deel.start or 0
        aantal = max(0, (deel.stop or start) - start)
        met = self.sql.removesuffix("SELECT * FROM w")
        assert met != self.sql
        waar, orde, params = self._pagina_sql()
        c.execute(
            f"{met}, t(w_categorie, n) AS (SELECT w_categorie, count(*) FROM w "
            "GROUP BY w_categorie) "
            "SELECT 't', w_categorie, NULL, NULL, NULL, NULL, n FROM t UNION ALL "
            "SELECT * FROM (SELECT 'p', w_soort, w_reden, w_datum, w_id, w_deelnemer, "
            "CAST(NULL AS bigint) "
            f"FROM w {waar} ORDER BY {orde} LIMIT %s OFFSET %s) p",
            [*params, aantal, start],
        )
        geteld: dict[str, int] = {}
        rijen = []
        for soort, a, reden, datum, traject_id, deelnemer_id, n in c.fetchall():
            if soort == "t":
                geteld[a] = n
            else:
                rijen.append((a, reden, datum, traject_id, deelnemer_id))
        self._gelezen = (start, aantal, self._signalen(rijen))
        return geteld

    def _pagina_sql(self) -> tuple[str, str, list[Any]]:
        waar, params = "", [*self.params]
        if self.categorie:
            waar, params = "WHERE w_categorie = %s", [*params, self.categorie]
        # `_urgentie`, then the reason (the order of `aandachtspunten` among equal keys);
        # texts in code point order as in Python.
        c_ = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
        orde = f"w_datum, w_te_laat DESC, w_categorie{c_}, w_id{c_}, w_reden{c_}"
        return waar, orde, params

    @staticmethod
    def _signalen(rijen: list[tuple[Any, ...]]) -> list[Signaal]:
        return [
            _signaal(Aandachtspunt(soort, traject_id, deelnemer_id, reden, _datum(datum)), None)
            for soort, reden, datum, traject_id, deelnemer_id in rijen
        ]

    def count(self) -> int:
        t = self.tellingen
        return t[self.categorie] if self.categorie else sum(t.values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, deel: slice) -> list[Signaal]:
        start, stop = deel.start or 0, deel.stop if deel.stop is not None else self.count()
        if stop <= start:
            return []
        if self._gelezen is not None:
            vooraf_start, vooraf_aantal, signalen = self._gelezen
            if start == vooraf_start and stop - start <= vooraf_aantal:
                return signalen[: stop - start]
        waar, orde, params = self._pagina_sql()
        with connection.cursor() as c:
            c.execute(
                f"SELECT w_soort, w_reden, w_datum, w_id, w_deelnemer FROM ({self.sql}) w {waar} "
                f"ORDER BY {orde} LIMIT %s OFFSET %s",
                [*params, stop - start, start],
            )
            return self._signalen(c.fetchall())


def _datum(waarde: Any) -> date:
    # SQLite returns computed dates as text.
    return date.fromisoformat(waarde) if isinstance(waarde, str) else waarde
