"""Possible duplicates of participants: normalisation, scoring and candidate search.

The one home of the rule "these two records may be the same person". Pure functions on plain
values (`Persoon`), plus two entry points:

- `kandidaten_voor(...)`: the existing participants that may be the person being registered
  (the web form, the API and the import call it before saving one person);
- `alle_paren(rijen)`: every candidate pair among many participants (the data-quality run of
  `dossier.tasks`), by blocking keys so no block grows with the population;
- `alle_paren_db()`: the same pairs over every participant, the blocking done by PostgreSQL
  (decision 460): only candidate pairs come back to Python to be scored.

What counts as "possibly the same person":

- names: equal after normalisation (accents, case, hyphens, spaces and apostrophes dropped:
  "Öztürk" = "Ozturk", "De Smet" = "Desmet"), first and last name swapped, or a compound last
  name sharing a part ("Janssens-Peeters" ~ "Peeters"), or very similar (one typo);
- birth date: equal, day and month swapped, or one digit of `DDMMJJJJ` different;
- INSZ ↔ BIS: one record has a national number, the other a BIS number (month + 20/40) of the
  same birth date and sex digit.

A pair is a candidate when its score (0..1) reaches `DREMPEL`. Names and INSZ never go to the
log: callers pass ids onwards.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.db import connection
from django.db.models import Q

from deelnemers.models import Deelnemer

DREMPEL = 0.6
#: A block bigger than this is skipped (a key that no longer discriminates, e.g. an empty name).
MAX_BLOK = 200

_VERVANG = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"}


def normaliseer(tekst: str | None) -> str:
    """Lower case, accents and every non-letter removed: 'Öztürk-De Smet' -> 'ozturkdesmet'."""
    return "".join(delen(tekst))


_SCHEIDING = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=262_144)
def delen(tekst: str | None) -> tuple[str, ...]:
    """The normalised parts of a (compound) name: 'Janssens-De Smet' -> ('janssens', 'de', 'smet').

    Cached: names repeat, and the batch search normalises a million of them."""
    if not tekst:
        return ()
    t = tekst.casefold()
    if not t.isascii():
        t = unicodedata.normalize("NFKD", t)
        t = "".join(_VERVANG.get(c, c) for c in t if not unicodedata.combining(c))
    return tuple(x for x in _SCHEIDING.split(t) if x)


@dataclass(slots=True)
class Persoon:
    id: str
    voornaam: str
    achternaam: str
    geboortedatum: date | None
    insz: str | None = None
    vn: str = field(init=False, default="")
    an: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.vn = normaliseer(self.voornaam)
        self.an = normaliseer(self.achternaam)


@dataclass
class Score:
    score: float
    redenen: list[str] = field(default_factory=list)


# --- names ----------------------------------------------------------------------------------


STERK = 0.8


def _gelijkaardig(a: str, b: str) -> float:
    """difflib's ratio, 0 when its cheap upper bounds are already below `STERK`."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < STERK:
        return 0.0
    m = SequenceMatcher(None, a, b)
    if m.quick_ratio() < STERK:
        return 0.0
    return m.ratio()


def naam_score(a: Persoon, b: Persoon) -> tuple[float, str]:
    """How alike two names are (0..1) and why."""
    avn, aan, bvn, ban = a.vn, a.an, b.vn, b.an
    if not (avn or aan) or not (bvn or ban):
        return 0.0, ""
    if avn == bvn and aan == ban:
        exact = a.voornaam.strip().lower() == b.voornaam.strip().lower() and (
            a.achternaam.strip().lower() == b.achternaam.strip().lower()
        )
        return 1.0, "naam gelijk" if exact else "naam gelijk (accenten/schrijfwijze)"
    if avn == ban and aan == bvn:
        return 0.95, "voor- en achternaam omgewisseld"
    if avn == bvn:
        a_delen = {d for d in delen(a.achternaam) if len(d) >= 3}
        if a_delen.intersection(d for d in delen(b.achternaam) if len(d) >= 3):
            return 0.85, "samengestelde achternaam"
    # Otherwise both names must be very alike (a typo); below that the score stays under
    # DREMPEL whatever the birth date, so the cheap upper bounds reject most pairs early.
    vn = _gelijkaardig(avn, bvn)
    if vn < STERK:
        return 0.0, ""
    an = _gelijkaardig(aan, ban)
    if an < STERK:
        return 0.0, ""
    return 0.8 * (vn + an) / 2, "naam lijkt sterk"


# --- birth dates ----------------------------------------------------------------------------


