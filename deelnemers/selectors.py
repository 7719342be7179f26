"""Which dossiers a user may see: the one home of the scoping rule.

Every list, detail page, search, form, API view and export starts from `visible_to(user)`.
The rule, per role (a user may hold several; the union counts):

- casemanager Werk / Zorg: participants of activeringstrajecten in which their organisation is
  casemanager Werk / Zorg, limited to the regions of the role assignment when it has regions;
- GTB-bemiddelaar: participants with an AMA SE-traject whose activeringstraject had the
  bemiddelaar's GTB as casemanager Werk (the GTB that gave the AMA SE advice), plus AMA SE
  participants living in the assignment's regions when it has regions;
- begeleider AMA SE / AMA WVG: participants of the AMA SE-trajecten / WVG-overeenkomsten their
  organisation guides;
- netwerkcoördinator: participants of activeringstrajecten in the regions of their network
  (the assignment's network, else the networks their organisation coordinates);
- coördinator: nobody (figures only, no personal data);
- admin (or superuser): everybody;
- and for the registering roles: the dossiers their organisation registered (`Registratie`),
  so a new participant is reachable before the first trajectory exists.

The filter is one uncorrelated semi-join: `WHERE id IN (SELECT deelnemer_id ... UNION ALL
SELECT deelnemer_id ...)`, each branch driven by the organisation/region index of its table, so
its cost grows with the user's scope, not with the number of participants (measured: a
correlated EXISTS made SQLite probe the begeleider index once per deelnemer, 0.46 s vs 1 ms;
`id IN (...) OR id IN (...)` made PostgreSQL walk all 1 M participants, 3.2 s vs 2.5 ms).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from accounts.permissions import toewijzingen_van
from deelnemers.models import Deelnemer, Registratie, ZorgNotitie
from deelnemers.zoeken import KLEIN_BEREIK
from organisaties.models import Lidmaatschap
from referentie.models import Regio
from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

_REGISTRATIE_ROLLEN = {Rol.CASEMANAGER_WERK, Rol.CASEMANAGER_ZORG, Rol.BEMIDDELAAR_GTB}


def _actief(user: Any) -> bool:
    """A logged-in, active user: everybody else sees no dossier."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def scope_sleutel(user: Any) -> tuple[Any, ...]:
    """Everything the scope of `user` depends on (see `_scope_bronnen`): two users with the same
    key get the same scope subquery, so SQL compiled for one key can be reused for it
    (`deelnemers.worklist`). A change of organisation or role assignment is a new key."""
    if not _actief(user):
        return ("niemand",)
    return (
        getattr(user, "organisatie_id", None),
        bool(getattr(user, "is_superuser", False)),
        tuple(toewijzingen_van(user)),
    )


def _in_regios(veld: str, regios: tuple[str, ...]) -> Q:
    return Q(**{f"{veld}__in": regios}) if regios else Q()


#: The attribute of a user object holding its scope sources for the request (`_scope_bronnen`).
_BRONNEN_ATTR = "_wz_scope_bronnen"


def _scope_bronnen(user: Any) -> list[QuerySet[Any]] | None:
    """The sources of the user's dossiers, each a `values("deelnemer_id")` queryset driven by
    an index of its table (organisation, begeleider, region); None means everything (admin).

    Built once per user object (a request's page asks for its scope three to five times: the
    size hint, the count, the list), for the same `scope_sleutel`: a change of organisation or
    roles on the object builds them again.
    """
    sleutel = scope_sleutel(user)
    bewaard = getattr(user, _BRONNEN_ATTR, None)
    if bewaard is None or bewaard[0] != sleutel:
        bewaard = (sleutel, _bouw_scope_bronnen(user))
        setattr(user, _BRONNEN_ATTR, bewaard)
    # Copies (cheap): compiling a queryset may touch its query's aliases.
    return None if bewaard[1] is None else [b.all() for b in bewaard[1]]


