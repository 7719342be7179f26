"""Malformed bundles: every refusal is `file:line: column: message` in Dutch, nothing changes.

Each kind of damage below is imported into a database that already holds a bundle, on every
path: the ordinary write, the dry run, and (PostgreSQL) the parallel import with the bulk
writer (COPY, foreign keys dropped). A hypothesis fuzzer then damages the valid bundle's bytes
at random. Whatever the input, the import either succeeds or raises `BundleFouten` whose lines
all have the form `file:line: column: message` — never another exception — and a refused
import leaves the row count of every table as it was.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bundle import schrijver as schrijver_module
from bundle.importer import BundleFouten, flush_domain_tables, import_bundle
from bundle.spec import BESTANDEN
from tests.bundle.builder import Bundel, kleine_bundel, schrijf

FOUTREGEL = re.compile(r"^[a-z_]+\.csv:\d+: [^:\n]+: [^\n]+$")
NAMEN = [b.naam for b in BESTANDEN]


def tellingen() -> dict[str, int]:
    """The row count of every table of the project."""
    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy
    }


def tweede_bundel() -> Bundel:
    """The small bundle with a change, so that an import that went through would show."""
    bundel = kleine_bundel()
    bundel["deelnemers.csv"][0]["voornaam"] = "Anna"
    bundel["organisaties.csv"][0]["naam"] = "CAW De Kempen"
    return bundel


# --- the kinds of damage ------------------------------------------------------------------

Wijziging = Callable[[Bundel], None]
Bestandswijziging = Callable[[Path], None]


def _cel(bestand: str, rij: int, kolom: str, waarde: str) -> Wijziging:
    def wijzig(bundel: Bundel) -> None:
        bundel[bestand][rij][kolom] = waarde

    return wijzig


def _bytes(bestand: str, lijn: int, oud: bytes, nieuw: bytes) -> Bestandswijziging:
    """Replace `oud` by `nieuw` on line `lijn` (1 = header) of a written file."""

    def wijzig(map_: Path) -> None:
        pad = map_ / bestand
        regels = pad.read_bytes().splitlines(keepends=True)
        assert oud in regels[lijn - 1], (oud, regels[lijn - 1])
        regels[lijn - 1] = regels[lijn - 1].replace(oud, nieuw, 1)
        pad.write_bytes(b"".join(regels))

    return wijzig


def _hele_bestand(bestand: str, omzetting: Callable[[bytes], bytes]) -> Bestandswijziging:
    def wijzig(map_: Path) -> None:
        pad = map_ / bestand
        pad.write_bytes(omzetting(pad.read_bytes()))

    return wijzig


def _weg(bestand: str) -> Bestandswijziging:
    def wijzig(map_: Path) -> None:
        (map_ / bestand).unlink()

    return wijzig


def _zonder_deelnemers_met_nieuwe_verwijzing(bundel: Bundel) -> None:
    bundel["deelnemers.csv"] = []  # header only: the database's participants stay
    bundel["adviezen.csv"][0]["deelnemer_id"] = "D4"


def _dubbel_id(bundel: Bundel) -> None:
    bundel["adviezen.csv"].append(dict(bundel["adviezen.csv"][0], van="2024-05-01"))


def _dubbel_insz(bundel: Bundel) -> None:
    bundel["deelnemers.csv"][1]["insz"] = bundel["deelnemers.csv"][0]["insz"]


def _overlappende_posities(bundel: Bundel) -> None:
    bundel["arbeidsmarktposities.csv"][1]["van"] = "2024-06-01"


def _kolom_weg(bestand: str, kolom: str) -> Bestandswijziging:
    def wijzig(map_: Path) -> None:
        pad = map_ / bestand
        regels = pad.read_text(encoding="utf-8").splitlines()
        kop = regels[0].split(",")
        i = kop.index(kolom)
        rijen = [",".join(c for j, c in enumerate(r.split(",")) if j != i) for r in regels]
        pad.write_text("\r\n".join(rijen) + "\r\n", encoding="utf-8")

    return wijzig


SOORTEN: list[tuple[str, Wijziging | None, Bestandswijziging | None, str]] = [
    # (name, change of the rows, change of the written bytes, the error line it must give)
    ("latin1-byte", None, _bytes("deelnemers.csv", 4, b"An,", "Ève,".encode("latin-1")),
     "deelnemers.csv:4: -: "),
    ("cp1252-quote", None, _bytes("organisaties.csv", 5, b"Geel", b"\x93Geel\x94"),
     "organisaties.csv:5: -: "),
    ("nul-byte", None, _bytes("organisaties.csv", 3, b"VAPH", b"VA\x00PH"),
     "organisaties.csv:3: -: "),
    ("utf16-file", None,
     _hele_bestand("deelnemers.csv", lambda b: b.decode("utf-8").encode("utf-16")),
     "deelnemers.csv:1: -: "),
    ("double-bom", None, _hele_bestand("adviezen.csv", lambda b: b"\xef\xbb\xbf" * 2 + b),
     "adviezen.csv:1: "),
    ("missing-column", None, _kolom_weg("deelnemers.csv", "geboortedatum"),
     "deelnemers.csv:1: geboortedatum: "),
    ("extra-column", None, _bytes("adviezen.csv", 1, b"tot", b"tot,opmerking"),
     "adviezen.csv:1: opmerking: "),
    ("duplicate-column", None, _bytes("adviezen.csv", 1, b"tot", b"tot,van"),
     "adviezen.csv:1: van: "),
    ("too-few-fields", None, _bytes("adviezen.csv", 2, b",2024-01-10,", b",2024-01-10"),
     "adviezen.csv:2: -: "),
    ("too-many-fields", None, _bytes("adviezen.csv", 2, b"AB,", b"AB,,"), "adviezen.csv:2: -: "),
    ("reference-activering", _cel("activeringstrajecten.csv", 0, "deelnemer_id", "D999"), None,
     "activeringstrajecten.csv:2: deelnemer_id: "),
    ("reference-ama-se", _cel("ama_se_trajecten.csv", 0, "deelnemer_id", "D999"), None,
     "ama_se_trajecten.csv:2: deelnemer_id: "),
    ("reference-ama-wvg", _cel("ama_wvg_overeenkomsten.csv", 0, "deelnemer_id", "D999"), None,
     "ama_wvg_overeenkomsten.csv:2: deelnemer_id: "),
    ("reference-organisation", _cel("activeringstrajecten.csv", 0, "casemanager_werk_org", "O9"),
     None, "activeringstrajecten.csv:2: casemanager_werk_org: "),
    ("rule-closed-without-advice", _cel("activeringstrajecten.csv", 0, "afgesloten_op",
     "2024-09-01"), None, "activeringstrajecten.csv:2: eindadvies: "),
    ("rule-positions-overlap", _overlappende_posities, None, "arbeidsmarktposities.csv:3: "),
    ("rule-end-before-start", _cel("adviezen.csv", 0, "tot", "2023-01-01"), None,
     "adviezen.csv:2: tot: "),
    ("duplicate-id", _dubbel_id, None, "adviezen.csv:3: id: "),
    ("duplicate-insz", _dubbel_insz, None, "deelnemers.csv:3: insz: "),
    ("empty-file", None, _hele_bestand("lidmaatschappen.csv", lambda b: b""),
     "lidmaatschappen.csv:1: "),
    ("header-only", _zonder_deelnemers_met_nieuwe_verwijzing, None,
     "adviezen.csv:2: deelnemer_id: "),
    ("wrong-delimiter", None, _hele_bestand("organisaties.csv", lambda b: b.replace(b",", b";")),
     "organisaties.csv:1: "),
    ("unclosed-quote", None, _bytes("ama_wvg_overeenkomsten.csv", 2, b'Geel",', b"Geel,"),
     "ama_wvg_overeenkomsten.csv:2: -: "),
    ("text-after-quote", None, _bytes("ama_wvg_overeenkomsten.csv", 2, b'Geel",', b'Geel"x,'),
     "ama_wvg_overeenkomsten.csv:2: -: "),
    ("bare-cr", None, _bytes("organisaties.csv", 2, b"CAW De", b"CAW\rDe"),
     "organisaties.csv:2: -: "),
    ("missing-file", None, _weg("ladderplaatsingen.csv"), "ladderplaatsingen.csv:0: -: "),
    ("bad-date", _cel("deelnemers.csv", 1, "geboortedatum", "1985-02-30"), None,
     "deelnemers.csv:3: geboortedatum: "),
    ("text-too-long", _cel("ama_wvg_overeenkomsten.csv", 0, "werkpost", "x" * 301), None,
     "ama_wvg_overeenkomsten.csv:2: werkpost: "),
    ("integer-overflow", _cel("contingenten.csv", 0, "plaatsen", "99999999999"), None,
     "contingenten.csv:2: plaatsen: "),
    ("quoted-empty-required", None, _bytes("organisaties.csv", 2, b"CAW De Kempen", b'""'),
     "organisaties.csv:2: naam: "),
    ("cell-beyond-csv-limit", _cel("ama_wvg_overeenkomsten.csv", 0, "werkpost", "x" * 200_000),
     None, "ama_wvg_overeenkomsten.csv:2: -: "),
    ("unknown-code", _cel("deelnemers.csv", 2, "regio", "atlantis"), None,
     "deelnemers.csv:4: regio: "),
    ("bad-insz", _cel("deelnemers.csv", 1, "insz", "85061500299"), None,
     "deelnemers.csv:3: insz: "),
]  # fmt: skip


def _maak(tmp: Path, wijziging: Wijziging | None, bestandswijziging: Bestandswijziging | None):
    bundel = tweede_bundel()
    if wijziging is not None:
        wijziging(bundel)
    map_ = schrijf(bundel, tmp)
    if bestandswijziging is not None:
        bestandswijziging(map_)
    return map_


def _geweigerd(map_: Path, verwacht: str, **kwargs) -> None:  # noqa: ANN003
    voor = tellingen()
    with pytest.raises(BundleFouten) as exc:
        import_bundle(map_, **kwargs)
    fouten = exc.value.fouten
    assert fouten, "refused without a message"
    assert all(FOUTREGEL.match(f) for f in fouten), fouten
    assert any(f.startswith(verwacht) for f in fouten), fouten
    assert tellingen() == voor


@pytest.fixture
def met_gegevens(db, tmp_path):  # noqa: ANN001
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))


@pytest.mark.parametrize(("wijziging", "bestandswijziging", "verwacht"),
                         [pytest.param(*s[1:], id=s[0]) for s in SOORTEN])  # fmt: skip
def test_it_refuses_a_malformed_bundle_with_its_place_and_changes_nothing(
    met_gegevens, tmp_path, wijziging, bestandswijziging, verwacht
):
    _geweigerd(_maak(tmp_path / "b", wijziging, bestandswijziging), verwacht)


@pytest.mark.parametrize(("wijziging", "bestandswijziging", "verwacht"),
                         [pytest.param(*s[1:], id=s[0]) for s in SOORTEN])  # fmt: skip
def test_a_dry_run_reports_a_malformed_bundle_the_same_way(
    met_gegevens, tmp_path, wijziging, bestandswijziging, verwacht
):
    _geweigerd(_maak(tmp_path / "b", wijziging, bestandswijziging), verwacht, dry_run=True)


@pytest.fixture(scope="module")
def gegevens_gecommit(django_db_setup, django_db_blocker, tmp_path_factory):  # noqa: ANN001
    """The small bundle committed once for the module's parallel imports (PostgreSQL)."""
    with django_db_blocker.unblock():
        import_bundle(schrijf(kleine_bundel(), tmp_path_factory.mktemp("eerst")))
    yield
    with django_db_blocker.unblock():
        flush_domain_tables()