def _cijfers(d: date) -> str:
    return f"{d.day:02d}{d.month:02d}{d.year:04d}"


def datum_score(a: date | None, b: date | None) -> tuple[float, str]:
    if a is None or b is None:
        return 0.0, ""
    if a == b:
        return 1.0, "geboortedatum gelijk"
    if a.day == b.month and a.month == b.day and a.year == b.year:
        return 0.9, "dag en maand omgewisseld"
    verschil = sum(x != y for x, y in zip(_cijfers(a), _cijfers(b), strict=True))
    if verschil == 1:
        return 0.8, "één cijfer van de geboortedatum anders"
    return 0.0, ""


def datum_varianten(d: date) -> set[date]:
    """Every date at most one typo away: day/month swapped, or one digit of DDMMJJJJ different."""
    uit = {d}
    try:
        uit.add(date(d.year, d.day, d.month))
    except ValueError:
        pass
    cijfers = _cijfers(d)
    for i in range(8):
        for c in "0123456789":
            if c == cijfers[i]:
                continue
            s = cijfers[:i] + c + cijfers[i + 1 :]
            try:
                uit.add(date(int(s[4:]), int(s[2:4]), int(s[:2])))
            except ValueError:
                continue
    return uit


# --- INSZ / BIS -----------------------------------------------------------------------------


def is_bis(insz: str | None) -> bool:
    """A BIS number: month + 20 or + 40 (sex known or not)."""
    return bool(insz and len(insz) == 11 and insz.isdigit() and int(insz[2:4]) > 12)


def _geslacht(insz: str) -> int:
    return int(insz[6:9]) % 2


def insz_bis_score(a: Persoon, b: Persoon) -> tuple[float, str]:
    """One national number, one BIS number, same birth date and sex digit."""
    if not (a.insz and b.insz) or is_bis(a.insz) == is_bis(b.insz):
        return 0.0, ""
    if a.geboortedatum is None or a.geboortedatum != b.geboortedatum:
        return 0.0, ""
    if _geslacht(a.insz) != _geslacht(b.insz):
        return 0.0, ""
    return 1.0, "INSZ en BIS-nummer voor dezelfde geboortedatum"


# --- the score ------------------------------------------------------------------------------


def score(a: Persoon, b: Persoon) -> Score:
    """How likely `a` and `b` are the same person (0..1), with the reasons in Dutch."""
    if a.insz and b.insz and a.insz == b.insz:
        return Score(1.0, ["INSZ gelijk"])
    n, n_reden = naam_score(a, b)
    d, d_reden = datum_score(a.geboortedatum, b.geboortedatum)
    bis, bis_reden = insz_bis_score(a, b)
    redenen = [r for r in (n_reden, d_reden) if r]
    waarde = n * d
    if bis:
        # Same birth date and sex: the name needs only to resemble a little.
        zacht = (
            SequenceMatcher(None, a.vn, b.vn).ratio() + SequenceMatcher(None, a.an, b.an).ratio()
        ) / 2
        waarde = max(waarde, 0.5 + 0.5 * max(n, zacht))
        redenen.append(bis_reden)
    return Score(round(waarde, 3), redenen)


# --- one new person -------------------------------------------------------------------------


def kandidaten_voor(
    *,
    voornaam: str,
    achternaam: str,
    geboortedatum: date,
    insz: str | None = None,
    behalve: str | None = None,
    qs: Any = None,
    limiet: int = 10,
) -> list[tuple[Any, Score]]:
    """Existing participants that may be this person, best first: (Deelnemer, Score).

    One query: the participants born on the date or one typo away from it (or with the same
    INSZ), scored here. `qs` narrows the search (default: every participant); the caller decides
    what a user may see of the result (scope).
    """
    base = Deelnemer.objects.all() if qs is None else qs
    filter_ = Q(geboortedatum__in=sorted(datum_varianten(geboortedatum)))
    if insz:
        filter_ |= Q(insz=insz)
    nieuw = Persoon("", voornaam or "", achternaam or "", geboortedatum, insz or None)
    uit = []
    for d in base.filter(filter_).only("id", "voornaam", "achternaam", "geboortedatum", "insz"):
        if behalve is not None and d.pk == behalve:
            continue
        s = score(nieuw, Persoon(d.pk, d.voornaam, d.achternaam, d.geboortedatum, d.insz))
        if s.score >= DREMPEL:
            uit.append((d, s))
    uit.sort(key=lambda p: (-p[1].score, p[0].pk))
    return uit[:limiet]