def _bouw_scope_bronnen(user: Any) -> list[QuerySet[Any]] | None:
    org_id = getattr(user, "organisatie_id", None)
    bronnen: list[QuerySet[Any]] = []
    for t in toewijzingen_van(user):
        if t.rol == Rol.ADMIN:
            return None
        if t.rol in (Rol.CASEMANAGER_WERK, Rol.CASEMANAGER_ZORG) and org_id:
            veld = (
                "casemanager_werk_org_id"
                if t.rol == Rol.CASEMANAGER_WERK
                else "casemanager_zorg_org_id"
            )
            bronnen.append(
                Activeringstraject.objects.filter(
                    Q(**{veld: org_id}) & _in_regios("regio_id", t.regios)
                )
            )
        elif t.rol == Rol.BEMIDDELAAR_GTB and org_id:
            # AMA SE participants whose activeringstraject had the GTB as casemanager Werk,
            # plus (with regions) AMA SE participants living in those regions.
            bronnen.append(
                AmaSeTraject.objects.filter(
                    deelnemer_id__in=Activeringstraject.objects.filter(
                        casemanager_werk_org_id=org_id
                    ).values("deelnemer_id")
                )
            )
            if t.regios:
                bronnen.append(AmaSeTraject.objects.filter(deelnemer__regio_id__in=t.regios))
        elif t.rol == Rol.BEGELEIDER_AMA_SE and org_id:
            bronnen.append(AmaSeTraject.objects.filter(begeleider_id=org_id))
        elif t.rol == Rol.BEGELEIDER_AMA_WVG and org_id:
            bronnen.append(AmaWvgOvereenkomst.objects.filter(begeleider_id=org_id))
        elif t.rol == Rol.NETWERKCOORDINATOR:
            regios = _netwerkregios(t, org_id)
            if regios is None:
                continue
            qs = Activeringstraject.objects.filter(regio_id__in=regios)
            if t.regios:
                qs = qs.filter(regio_id__in=t.regios)
            bronnen.append(qs)
        # Coördinator and unknown roles: figures only, no dossiers.
    if org_id and any(t.rol in _REGISTRATIE_ROLLEN for t in toewijzingen_van(user)):
        # A dossier the organisation registered stays visible before its first trajectory.
        bronnen.append(Registratie.objects.filter(organisatie_id=org_id))
    return [b.order_by().values("deelnemer_id") for b in bronnen]


def _netwerkregios(t: Any, org_id: str | None) -> QuerySet[Any] | None:
    """The codes of the regions of a network coordinator's assignment `t`: its network's, else
    those of the networks its organisation coordinates; None: neither."""
    if t.netwerk:
        return Regio.objects.filter(netwerk_id=t.netwerk).values("code")
    if org_id:
        netwerken = Lidmaatschap.objects.filter(
            organisatie_id=org_id, rol="netwerkcoordinator"
        ).values("netwerk_id")
        return Regio.objects.filter(netwerk_id__in=netwerken).values("code")
    return None


def scope_regios(user: Any) -> tuple[str, ...] | None:
    """Regions such that every dossier `user` may see has an activeringstraject in one of them,
    when the scope is made of such regions alone: a network coordinator's (a coordinator's
    role adds no dossiers); None for every other scope.

    A hint that narrows a search (`zoeken.zoek`, decision 548), never the rule: what it lets
    through is still checked by `visible_to`. Read once per user object, as the scope.
    """
    if not _actief(user) or _scope_bronnen(user) is None:
        return None
    toewijzingen = toewijzingen_van(user)
    if not toewijzingen or any(
        t.rol not in (Rol.NETWERKCOORDINATOR, Rol.COORDINATOR) for t in toewijzingen
    ):
        return None
    sleutel = scope_sleutel(user)
    bewaard = getattr(user, _REGIOS_ATTR, None)
    if bewaard is None or bewaard[0] != sleutel:
        codes: set[str] = set()
        for t in toewijzingen:
            if t.rol != Rol.NETWERKCOORDINATOR:
                continue
            regios = _netwerkregios(t, getattr(user, "organisatie_id", None))
            if regios is None:
                continue
            gevonden = set(regios.values_list("code", flat=True))
            codes |= gevonden & set(t.regios) if t.regios else gevonden
        bewaard = (sleutel, tuple(sorted(codes)))
        setattr(user, _REGIOS_ATTR, bewaard)
    return bewaard[1]


