"""Searching dossiers by name, INSZ or id: one home for the search rule.

- a name matches accent- and case-insensitively, anywhere in "achternaam voornaam"
  ("Ozturk" finds "Öztürk", "Aydin" "Aydın", "benoit" "Benoît"); every word of the term must
  match (a word under 3 letters or a particle together with its neighbour: "De Smet" looks for
  "de smet", "Van der Berghe" for "van der berghe");
- a term of digits (dots, dashes, slashes and spaces allowed: `84.06.22-822.33`) matches the
  INSZ by prefix (`840622` finds everyone born on 22/06/1984);
- a word with a digit matches a dossier id or the id of one of its trajectories exactly.

On PostgreSQL the name is the stored generated column `zoeknaam` (migration 0008: the
expression `PG_ZOEKNAAM`, computed by PostgreSQL on every write) with the trigram index
`deelnemer_zoeknaam_kolom_trgm`, so `LIKE '%ozturk%'` is an index scan whose recheck compares
a stored text; the INSZ prefix is a range on the unique INSZ index; ids go through primary
keys. SQLite evaluates the same function (registered from Python) without an index.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import CharField, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from deelnemers.models import Deelnemer, Zoeksleutel
from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

# Accented letters and their base letter (lower case): the Latin letters of the names in the
# registers. The database expression and `normaliseer` use this one table.
VAN = (
    "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďĐđÈÉÊËèéêëĒēĖėĘęĚěĞğÌÍÎÏìíîïĪīİıŁłÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŘřŚśŠš"
    "ŞşȘșŤťȚțŢţÙÚÛÜùúûüŪūŮůŰűÝýÿŸŹźŻżŽž"
)
NAAR = (
    "aaaaaaaaaaaaaaaaaaccccccddddeeeeeeeeeeeeeeeeggiiiiiiiiiiiillnnnnnnoooooooooooooooorrssss"
    "ssssttttttuuuuuuuuuuuuuuyyyyzzzzzz"
)
assert len(VAN) == len(NAAR)
_TABEL = str.maketrans(VAN, NAAR)

# The PostgreSQL expression of the generated column `ZOEKNAAM_KOLOM` (migration 0008; changing
# it needs a migration that redefines the column).
ZOEKNAAM_KOLOM = "zoeknaam"
PG_ZOEKNAAM = (
    "lower(translate((%(achternaam)s || ' ' || %(voornaam)s), '" + VAN + "', '" + NAAR + "'))"
)

_INSZ = re.compile(r"^[\d\s./-]+$")

# The search keys of participants with activeringstrajecten (`models.Zoeksleutel`, migration
# 0010, decision 548), PostgreSQL only: the search name, the name for the order and the
# regions of the trajectories.
ZOEKSLEUTEL_TABEL = "deelnemers_zoeksleutel"
_DEELNEMER, _TRAJECT = "deelnemers_deelnemer", "trajectories_activeringstraject"
_KOLOMMEN = "zoeknaam, achternaam, voornaam, regios"
#: What the keys of the participants `{waar}` (a condition on `d`) hold, recomputed from the
#: participants and their trajectories.
_ZOEKSLEUTEL_NU = f"""
    SELECT d.id, d.zoeknaam, d.achternaam, d.voornaam,
        array_agg(DISTINCT a.regio_id ORDER BY a.regio_id) AS regios
    FROM {_DEELNEMER} d JOIN {_TRAJECT} a ON a.deelnemer_id = d.id
    WHERE {{waar}} GROUP BY d.id, d.zoeknaam, d.achternaam, d.voornaam
"""  # noqa: S608 - constants
#: Every key, written in name order (migration 0010: the people of one name lie together).
ZOEKSLEUTEL_VULLEN = (
    f"INSERT INTO {ZOEKSLEUTEL_TABEL} (id, {_KOLOMMEN}) SELECT id, {_KOLOMMEN} "  # noqa: S608
    f"FROM ({_ZOEKSLEUTEL_NU.format(waar='TRUE')}) nu ORDER BY achternaam, voornaam, id"
)
#: Brings the keys of the participants `{ids}` (a SELECT of ids, written out where it is used:
#: PostgreSQL then sees how many rows a trigger's transition table holds and joins a bulk
#: write's hundreds of thousands by hashing, not one probe each) up to date: a participant
#: with activeringstrajecten gets its names and the sorted, distinct regions of its
#: trajectories; one without (or gone) loses its key: the ids without trajectories are found
#: first (grouped: a fence PostgreSQL does not flatten), their keys by index, never by
#: comparing keys with `nu` or with the ids (PostgreSQL's statistics still count the rows a bulk
#: DELETE just removed, it expects no key to go and compared every key with every id: minutes
#: for 20 000, decision 549); an unchanged key is not written. The triggers of migrations 0010
#: and 0011 run it, planned anew at each firing, for the participants each statement touched
#: (changing it needs a migration that redefines them); `herbouw_zoeksleutels` for all.
ZOEKSLEUTEL_BIJWERKEN = f"""
WITH nu AS ({_ZOEKSLEUTEL_NU.format(waar="d.id IN ({ids})")}),
weg AS (
    DELETE FROM {ZOEKSLEUTEL_TABEL} z USING (
        SELECT i.id FROM ({{ids}}) AS i (id) WHERE NOT EXISTS (
            SELECT 1 FROM {_DEELNEMER} d JOIN {_TRAJECT} a ON a.deelnemer_id = d.id
            WHERE d.id = i.id
        ) GROUP BY i.id
    ) w
    WHERE z.id = w.id
)
INSERT INTO {ZOEKSLEUTEL_TABEL} AS z (id, {_KOLOMMEN})
SELECT id, {_KOLOMMEN} FROM nu
ON CONFLICT (id) DO UPDATE SET zoeknaam = EXCLUDED.zoeknaam, achternaam = EXCLUDED.achternaam,
    voornaam = EXCLUDED.voornaam, regios = EXCLUDED.regios