# --- all pairs ------------------------------------------------------------------------------


#: Within one name, a block bigger than this is split by the birth date (masked keys).
KLEIN_BLOK = 3


def _naamsleutel(p: Persoon) -> str:
    return "|".join(sorted(x for x in (p.vn, p.an) if x))


def _datumsleutels(d: date) -> Iterator[Any]:
    """Two dates share one of these keys when one typo (or a day/month swap) apart."""
    cijfers = _cijfers(d)
    for i in range(8):
        yield (i, cijfers[:i] + cijfers[i + 1 :])
    yield ("s", min(d.day, d.month), max(d.day, d.month), d.year)


def _groepen(personen: Iterable[Persoon], sleutel: Any) -> Iterator[list[Persoon]]:
    """The groups of two or more persons sharing a key (`sleutel(p)` yields 0..n keys)."""
    eerste: dict[Any, Persoon] = {}
    meer: dict[Any, list[Persoon]] = {}
    for p in personen:
        for k in sleutel(p):
            ander = eerste.get(k)
            if ander is None:
                eerste[k] = p
            elif k in meer:
                meer[k].append(p)
            else:
                meer[k] = [ander, p]
    yield from meer.values()


def _naam_blokken(personen: list[Persoon]) -> Iterator[list[Persoon]]:
    """Blocks of one name (regardless of order); a big one split by date keys."""
    for groep in _groepen(personen, lambda p: [_naamsleutel(p)] if p.vn or p.an else []):
        if len(groep) <= KLEIN_BLOK:
            yield groep
        else:
            yield from _groepen(
                groep, lambda p: _datumsleutels(p.geboortedatum) if p.geboortedatum else []
            )


def _deel_sleutels(p: Persoon) -> Iterator[Any]:
    if p.geboortedatum is None:
        return
    if p.vn:
        yield ("v", p.geboortedatum, p.vn)
    for deel in set(delen(p.achternaam)):
        if len(deel) >= 3:
            yield ("a", p.geboortedatum, deel)


def _insz_sleutels(p: Persoon) -> Iterator[Any]:
    if p.geboortedatum is not None and p.insz and len(p.insz) == 11 and p.insz.isdigit():
        yield (p.geboortedatum, _geslacht(p.insz))


def _paren_in_blok(leden: list[Persoon], insz: bool) -> Iterator[tuple[Persoon, Persoon]]:
    if insz:
        # INSZ ↔ BIS: only a national number against a BIS number.
        bis = [p for p in leden if is_bis(p.insz)]
        if not bis:
            return
        nat = [p for p in leden if not is_bis(p.insz)]
        for a in bis:
            for b in nat:
                yield a, b
        return
    for i in range(len(leden)):
        for j in range(i + 1, len(leden)):
            yield leden[i], leden[j]


def alle_paren(
    personen: list[Persoon],
    *,
    drempel: float = DREMPEL,
    voortgang: Any = None,
) -> list[tuple[str, str, Score]]:
    """Every candidate pair (id_a < id_b, score with reasons) among `personen`, best first.

    Three blockings, so no block grows with the population: the name regardless of order
    (then the birth date may differ by a typo or a day/month swap); the birth date with the
    first name or a part of the last name (typos, compound names); the birth date and sex
    digit (INSZ ↔ BIS). `voortgang(gedaan, totaal)` is called after each.
    """
    gezien: set[tuple[str, str]] = set()
    paren: list[tuple[str, str, Score]] = []
    blokkingen = [
        (lambda: _naam_blokken(personen), False),
        (lambda: _groepen(personen, _deel_sleutels), False),
        (lambda: _groepen(personen, _insz_sleutels), True),
    ]
    for n, (blokken, insz) in enumerate(blokkingen):
        for leden in blokken():
            if len(leden) > MAX_BLOK:
                continue
            for a, b in _paren_in_blok(leden, insz):
                if a.id == b.id:
                    continue
                paar = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if paar in gezien:
                    continue
                gezien.add(paar)
                s = score(a, b)
                if s.score >= drempel:
                    paren.append((paar[0], paar[1], s))
        if voortgang is not None:
            voortgang(n + 1, len(blokkingen))
    paren.sort(key=lambda p: (-p[2].score, p[0], p[1]))
    return paren


# --- all pairs in PostgreSQL ----------------------------------------------------------------

#: Candidate pairs scored per batch (fetched from a server-side cursor).
PAREN_PER_BATCH = 20_000