#: The attribute of a user object holding `scope_regios` for the request.
_REGIOS_ATTR = "_wz_scope_regios"


def scope_subquery(user: Any) -> QuerySet[Any] | None:
    """The ids of the dossiers `user` may see as one subquery (`SELECT deelnemer_id … UNION ALL
    SELECT deelnemer_id …`); None means everything (admin), an empty queryset nothing.

    One `IN (… UNION ALL …)` is a semi-join PostgreSQL drives from the scope's own indexes;
    the former `id IN (…) OR id IN (…)` made it walk all participants (decision 100).
    """
    bronnen = _scope_bronnen(user)
    if bronnen is None:
        return None
    if not bronnen:
        return Deelnemer.objects.none().values("pk")
    if len(bronnen) == 1:
        return bronnen[0]
    return bronnen[0].union(*bronnen[1:], all=True)


def visible_to(
    user: Any, qs: QuerySet[Deelnemer] | None = None, *, per_rij: bool = False
) -> QuerySet[Deelnemer]:
    """The deelnemers whose dossier `user` may open (see the module docstring for the rule).

    Pass `qs` to narrow an existing queryset (annotations and ordering are kept).

    `per_rij`: the same rule checked for each row the rest of the query finds, through the
    scope's own indexes (a correlated `(SELECT deelnemer_id … LIMIT 1) IS NOT NULL` per
    source, which PostgreSQL never turns into a join), for a query that finds few rows by
    another index in a large scope: a network's search by name probes its 6 870 name matches
    (~25 ms) instead of hashing its 87 000 dossiers (~50 ms; decision 535).
    """
    base = Deelnemer.objects.all() if qs is None else qs
    if not _actief(user):
        return base.none()
    if per_rij:
        return _per_rij(base, user, "pk")
    ids = scope_subquery(user)
    if ids is None:
        return base
    return base.filter(pk__in=ids)


def _hek() -> str:
    """The end of a subquery that the database never merges into the query around it (a
    subquery with an OFFSET; SQLite needs a LIMIT before it: -1 is none), so its rows are
    found first, whatever the outer query's order or limit (decisions 541, 545)."""
    return "OFFSET 0" if connection.vendor == "postgresql" else "LIMIT -1 OFFSET 0"


def eerste_zichtbaar(user: Any, qs: QuerySet[Any], n: int) -> list[str]:
    """The ids of the first `n` deelnemers of the ordered `qs` that `user` may see, in the
    order of `qs`: the rule of `visible_to(per_rij=True)` checked for each row as it comes out
    of `qs`'s order, until `n` are found (decision 541). `qs` holds deelnemers, or rows whose
    `id` is a deelnemer's (the search keys, decision 548).

    For a search that finds many rows by another index in a large scope: a network's search
    for a common surname finds 6 700 names in Flanders, of which it may see ~600; checking
    them all for one page and its count cost ~35 ms, checking them in name order until 101
    are found ~9 ms. `qs` is not narrowed to the scope here: only what this function returns
    is, so a caller reads the rows of the ids it gets through `visible_to` again.
    """
    if not _actief(user) or n <= 0:
        return []
    ids = qs.values_list("id", flat=True)  # the column under its own name (not "pk")
    if _scope_bronnen(user) is None:  # everybody (admin): no check
        return list(ids[:n])
    regel = visible_to(user, Deelnemer.objects.all(), per_rij=True).query
    try:
        binnen, p1 = ids.query.sql_with_params()
        # The rule's conditions on the participant's id (`"deelnemers_deelnemer"."id"`),
        # applied to the ordered rows under that same name.
        voorwaarde, p2 = regel.get_compiler(connection=connection).compile(regel.where)
    except EmptyResultSet:  # nothing to search, or a scope that can match nothing
        return []
    tabel = connection.ops.quote_name(Deelnemer._meta.db_table)
    # PostgreSQL sorts the found rows first and checks the rule row by row as the LIMIT pulls
    # them; both databases keep the subquery's order.
    hek = _hek()
    with connection.cursor() as c:
        c.execute(
            f"SELECT {tabel}.{connection.ops.quote_name('id')} "  # noqa: S608 - compiled SQL
            f"FROM ({binnen} {hek}) {tabel} WHERE {voorwaarde or 'TRUE'} LIMIT %s",
            [*p1, *p2, n],
        )
        return [rij[0] for rij in c.fetchall()]


