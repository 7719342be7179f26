"""Aandacht nodig: the worklist of one user, over the dossiers they may see.

The reasons, their dates and thresholds come from `trajectories.selectors` (`aandachtspunten`,
`meting_aandachtspunten`), computed in the database over the user's scoped querysets; this
module only groups them into the page's categories and labels.

`aandacht_voor` returns the whole list (the daily email, tests); the page reads only its counts
(`Werklijst.tellingen`) and the page shown (`Werklijst[a:b]`), both computed in the database
over the same reasons (`_deelvragen`), so a worklist of thousands of points costs two queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deelnemers import selectors
from deelnemers.models import Deelnemer
from trajectories import selectors as traject_selectors
from trajectories.selectors import METINGEN_MAANDEN, Aandachtspunt

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
        return reverse(DETAIL_URL[self.soort], args=[self.traject_id])


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
    """`signalen` (one page) with their deelnemer loaded: one query."""
    deelnemers = Deelnemer.objects.only("id", "voornaam", "achternaam").in_bulk(
        {s.deelnemer_id for s in signalen}
    )
    return [replace(s, deelnemer=deelnemers.get(s.deelnemer_id)) for s in signalen]


# --- the page: counts and one page in the database --------------------------------------------

_KOLOMMEN = ("w_categorie", "w_soort", "w_reden", "w_datum", "w_te_laat", "w_id", "w_deelnemer")


def _deelvraag(
    qs: QuerySet[Any], soort: str, redenen: list[tuple[Q, str]], datum: str
) -> QuerySet[Any]:
    """One row per trajectory of `qs` with one of `redenen` (condition, reason code of
    `traject_selectors.REDENEN`; at most one holds per row), in the columns `_KOLOMMEN`: the
    category and lateness come from `SIGNALEN` (or the measurement), as in `_signaal`."""

    def signaal(reden: str) -> tuple[str, bool]:
        return ("meting", True) if reden in MAANDEN_PER_METING else SIGNALEN[reden][::2]

    (categorie,) = {signaal(r)[0] for _q, r in redenen}
    voorwaarde = Q(pk__in=[])
    for q, _r in redenen:
        voorwaarde |= q
    return (
        qs.filter(voorwaarde)
        .order_by()
        .annotate(
            w_categorie=Value(categorie, output_field=CharField()),
            w_soort=Value(soort, output_field=CharField()),
            w_reden=Case(*[When(q, then=Value(r)) for q, r in redenen], output_field=CharField()),
            w_datum=F(datum),
            w_te_laat=Case(
                *[When(q, then=Value(signaal(r)[1])) for q, r in redenen],
                output_field=BooleanField(),
            ),
            w_id=F("id"),
            w_deelnemer=F("deelnemer_id"),
        )
        .values(*_KOLOMMEN)
    )


def _deelvragen(user: Any, *, op: date, regio: str | None) -> dict[str, list[QuerySet[Any]]]:
    """Per category, the queries of its rows (the reasons of `_punten`, same predicates)."""
    activering = selectors.activeringstrajecten_visible_to(user)
    ama_se = selectors.ama_se_trajecten_visible_to(user)
    wvg = selectors.ama_wvg_overeenkomsten_visible_to(user)
    if regio:
        activering = activering.filter(deelnemer__regio_id=regio)
        ama_se = ama_se.filter(deelnemer__regio_id=regio)
        wvg = wvg.filter(deelnemer__regio_id=regio)
    at = traject_selectors.activering_aandacht(activering, op=op)
    se = traject_selectors.ama_se_aandacht(ama_se, op=op)
    wv = traject_selectors.wvg_aandacht(wvg, op=op)
    me = traject_selectors.meting_aandacht(activering, op=op)
    waar = lambda vlag: Q(**{vlag: True})  # noqa: E731
    return {
        "einde": [
            _deelvraag(
                at,
                "activering",
                [(waar("is_overdue"), "overdue"), (waar("einde_binnenkort"), "einde-binnenkort")],
                "einddatum",
            )
        ],
        "eerste-gesprek": [
            _deelvraag(
                at,
                "activering",
                [(waar("wacht_op_aanvaarding"), "wacht-op-aanvaarding")],
                "geinitieerd_op",
            )
        ],
        "ama-se": [
            _deelvraag(
                se,
                "ama-se",
                [
                    (waar(f"{wat}_{wanneer}"), f"{wat}-{wanneer.replace('_', '-')}")
                    for wanneer in ("te_laat", "binnenkort")
                ],
                f"volgende_{wat}",
            )
            for wat in ("opvolging", "beslissing")
        ],
        "ama-wvg": [
            _deelvraag(
                wv,
                "ama-wvg",
                [
                    (waar("evaluatie_te_laat"), "evaluatie-te-laat"),
                    (waar("evaluatie_binnenkort"), "evaluatie-binnenkort"),
                ],
                "volgende_evaluatie",
            )
        ],
        "meting": [
            _deelvraag(
                me, "activering", [(waar(f"meting_{m}_ontbreekt"), f"meting-{m}")], f"meting_{m}"
            )
            for m in METINGEN_MAANDEN
        ],
    }


def _unie(vragen: list[QuerySet[Any]]) -> tuple[str, tuple[Any, ...]]:
    eerste, *rest = vragen
    qs = eerste.union(*rest, all=True) if rest else eerste
    sql, params = qs.query.sql_with_params()
    return sql, tuple(params)


class Werklijst:
    """The worklist of `user` on `op` for the page: `tellingen` per category (one query) and,
    sliced, the signals of one page in `_urgentie` order (one query with LIMIT/OFFSET), for
    one `categorie` or all. Django's `Paginator` pages it like a list."""

    def __init__(
        self, user: Any, *, op: date, regio: str | None = None, categorie: str = ""
    ) -> None:
        self.vragen = _deelvragen(user, op=op, regio=regio)
        self.categorie = categorie
        self._tellingen: dict[str, int] | None = None

    @property
    def tellingen(self) -> dict[str, int]:
        if self._tellingen is None:
            sql, params = _unie([q for v in self.vragen.values() for q in v])
            with connection.cursor() as c:
                c.execute(
                    f"SELECT w_categorie, count(*) FROM ({sql}) w GROUP BY w_categorie",  # noqa: S608
                    params,
                )
                geteld = dict(c.fetchall())
            self._tellingen = {k: geteld.get(k, 0) for k in CATEGORIEEN}
        return self._tellingen

    def count(self) -> int:
        t = self.tellingen
        return t[self.categorie] if self.categorie else sum(t.values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, deel: slice) -> list[Signaal]:
        start, stop = deel.start or 0, deel.stop if deel.stop is not None else self.count()
        if stop <= start:
            return []
        keuze = [self.categorie] if self.categorie else list(CATEGORIEEN)
        sql, params = _unie([q for k in keuze for q in self.vragen[k]])
        # `_urgentie`, then the reason (the order of `aandachtspunten` among equal keys);
        # texts in code point order as in Python.
        c_ = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
        orde = f"w_datum, w_te_laat DESC, w_categorie{c_}, w_id{c_}, w_reden{c_}"
        with connection.cursor() as c:
            c.execute(
                # Django's compiled query and constant column names; values are parameters.
                f"SELECT {', '.join(_KOLOMMEN)} FROM ({sql}) w ORDER BY {orde} LIMIT %s OFFSET %s",  # noqa: S608
                (*params, stop - start, start),
            )
            rijen = c.fetchall()
        return [
            _signaal(Aandachtspunt(soort, traject_id, deelnemer_id, reden, _datum(datum)), None)
            for _cat, soort, reden, datum, _laat, traject_id, deelnemer_id in rijen
        ]


def _datum(waarde: Any) -> date:
    # SQLite returns computed dates as text.
    return date.fromisoformat(waarde) if isinstance(waarde, str) else waarde