@pytest.mark.postgres
def test_the_parallel_bulk_import_refuses_every_kind_with_its_place_and_changes_nothing(
    gegevens_gecommit, django_db_blocker, monkeypatch, tmp_path
):
    """Outside a transaction (the parallel writer, a second connection) in bulk mode (COPY,
    foreign keys dropped): the refusals that used to end in a database error from COPY or a
    foreign key. One test for every kind: the committed data is loaded once."""
    monkeypatch.setattr(schrijver_module, "BULK_DREMPEL", 1)
    with django_db_blocker.unblock():
        for naam, wijziging, bestandswijziging, verwacht in SOORTEN:
            map_ = _maak(tmp_path / naam, wijziging, bestandswijziging)
            _geweigerd(map_, verwacht)


# --- fuzzing ------------------------------------------------------------------------------

TEKENS = [b"\x00", b'"', b",", b"\r", b"\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe9", b"'=",
          b"D999", b";", b"\r\n", b'""', b"-", b"\\.", b"9" * 12]  # fmt: skip


@st.composite
def beschadiging(draw: st.DrawFn) -> tuple[str, str, int, bytes]:
    """One change of a file's bytes: (file, how, where 0..1 scaled later, bytes)."""
    bestand = draw(st.sampled_from(NAMEN))
    hoe = draw(
        st.sampled_from(
            ["invoegen", "vervangen", "wissen", "afkappen", "regel-dubbel", "regel-weg"]
        )
    )
    plaats = draw(st.integers(min_value=0, max_value=10_000))
    inhoud = draw(st.one_of(st.sampled_from(TEKENS), st.binary(min_size=1, max_size=6)))
    return bestand, hoe, plaats, inhoud