def gesorteerde_pagina(
    qs: QuerySet[Deelnemer], offset: int, n: int, tot: int | None
) -> tuple[list[str], int]:
    """A page of the ordered deelnemers `qs` (ids, from row `offset`, at most `n`) and how
    many rows `qs` holds, counted up to `tot` (None: all), in one statement: the rows are found
    first, up to `tot`, then sorted (decision 545).

    For a filtered list in a large scope: walking the name index until a page is found reads
    the whole index when the filter keeps few rows (a network's dossiers with an AMA SE
    trajectory: 6 of 1 M, 2 s). Found first, few rows cost what finding them costs. The page
    is in `qs`'s order only when the count is below `tot`; at `tot` (more rows than that) the
    caller reads the page in the ordinary way, where walking the index finds it soon.

    `qs` is used as it is (its scope included): the caller narrows it to the user's scope.
    Its order is a list of field names (`Meta.ordering` when it has none of its own).
    """
    gegeven = list(qs.query.order_by or Deelnemer._meta.ordering or ())
    volgorde = [v for v in gegeven if isinstance(v, str)]
    if len(volgorde) != len(gegeven):
        raise TypeError("gesorteerde_pagina sorteert op veldnamen")
    velden = [v.lstrip("-") for v in volgorde if v.lstrip("-") not in ("id", "pk")]
    kolommen = {v: i + 2 for i, v in enumerate(velden)}  # 1 is the id
    orde = ", ".join(
        f"{kolommen.get(v.lstrip('-'), 1)} {'DESC' if v.startswith('-') else 'ASC'}"
        for v in volgorde
    )
    binnen = qs.order_by().values_list("id", *velden)
    if tot is not None:
        binnen = binnen[:tot]
    try:
        sql, params = binnen.query.sql_with_params()
    except EmptyResultSet:  # a filter or scope that can match nothing
        return [], 0
    if tot is None:
        # The rows are found first, whatever index would serve the outer order.
        sql += " " + _hek()
    with connection.cursor() as c:
        c.execute(
            f"SELECT s.*, count(*) OVER () FROM ({sql}) s "  # noqa: S608 - compiled SQL
            f"ORDER BY {orde} LIMIT %s OFFSET %s",
            [*params, n, offset],
        )
        rijen = c.fetchall()
    if not rijen:
        # Past the last page (or nothing): the count alone.
        return [], (
            qs.order_by()[:tot] if tot is not None else qs.order_by()
        ).count() if offset else 0
    return [r[0] for r in rijen], int(rijen[0][-1])


#: A condition on a participant's id, written for the field that holds the id (`"pk"` on the
#: participants, `"deelnemer_id"` on a row of the scope's sources): `zichtbare_ids`.
IdVoorwaarde = Callable[[str], Q]