WHERE (z.zoeknaam, z.achternaam, z.voornaam, z.regios)
    IS DISTINCT FROM (EXCLUDED.zoeknaam, EXCLUDED.achternaam, EXCLUDED.voornaam, EXCLUDED.regios)
"""  # noqa: S608 - constants


def zoeksleutel_afwijkingen() -> int:
    """How many search keys differ from what the participants and their trajectories say
    (a missing, superfluous or different key); 0 on SQLite, which has none."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as c:
        c.execute(
            f"WITH nu AS ({_ZOEKSLEUTEL_NU.format(waar='TRUE')}) "  # noqa: S608 - constants
            f"SELECT count(*) FROM nu FULL JOIN {ZOEKSLEUTEL_TABEL} z ON z.id = nu.id "
            "WHERE (nu.zoeknaam, nu.achternaam, nu.voornaam, nu.regios) "
            "IS DISTINCT FROM (z.zoeknaam, z.achternaam, z.voornaam, z.regios)"
        )
        return int(c.fetchone()[0])


def herbouw_zoeksleutels() -> None:
    """Brings every search key up to date (`manage.py zoeksleutels --herstel`), e.g. after two
    transactions changed one participant's trajectories at the same moment (decision 548)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as c:
        c.execute(
            ZOEKSLEUTEL_BIJWERKEN.format(
                ids=f"SELECT id FROM {_DEELNEMER} UNION SELECT id FROM {ZOEKSLEUTEL_TABEL}"  # noqa: S608
            )
        )


def normaliseer(tekst: str) -> str:
    """`tekst` as the search column holds it: base letters, lower case."""
    return tekst.translate(_TABEL).lower()


class Zoeknaam(Func):
    """`normaliseer(achternaam + " " + voornaam)` in the database: on PostgreSQL its stored
    column, on SQLite the function."""

    output_field = CharField()

    def __init__(self, *, index: bool = True, **extra: Any) -> None:
        super().__init__("achternaam", "voornaam", **extra)
        self.index = index

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, list]:
        (achternaam, p1), (voornaam, p2) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        if connection.vendor == "postgresql":
            # The generated column of the same table (alias) as `achternaam`.
            kolom = connection.ops.quote_name("achternaam")
            assert achternaam.endswith(kolom), achternaam
            sql = achternaam.removesuffix(kolom) + connection.ops.quote_name(ZOEKNAAM_KOLOM)
            if not self.index:
                sql = f"({sql} || '')"  # the same value, not the indexed expression
        else:
            # SQLite: `normaliseer` itself, registered on the connection (122 nested
            # replace() calls overflow its parser).
            connection.ensure_connection()
            connection.connection.create_function(
                "wz_normaliseer", 1, _normaliseer_of_none, deterministic=True
            )
            sql = f"wz_normaliseer({achternaam} || ' ' || {voornaam})"
        return sql, [*p1, *p2]


def _normaliseer_of_none(tekst: str | None) -> str | None:
    return None if tekst is None else normaliseer(tekst)


def insz_prefix(term: str) -> str | None:
    """The digits of `term` when it is an INSZ (or its beginning), else None."""
    if not _INSZ.match(term):
        return None
    cijfers = re.sub(r"\D", "", term)
    return cijfers[:11] or None


def zoekt_op_naam(term: str) -> bool:
    """Whether `zoek` matches `term` by name (the result is then sorted in full, not read in
    index order): not an INSZ, and at least one word without a digit."""
    term = (term or "").strip()
    return insz_prefix(term) is None and any(not any(c.isdigit() for c in w) for w in term.split())


def _ids(woord: str) -> QuerySet[Any]:
    """Deelnemers whose id, or the id of one of whose trajectories, is `woord`."""
    kandidaten = sorted({woord, woord.upper()})
    return (
        Deelnemer.objects.filter(pk__in=kandidaten)
        .order_by()
        .values("pk")
        .union(
            *(
                m.objects.filter(pk__in=kandidaten).order_by().values("deelnemer_id")
                for m in (Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst)
            ),
            all=True,
        )
    )


KLEIN_BEREIK = 5000  # below this many dossiers in scope the search reads the scope first
KORT = 3  # pg_trgm indexes 3 letters: a shorter word alone would read the whole index
# Particles of surnames ("Van Laere", "Van der Berghe"): alone they match a large part of
# Flanders, so they are searched together with the next word as written.
PARTIKELS = frozenset({"van", "der", "den", "het", "ten", "ter", "des", "del", "della", "von"})


def _naamdelen(woorden: list[str]) -> list[str]:
    """The substrings to look for: words of 3 letters or more, a shorter word or a particle
    together with the next (or previous) one as it is written ("de smet", "van der berghe"),
    so every substring is served by the trigram index and none matches half of Flanders."""
    delen: list[str] = []
    wachtend: list[str] = []
    for w in woorden:
        wachtend.append(w)
        if len(w) >= KORT and w not in PARTIKELS:
            delen.append(" ".join(wachtend))
            wachtend = []
    if wachtend:
        if delen:
            delen[-1] = " ".join([delen[-1], *wachtend])
        else:
            delen.append(" ".join(wachtend))
    return delen


def _sleutels(namen: list[str], regios: tuple[str, ...]) -> QuerySet[Zoeksleutel]:
    """The search keys within `regios` whose search name holds every one of `namen` (the
    conditions `zoek` puts on the participants' search name, on the key's copy of it)."""
    sleutels = Zoeksleutel.objects.filter(regios__overlap=list(regios))
    for naam in namen:
        sleutels = sleutels.filter(zoeknaam__contains=naam)
    return sleutels


def sleutels_op_naam(term: str, regios: tuple[str, ...] | None) -> QuerySet[Zoeksleutel] | None:
    """For a term that is a name and nothing else, in a scope covered by `regios`
    (`selectors.scope_regios`): the keys that match it within those regions, in the name
    order of `zoek` (decision 548), so a network's plain name search reads its candidates
    from the keys alone; None otherwise (and on SQLite, which has no keys). Only candidates:
    the caller checks the scope for each, as for `zoek`'s result."""
    woorden = (term or "").split()
    if (
        regios is None
        or connection.vendor != "postgresql"
        or not woorden
        or insz_prefix(term.strip()) is not None
        or any(any(c.isdigit() for c in w) for w in woorden)
    ):
        return None
    namen = _naamdelen([normaliseer(w) for w in woorden])
    return _sleutels(namen, regios).order_by("achternaam", "voornaam", "id")