def _normaliseer_namen(cursor: Any, kolom: str, tabel: str, met_delen: bool) -> int:
    """Every distinct `kolom` of the participants with its normalised form (and, for the last
    name, its parts of 3 letters or more) in temporary table `tabel`: the normalisation stays
    in Python (`delen`), once per distinct name, not once per participant."""
    cursor.execute(f"SELECT DISTINCT {kolom} FROM deelnemers_deelnemer")  # noqa: S608 - constant
    namen = [r[0] for r in cursor.fetchall()]
    extra = ', delen text[] COLLATE "C"' if met_delen else ""
    cursor.execute(f'CREATE TEMP TABLE {tabel} (naam text, n text COLLATE "C"{extra})')
    kolommen = "naam, n, delen" if met_delen else "naam, n"
    with cursor.cursor.copy(f"COPY {tabel} ({kolommen}) FROM STDIN") as copy:
        copy.set_types(["text", "text", "text[]"] if met_delen else ["text", "text"])
        for naam in namen:
            if met_delen:
                copy.write_row(
                    (naam, normaliseer(naam), sorted({d for d in delen(naam) if len(d) >= 3}))
                )
            else:
                copy.write_row((naam, normaliseer(naam)))
    cursor.execute(f"ANALYZE {tabel}")
    return len(namen)


# The digits of DDMMJJJJ that differ between x and y (`_cijfers`, from the date's parts).
_CIJFERS = (
    "dag / 10",
    "mod(dag, 10)",
    "maand / 10",
    "mod(maand, 10)",
    "jaar / 1000",
    "mod(jaar / 100, 10)",
    "mod(jaar / 10, 10)",
    "mod(jaar, 10)",
)
_VERSCHIL = " + ".join(
    f"({c.replace('dag', 'x.dag').replace('maand', 'x.maand').replace('jaar', 'x.jaar')} <> "
    f"{c.replace('dag', 'y.dag').replace('maand', 'y.maand').replace('jaar', 'y.jaar')})::int"
    for c in _CIJFERS
)
# `datum_score > 0`: equal, day and month swapped, or one digit different.
_DATUM_LIJKT = (
    f"(x.g = y.g OR (x.jaar = y.jaar AND x.dag = y.maand AND x.maand = y.dag) OR {_VERSCHIL} = 1)"
)


def _blok(
    tabel: str, sleutel: str, waar: str = "TRUE", kolommen: str = "x.id AS a, y.id AS b"
) -> str:
    """The pairs (x.id < y.id in code point order) sharing `sleutel` in `tabel`; blocks larger
    than `MAX_BLOK` are left out, as `alle_paren` skips them. A block is never larger than the
    group of its first key column (the birth date or the name), so only the rare groups of
    `_wz_dubbel_groot_<column>` are counted (not a million rows per key)."""
    delen_ = sleutel.split(", ")
    grof = delen_[0]
    gelijk = " AND ".join(f"x.{k} = y.{k}" for k in delen_)
    return (
        f"SELECT {kolommen} FROM {tabel} x JOIN {tabel} y ON "  # noqa: S608 - constant SQL of this module
        f'{gelijk} AND x.id < y.id COLLATE "C" '
        f"WHERE {waar} AND ({', '.join(f'x.{k}' for k in delen_)}) NOT IN "
        f"(SELECT {sleutel} FROM {tabel} WHERE {grof} IN (SELECT {grof} FROM "
        f"_wz_dubbel_groot_{grof}) GROUP BY {sleutel} HAVING count(*) > {MAX_BLOK})"
    )


_TABELLEN = (
    "_wz_dubbel_paar",
    "_wz_dubbel_gelijk",
    "_wz_dubbel_b",
    "_wz_dubbel_deel",
    "_wz_dubbel_groot_g",
    "_wz_dubbel_groot_nk",
    "_wz_dubbel",
    "_wz_dubbel_an",
    "_wz_dubbel_vn",
)
_INSTELLINGEN = {"work_mem": "'256MB'", "jit": "off", "enable_mergejoin": "off"}


def _opruimen(cursor: Any) -> None:
    for tabel in _TABELLEN:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{tabel}")
    for naam in _INSTELLINGEN:
        cursor.execute(f"RESET {naam}")