def zichtbare_ids(user: Any, voorwaarden: Sequence[IdVoorwaarde], tot: int) -> list[str]:
    """The ids of at most `tot` dossiers `user` may see that meet every condition of
    `voorwaarden` (each a condition on the participant's id, written for the field it is given:
    `DossierFilter.id_voorwaarden`), in no particular order.

    Found in the scope's own rows (`"deelnemer_id"` of each source), never in the participants'
    table: a network's AMA SE dossiers are the few ids its 87 000 trajectories and Flanders'
    150 000 AMA SE trajectories share, ~50 ms in their indexes, where a join through the
    participants read all 1 M of them (~160 ms, decision 554). For the admin (no sources) the
    participants themselves.
    """
    if not _actief(user) or tot <= 0:
        return []
    bronnen = _scope_bronnen(user)
    if bronnen is None:
        alle = Deelnemer.objects.filter(*(v("pk") for v in voorwaarden))
        return list(alle.order_by().values_list("pk", flat=True)[:tot])
    if not bronnen:
        return []
    gefilterd = [b.filter(*(v("deelnemer_id") for v in voorwaarden)) for b in bronnen]
    samen = gefilterd[0] if len(gefilterd) == 1 else gefilterd[0].union(*gefilterd[1:], all=True)
    try:
        sql, params = samen.query.sql_with_params()
    except EmptyResultSet:  # a scope or a condition that can match nothing
        return []
    with connection.cursor() as c:
        c.execute(
            f"SELECT DISTINCT s.deelnemer_id FROM ({sql}) s LIMIT %s",  # noqa: S608 - compiled SQL
            [*params, tot],
        )
        return [rij[0] for rij in c.fetchall()]


#: `scope_omvang` counts up to this many dossiers; the caseload shows "more than 10 000" above.
OMVANG_MAX = 10_001
#: How long (seconds) a counted scope size serves as a hint (decision 528).
OMVANG_GELDIG = 300


def scope_omvang(user: Any) -> int | None:
    """How many dossiers `user` may see, counted up to `OMVANG_MAX`; None: everybody (admin).

    A hint, never a figure shown as exact: the search chooses its plan by it (a small scope is
    read first, a large one through the name index) and the caseload skips its count when the
    scope holds more than `OMVANG_MAX - 1` dossiers. Counting 10 001 dossiers of a network
    costs ~20 ms, so the count is kept in the cache per scope key (`scope_sleutel`) for
    `OMVANG_GELDIG` seconds; a change of roles or organisation is a new key.
    """
    if not _actief(user):
        return 0
    if _scope_bronnen(user) is None:
        return None
    sleutel = "wz:scope-omvang:" + hashlib.sha256(repr(scope_sleutel(user)).encode()).hexdigest()
    omvang = cache.get(sleutel)
    if omvang is None:
        omvang = scope_aantal(user, OMVANG_MAX)
        cache.set(sleutel, omvang, OMVANG_GELDIG)
    return int(omvang)


def scope_aantal(user: Any, tot: int) -> int | None:
    """How many dossiers `user` may see, counted exactly up to `tot`; None: everybody (admin).

    Counted in the scope's own indexes: the participant of every trajectory and registration
    exists (a foreign key), so the distinct ids of the scope are the dossiers, without a join
    to the participants (1 900 dossiers: 1 ms instead of 4).
    """
    if not _actief(user):
        return 0
    ids = scope_subquery(user)
    if ids is None:
        return None
    try:
        sql, params = ids.query.sql_with_params()
    except EmptyResultSet:  # a scope that can match nothing
        return 0
    with connection.cursor() as c:
        # The scope's compiled subquery (parameters bound); `tot` a parameter.
        c.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT * FROM ({sql}) s LIMIT %s) t",  # noqa: S608
            [*params, tot],
        )
        return int(c.fetchone()[0])