def zoek(
    qs: QuerySet[Any],
    term: str,
    *,
    omvang: int | None = -1,
    regios: tuple[str, ...] | None = None,
) -> QuerySet[Any]:
    """Narrow deelnemers `qs` to those matching `term` (see the module docstring).

    `omvang`: how many dossiers `qs` holds at most, when the caller knows it
    (`selectors.scope_omvang`; None: everybody), so a search by name needs no count to choose
    its plan; -1 (the default): counted here.

    `regios`: regions such that every dossier the caller may see has an activeringstraject in
    one of them, when the caller knows them (`selectors.scope_regios`: a network's), so a search by
    name in a large scope looks up its names among the search keys of those regions
    (`models.Zoeksleutel`, PostgreSQL) instead of among all of Flanders (decision 548).
    """
    term = (term or "").strip()
    if not term:
        return qs
    prefix = insz_prefix(term)
    if prefix is not None:
        if len(prefix) == 11:
            return qs.filter(insz=prefix)
        hoger = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return qs.filter(insz__gte=prefix, insz__lt=hoger)
    woorden = term.split()
    namen = _naamdelen([normaliseer(w) for w in woorden if not any(c.isdigit() for c in w)])
    for w in woorden:
        if any(c.isdigit() for c in w):
            qs = qs.filter(pk__in=_ids(w))
    if namen:
        # A small scope (a casemanager's few hundred dossiers) is read first and its names
        # compared; the trigram index is for large scopes and the admin. PostgreSQL misjudges
        # how many rows a LIKE matches and would otherwise fetch every "Peeters" of Flanders.
        if omvang == -1:
            omvang = qs.order_by().values("pk")[:KLEIN_BEREIK].count()
        klein = omvang is not None and omvang < KLEIN_BEREIK
        qs = qs.alias(zoeknaam=Zoeknaam(index=not klein))
        cond = Q()
        for naam in namen:
            cond &= Q(zoeknaam__contains=naam)
        qs = qs.filter(cond)
        if regios is not None and not klein and connection.vendor == "postgresql":
            # The names within the regions, from the keys' one index.
            qs = qs.filter(pk__in=_sleutels(namen, regios).values("pk"))
        if not qs.query.order_by:
            # The name order through an expression: served by the name index, PostgreSQL would
            # walk it from "A" evaluating the match on every row until 25 are found (10.7 s
            # for "De Vos" at 1 M); sorting the matches is milliseconds.
            qs = qs.order_by(
                Coalesce("achternaam", Value("")), Coalesce("voornaam", Value("")), "id"
            )
    return qs
