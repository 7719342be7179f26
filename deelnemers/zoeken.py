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

from django.db.models import CharField, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from deelnemers.models import Deelnemer
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


def zoek(qs: QuerySet[Any], term: str, *, omvang: int | None = -1) -> QuerySet[Any]:
    """Narrow deelnemers `qs` to those matching `term` (see the module docstring).

    `omvang`: how many dossiers `qs` holds at most, when the caller knows it
    (`selectors.scope_omvang`; None: everybody), so a search by name needs no count to choose
    its plan; -1 (the default): counted here.
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
        if not qs.query.order_by:
            # The name order through an expression: served by the name index, PostgreSQL would
            # walk it from "A" evaluating the match on every row until 25 are found (10.7 s
            # for "De Vos" at 1 M); sorting the matches is milliseconds.
            qs = qs.order_by(
                Coalesce("achternaam", Value("")), Coalesce("voornaam", Value("")), "id"
            )
    return qs