def _in_scope(
    qs: QuerySet[Any], user: Any, *, per_bron: bool = False, per_rij: bool = False
) -> QuerySet[Any]:
    """`qs` (rows with a `deelnemer`) narrowed to the dossiers `user` may see.

    `per_bron`: the same rule as one `deelnemer_id IN (…)` per source of the scope, OR'ed, which
    PostgreSQL answers with a hash of each source's ids, built once, checked for each row the
    rest of the query finds by another index (decision 540); for a query over few rows (the
    worklist's running trajectories) in a scope of thousands. The default shape, one semi-join
    over the union, lets PostgreSQL guess 200 distinct ids and probe the table once per id.

    `per_rij`: the rule checked for each row with one probe per source (as `visible_to`'s
    `per_rij`), for a lookup of one row by its id: whatever the scope's size, a probe or two,
    and a statement that PostgreSQL plans in a fraction of a millisecond (decision 543).
    """
    if not _actief(user):
        return qs.none()
    if per_rij:
        return _per_rij(qs, user, "deelnemer_id")
    if not per_bron:
        ids = scope_subquery(user)
        return qs if ids is None else qs.filter(deelnemer_id__in=ids)
    return _per_bron(qs, user, lambda qs, _i, bron: (qs, Q(deelnemer_id__in=bron)))


def _per_rij(qs: QuerySet[Any], user: Any, veld: str) -> QuerySet[Any]:
    """`qs` narrowed to the rows whose participant (`veld`: "pk" for participants,
    "deelnemer_id" for rows that belong to one) one of the scope's sources holds, checked per
    row: a correlated `(SELECT deelnemer_id … LIMIT 1) IS NOT NULL` per source, OR'ed, which
    PostgreSQL never turns into a join (decision 535)."""

    def per_rij_check(qs: QuerySet[Any], i: int, bron: QuerySet[Any]) -> tuple[QuerySet[Any], Q]:
        naam = f"_scope_{i}"
        qs = qs.alias(**{naam: Subquery(bron.filter(deelnemer_id=OuterRef(veld))[:1])})
        return qs, Q(**{f"{naam}__isnull": False})

    return _per_bron(qs, user, per_rij_check)


def _per_bron(
    qs: QuerySet[Any],
    user: Any,
    voorwaarde: Callable[[QuerySet[Any], int, QuerySet[Any]], tuple[QuerySet[Any], Q]],
) -> QuerySet[Any]:
    """`qs` narrowed to the rows one of the sources of the user's scope admits, each source's
    condition from `voorwaarde(qs, i, bron)` (which may add to `qs`), OR'ed: the shapes of the
    rule that check each source apart (decisions 535, 540). Everything for the admin, nothing
    for a user without a source."""
    bronnen = _scope_bronnen(user)
    if bronnen is None:
        return qs
    if not bronnen:
        return qs.none()
    samen = Q()
    for i, bron in enumerate(bronnen):
        qs, q = voorwaarde(qs, i, bron)
        samen |= q
    return qs.filter(samen)


#: `rijen_in_scope` finds a large scope's rows of a table first when fewer dossiers than this
#: have one.
RIJEN_VOORAF = 1000


def rijen_in_scope(user: Any, qs: QuerySet[Any]) -> QuerySet[Any]:
    """`qs` (rows with a `deelnemer`, as `_in_scope`) narrowed to the dossiers `user` may see,
    for a list read in an order of its own (the API's, by id) in a large scope.

    When fewer than `RIJEN_VOORAF` of the scope's dossiers have a row in `qs`, they are found first
    in the scope's own rows (`zichtbare_ids`) and the list reads only their rows: in id order
    the scope's few rows lie scattered through Flanders' (a network's AMA SE trajectories: 7
    dossiers, 153 000 trajectories walked, 170 ms; decision 555). With more, that order soon
    finds a page, as for a small scope and the admin: the ordinary shape.
    """
    omvang = scope_omvang(user)
    if omvang is None or omvang < KLEIN_BEREIK:
        return _in_scope(qs, user)
    rijen = qs.order_by().values("deelnemer_id")
    ids = zichtbare_ids(user, [lambda veld: Q(**{f"{veld}__in": rijen})], RIJEN_VOORAF)
    if len(ids) < RIJEN_VOORAF:
        return qs.filter(deelnemer_id__in=ids)
    return _in_scope(qs, user)