def _beschadig(map_: Path, bestand: str, hoe: str, plaats: int, inhoud: bytes) -> None:
    pad = map_ / bestand
    data = pad.read_bytes()
    i = plaats % (len(data) + 1)
    if hoe == "invoegen":
        data = data[:i] + inhoud + data[i:]
    elif hoe == "vervangen":
        data = data[:i] + inhoud + data[i + len(inhoud) :]
    elif hoe == "wissen":
        data = data[:i] + data[i + len(inhoud) :]
    elif hoe == "afkappen":
        data = data[:i]
    else:
        regels = data.splitlines(keepends=True) or [b""]
        j = plaats % len(regels)
        regels[j : j + 1] = [regels[j]] * (2 if hoe == "regel-dubbel" else 0)
        data = b"".join(regels)
    pad.write_bytes(data)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schade=st.lists(beschadiging(), min_size=1, max_size=3))
def test_a_damaged_bundle_is_imported_or_refused_with_clear_lines_never_a_traceback(
    met_gegevens, schade
):
    with tempfile.TemporaryDirectory(prefix="wz-fuzz-") as tmp:
        map_ = schrijf(tweede_bundel(), Path(tmp))
        for bestand, hoe, plaats, inhoud in schade:
            _beschadig(map_, bestand, hoe, plaats, inhoud)
        with transaction.atomic():
            voor = tellingen()
            try:
                import_bundle(map_)
            except BundleFouten as exc:
                assert exc.fouten
                assert all(FOUTREGEL.match(f) for f in exc.fouten), exc.fouten
                assert tellingen() == voor
            transaction.set_rollback(True)