def _gelijkaardige_namen(cursor: Any) -> int:
    """The pairs of distinct normalised names of the (b) candidates that `_gelijkaardig` finds
    at least `STERK` alike, in temporary table `_wz_dubbel_gelijk` (in the order `score` will
    compare them): Python once per distinct pair of names, not once per pair of people."""
    cursor.execute(
        """
        SELECT DISTINCT xvn, yvn FROM _wz_dubbel_b WHERE NOT zeker AND xvn <> yvn
        UNION SELECT DISTINCT xan, yan FROM _wz_dubbel_b WHERE NOT zeker AND xan <> yan
        """
    )
    namen = cursor.fetchall()
    cursor.execute('CREATE TEMP TABLE _wz_dubbel_gelijk (x text COLLATE "C", y text COLLATE "C")')
    with cursor.cursor.copy("COPY _wz_dubbel_gelijk (x, y) FROM STDIN") as copy:
        for x, y in namen:
            if _gelijkaardig(x, y) >= STERK:
                copy.write_row((x, y))
    cursor.execute("ANALYZE _wz_dubbel_gelijk")
    return len(namen)


def alle_paren_db(
    *,
    drempel: float = DREMPEL,
    voortgang: Any = None,
) -> tuple[int, list[tuple[str, str, Score]]]:
    """`alle_paren` over every participant in the database, blocked by PostgreSQL.

    The same three blockings and the same `score`; the keys are computed in SQL from the
    names normalised by `delen` (once per distinct first and last name, in temporary tables):
    (a) the name regardless of order with the birth year or with the day and month, the dates
    at most one typo or a day/month swap apart (`datum_score` > 0); (b) the birth date with the
    first name or a part of the last name, the names passing `naam_score` (the difflib part
    asked of Python once per distinct pair of names); (c) the birth date and sex digit for
    INSZ ↔ BIS. Only candidate pairs leave the database, streamed in batches of
    `PAREN_PER_BATCH` and scored by `score`. Returns (participants, pairs best first).
    Temporary tables and settings of this connection are removed again at the end; outside a
    transaction each step commits, so `voortgang(gedaan, 10)` (per step) can report progress.
    """

    def stap(gedaan: int) -> None:
        if voortgang is not None:
            voortgang(gedaan, 10)

    try:
        with connection.cursor() as cursor:
            _opruimen(cursor)
            # Hash joins over a million rows, in memory; no JIT for these one-off statements.
            for naam, waarde in _INSTELLINGEN.items():
                cursor.execute(f"SET {naam} = {waarde}")
            _normaliseer_namen(cursor, "voornaam", "_wz_dubbel_vn", met_delen=False)
            _normaliseer_namen(cursor, "achternaam", "_wz_dubbel_an", met_delen=True)
            stap(1)
            # One row per participant with its keys: `_naamsleutel` (the normalised names sorted in
            # code point order), the birth date's parts and, for an INSZ of 11 digits, whether it
            # is a BIS number and its sex digit (`is_bis`, `_geslacht`). Keys in "C" collation.
            cursor.execute(
                """
                CREATE TEMP TABLE _wz_dubbel AS
                SELECT d.id, d.geboortedatum AS g,
                       date_part('year', d.geboortedatum)::int AS jaar,
                       date_part('month', d.geboortedatum)::int AS maand,
                       date_part('day', d.geboortedatum)::int AS dag,
                       v.n AS vn, a.n AS an, a.delen,
                       CASE WHEN v.n = '' THEN a.n WHEN a.n = '' THEN v.n
                            WHEN v.n <= a.n THEN v.n || '|' || a.n
                            ELSE a.n || '|' || v.n END AS nk,
                       CASE WHEN i.ok THEN substr(d.insz, 3, 2)::int > 12 END AS bis,
                       CASE WHEN i.ok THEN mod(substr(d.insz, 7, 3)::int, 2) END AS geslacht
                FROM deelnemers_deelnemer d
                CROSS JOIN LATERAL (
                    SELECT length(d.insz) = 11 AND ltrim(d.insz, '0123456789') = '' AS ok) i
                JOIN _wz_dubbel_vn v ON v.naam = d.voornaam
                JOIN _wz_dubbel_an a ON a.naam = d.achternaam
                """
            )
            aantal = cursor.rowcount
            cursor.execute(
                """
                CREATE TEMP TABLE _wz_dubbel_deel AS
                SELECT id, g, vn, an, unnest(delen) AS deel FROM _wz_dubbel
                """
            )
            cursor.execute("ANALYZE _wz_dubbel")
            cursor.execute("ANALYZE _wz_dubbel_deel")
            for grof in ("g", "nk"):
                cursor.execute(
                    f"CREATE TEMP TABLE _wz_dubbel_groot_{grof} AS SELECT {grof} FROM _wz_dubbel "  # noqa: S608 - constant SQL of this module
                    f"GROUP BY {grof} HAVING count(*) > {MAX_BLOK}"
                )
            stap(3)
            # (b): the same birth date and first name, or a shared part of the last name. `zeker`:
            # the same first name and a shared part (0.85); otherwise both names must be alike
            # (a pair of the first kind that shares a part is also one of the second).
            kolommen = "x.id AS a, y.id AS b, x.vn AS xvn, y.vn AS yvn, x.an AS xan, y.an AS yan"
            cursor.execute(
                f"""
                CREATE TEMP TABLE _wz_dubbel_b AS
                {_blok("_wz_dubbel", "g, vn", "x.vn <> ''", kolommen + ", FALSE AS zeker")}
                UNION ALL
                {_blok("_wz_dubbel_deel", "g, deel", kolommen=kolommen + ", x.vn = y.vn")}
                """  # noqa: S608 - constant SQL of this module
            )
            stap(5)
            _gelijkaardige_namen(cursor)
            stap(6)

            def lijkt(x: str, y: str) -> str:
                return (
                    f"({x} <> '' AND {y} <> '' AND ({x} = {y} OR EXISTS (SELECT FROM "
                    f"_wz_dubbel_gelijk s WHERE s.x = {x} AND s.y = {y})))"
                )

            # As `alle_paren` scores them (`score` is not quite symmetric: difflib): a pair
            # met first in the INSZ ↔ BIS blocks with the BIS number first, the others in id
            # order (a pair of a (b) block counts as met there, whatever its names).
            ab = "x.id AS a, y.id AS b, FALSE AS bis_eerst"
            cursor.execute(
                f"""
                CREATE TEMP TABLE _wz_dubbel_paar AS
                SELECT a, b, bool_and(bis_eerst) AS bis_eerst FROM (
                    {_blok("_wz_dubbel", "nk, jaar", f"x.nk <> '' AND {_DATUM_LIJKT}", ab)}
                    UNION ALL
                    {_blok("_wz_dubbel", "nk, maand, dag", f"x.nk <> '' AND {_DATUM_LIJKT}", ab)}
                    UNION ALL
                    SELECT a, b, FALSE FROM _wz_dubbel_b
                    WHERE zeker OR ((xvn <> '' OR xan <> '') AND (xvn = yvn AND xan = yan
                                                                OR xvn = yan AND xan = yvn))
                       OR ({lijkt("xvn", "yvn")} AND {lijkt("xan", "yan")})
                    UNION ALL
                    SELECT c.a, c.b, NOT EXISTS (
                        SELECT FROM _wz_dubbel_b b WHERE b.a = c.a AND b.b = c.b)
                    FROM (
                        SELECT CASE WHEN x.id < y.id COLLATE "C" THEN x.id ELSE y.id END AS a,
                               CASE WHEN x.id < y.id COLLATE "C" THEN y.id ELSE x.id END AS b
                        FROM _wz_dubbel x
                        JOIN _wz_dubbel y ON x.g = y.g AND x.geslacht = y.geslacht
                        WHERE x.bis AND NOT y.bis AND (x.g, x.geslacht) NOT IN (
                            SELECT g, geslacht FROM _wz_dubbel WHERE bis IS NOT NULL
                            AND g IN (SELECT g FROM _wz_dubbel_groot_g)
                            GROUP BY g, geslacht HAVING count(*) > {MAX_BLOK})
                    ) c
                ) p GROUP BY a, b
                """  # noqa: S608 - constant SQL of this module
            )
            stap(8)
        paren: list[tuple[str, str, Score]] = []
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                """
                SELECT p.a, x.voornaam, x.achternaam, x.geboortedatum, x.insz,
                       p.b, y.voornaam, y.achternaam, y.geboortedatum, y.insz, p.bis_eerst
                FROM _wz_dubbel_paar p
                JOIN deelnemers_deelnemer x ON x.id = p.a
                JOIN deelnemers_deelnemer y ON y.id = p.b
                """
            )
            while rijen := cursor.fetchmany(PAREN_PER_BATCH):
                for rij in rijen:
                    a, b = Persoon(*rij[:5]), Persoon(*rij[5:10])
                    s = score(b, a) if rij[10] and is_bis(b.insz) else score(a, b)
                    if s.score >= drempel:
                        paren.append((a.id, b.id, s))
    finally:
        with connection.cursor() as cursor:
            _opruimen(cursor)
    stap(10)
    paren.sort(key=lambda p: (-p[2].score, p[0], p[1]))
    return aantal, paren