def activeringstrajecten_visible_to(
    user: Any, *, per_bron: bool = False, per_rij: bool = False
) -> QuerySet[Activeringstraject]:
    """Activeringstrajecten of the dossiers `user` may see (`per_bron`, `per_rij`: see
    `_in_scope`)."""
    return _in_scope(Activeringstraject.objects.all(), user, per_bron=per_bron, per_rij=per_rij)


def ama_se_trajecten_visible_to(
    user: Any, *, per_bron: bool = False, per_rij: bool = False
) -> QuerySet[AmaSeTraject]:
    """AMA SE-trajecten of the dossiers `user` may see (`per_bron`, `per_rij`: see
    `_in_scope`)."""
    return _in_scope(AmaSeTraject.objects.all(), user, per_bron=per_bron, per_rij=per_rij)


def ama_wvg_overeenkomsten_visible_to(
    user: Any, *, per_bron: bool = False, per_rij: bool = False
) -> QuerySet[AmaWvgOvereenkomst]:
    """AMA WVG-overeenkomsten of the dossiers `user` may see (`per_bron`, `per_rij`: see
    `_in_scope`)."""
    return _in_scope(AmaWvgOvereenkomst.objects.all(), user, per_bron=per_bron, per_rij=per_rij)


def get_deelnemer_for_user(user: Any, pk: str) -> Deelnemer:
    """Fetch one dossier and authorise in one go: Http404 when it is out of scope. The scope
    is checked for this row alone (`per_rij`, decision 543)."""
    return get_object_or_404(
        visible_to(user, per_rij=True).select_related("provincie", "regio"), pk=pk
    )


# --- the Zorg compartment -------------------------------------------------------------------
# Health notes are need-to-know: only casemanagers Zorg of the trajectory's zorg organisation
# read them. Admins manage accounts, not care; they do not read notes. The casemanager Werk of
# the trajectory sees that notes exist (count and dates), never their text.


def _heeft(user: Any, rol: str) -> bool:
    return any(t.rol == rol for t in toewijzingen_van(user))


def zorgnotities_visible_to(user: Any) -> QuerySet[ZorgNotitie]:
    """Notes whose text `user` may read."""
    org_id = getattr(user, "organisatie_id", None)
    if not org_id or not _heeft(user, Rol.CASEMANAGER_ZORG):
        return ZorgNotitie.objects.none()
    return ZorgNotitie.objects.filter(traject__casemanager_zorg_org_id=org_id)


def zorgnotities_bestaan_visible_to(user: Any) -> QuerySet[ZorgNotitie]:
    """Notes whose existence (date, trajectory) `user` may know, text excluded.

    The casemanager Werk of the trajectory and the readers of the notes.
    """
    org_id = getattr(user, "organisatie_id", None)
    if not org_id:
        return ZorgNotitie.objects.none()
    q = Q(pk__in=[])
    if _heeft(user, Rol.CASEMANAGER_ZORG):
        q |= Q(traject__casemanager_zorg_org_id=org_id)
    if _heeft(user, Rol.CASEMANAGER_WERK):
        q |= Q(traject__casemanager_werk_org_id=org_id)
    return ZorgNotitie.objects.filter(q).defer("tekst")


def mag_zorgnotitie_schrijven(user: Any, traject: Activeringstraject) -> bool:
    """Casemanager Zorg of the trajectory's zorg organisation."""
    org_id = getattr(user, "organisatie_id", None)
    return bool(
        org_id and traject.casemanager_zorg_org_id == org_id and _heeft(user, Rol.CASEMANAGER_ZORG)
    )