# --- line endings -------------------------------------------------------------------------


def _regeleinden(pad: Path, soort: str) -> None:
    """The file's lines ending otherwise: LF and from line 3 on CR LF, CR LF but LF after
    line 2, LF but a lone CR after line 2, or all LF ("lf") or all CR LF ("crlf", as the
    builder writes them)."""
    regels = pad.read_bytes().replace(b"\r\n", b"\n").split(b"\n")
    if soort in ("lf", "crlf"):
        pad.write_bytes((b"\n" if soort == "lf" else b"\r\n").join(regels))
        return
    if soort == "lf-dan-crlf":
        pad.write_bytes(b"\n".join(regels[:2]) + b"\n" + b"\r\n".join(regels[2:]))
    elif soort == "crlf-dan-lf":
        pad.write_bytes(b"\r\n".join(regels[:2]) + b"\n" + b"\r\n".join(regels[2:]))
    else:
        pad.write_bytes(b"\n".join(regels[:2]) + b"\r" + b"\n".join(regels[2:]))


@pytest.mark.parametrize("soort", ["lf-dan-crlf", "crlf-dan-lf", "losse-cr"])
def test_a_file_whose_lines_end_differently_is_imported_as_its_rows_read(
    met_gegevens, tmp_path, soort
):
    # PostgreSQL's COPY takes the first line's ending for the whole file and refused the
    # others ("unquoted carriage return found in data", found by the fuzzer above); the
    # validation reads every ending as the end of a line. Such a file is written from Python.
    from bundle.validatie import Validatie
    from deelnemers.models import Deelnemer

    map_ = schrijf(tweede_bundel(), tmp_path / "bundel")
    pad = map_ / "deelnemers.csv"
    with pad.open(newline="", encoding="utf-8") as fh:
        verwacht = {r["id"]: (r["voornaam"], r["achternaam"]) for r in csv.DictReader(fh)}
    assert len(verwacht) >= 3
    _regeleinden(pad, soort)
    assert pad.read_bytes().count(b"\r") >= 1
    validatie = Validatie(map_)
    validatie.run()
    assert not validatie.fouten
    assert "deelnemers.csv" in validatie.niet_ruw
    import_bundle(map_)
    gelezen = Deelnemer.objects.filter(pk__in=verwacht).values_list("pk", "voornaam", "achternaam")
    assert {pk: (v, a) for pk, v, a in gelezen} == verwacht


def test_a_file_whose_lines_all_end_alike_stays_fit_for_copy(db, tmp_path):
    # LF throughout or CR LF throughout: PostgreSQL reads the file itself (the fast path).
    from bundle.validatie import Validatie

    for soort in ("lf", "crlf"):
        map_ = schrijf(tweede_bundel(), tmp_path / soort)
        for pad in map_.glob("*.csv"):
            _regeleinden(pad, soort)
        validatie = Validatie(map_)
        validatie.run()
        assert not validatie.fouten
        assert "deelnemers.csv" not in validatie.niet_ruw, soort
