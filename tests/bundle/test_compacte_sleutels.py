"""`_Ids` and `_Insz` (decision 541): the compact ids and INSZ numbers of the parallel import
into a database that holds rows answer as the set and dict they replace (duplicates found at
the end of the file, with the lines and ids the row-by-row check gives), also when ids share
a hash."""

from __future__ import annotations

import random

import pytest

from bundle.validatie import _Ids, _Insz


class _Botsend(_Ids):
    """Every id the same hash."""

    hash = staticmethod(lambda _id: -7)


class _TweeHashes(_Ids):
    """Two hashes, one negative, for all ids."""

    hash = staticmethod(lambda id_: -(2**62) if id_ < "D5" else 2**62)


SOORTEN = [_Ids, _Botsend, _TweeHashes]
# (id, insz) per line, from line 2; repeated ids and numbers, a non-ASCII id.
RIJEN = [
    ("D1", "92022444109"),
    ("D7", "00010100171"),
    ("D3", "86082995339"),
    ("D1", "70010112345"),
    ("Dé9", "92022444109"),
    ("D4", "92022444109"),
    ("D7", "00010100171"),
    ("D8", None),
    ("D1", "1234"),
    ("D2", "1234"),
]


def _als_set(rijen):  # noqa: ANN001, ANN202
    """What the set gives row by row: (line, id) of each repeat; the set."""
    gezien: set[str] = set()
    dubbel = []
    for lijn, (id_, _insz) in enumerate(rijen, start=2):
        if id_ in gezien:
            dubbel.append((lijn, id_))
        gezien.add(id_)
    return dubbel, gezien


@pytest.mark.parametrize("soort", SOORTEN)
def test_ids_answer_as_a_set(soort):  # noqa: ANN001
    ids = soort()
    for lijn, (id_, _insz) in enumerate(RIJEN, start=2):
        ids.add(id_, lijn)
    assert "D1" not in ids  # row by row: nothing, the duplicates come from `klaar`
    dubbel, gezien = _als_set(RIJEN)
    assert ids.klaar() == dubbel
    for id_ in [*gezien, "D5", "D", "D11", "", "é", "Dé", 3]:
        assert (id_ in ids) == (id_ in gezien), id_
    assert ids.op_lijn(6) == "Dé9"


@pytest.mark.parametrize("soort", SOORTEN)
def test_ids_empty(soort):  # noqa: ANN001
    ids = soort()
    assert ids.klaar() == []
    assert "D1" not in ids


@pytest.mark.parametrize("soort", SOORTEN)
def test_many_ids_with_repeats(soort):  # noqa: ANN001
    rnd = random.Random(541)
    rijen = [(f"D{rnd.randrange(3000)}", None) for _ in range(5000)]
    ids = soort()
    for lijn, (id_, _insz) in enumerate(rijen, start=2):
        ids.add(id_, lijn)
    dubbel, gezien = _als_set(rijen)
    assert ids.klaar() == dubbel
    assert all((f"D{i}" in ids) == (f"D{i}" in gezien) for i in range(3100))


@pytest.mark.parametrize("soort", SOORTEN)
def test_insz_answers_as_the_dict(soort):  # noqa: ANN001
    ids = soort()
    insz = _Insz(ids)
    als_dict: dict[str, tuple[str, int]] = {}
    dubbel, rij_per_rij = [], []
    for lijn, (id_, nummer) in enumerate(RIJEN, start=2):
        ids.add(id_, lijn)
        if nummer is None:
            continue
        # As `Validatie.rij_deelnemers`: a repeat seen row by row is not stored.
        if (eerder := insz.get(nummer)) is not None:
            rij_per_rij.append((lijn, eerder[1], eerder[0]))
        else:
            insz[nummer] = (id_, lijn)
        if (eerder := als_dict.get(nummer)) is not None:
            dubbel.append((lijn, eerder[1], eerder[0]))
        else:
            als_dict[nummer] = (id_, lijn)
    ids.klaar()
    # INSZ numbers (11 digits) at the end of the file; "1234" (which the INSZ check refuses)
    # row by row, as the dict.
    assert rij_per_rij == [(11, 10, "D1")]
    assert sorted(insz.klaar() + rij_per_rij) == dubbel
    assert insz
    for nummer in [*als_dict, "92022444108", "00000000000", "99999999999", "x", "0001010017"]:
        assert insz.get(nummer) == als_dict.get(nummer), nummer


def test_insz_empty():
    insz = _Insz(_Ids())
    assert not insz
    assert insz.klaar() == []
    assert not insz
    assert insz.get("92022444109") is None


def _fouten(map_, *, compact: bool) -> list[str]:  # noqa: ANN001
    from bundle.validatie import Validatie

    validatie = Validatie(map_)
    validatie.databank_controleert = compact
    validatie.run()
    if compact:
        assert isinstance(validatie.ids["deelnemers.csv"], _Ids)
        assert isinstance(validatie.ids["ama_wvg_overeenkomsten.csv"], _Ids)
    return [f for f in validatie.gesorteerde_fouten() if "INSZ-nummer" in f or "meer dan eens" in f]


@pytest.mark.django_db
def test_the_compact_checks_give_the_errors_of_the_full_validation(tmp_path):
    from bundle.importer import import_bundle
    from tests.bundle.builder import kleine_bundel, schrijf

    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    # The same bundle again: nothing to say.
    assert _fouten(schrijf(kleine_bundel(), tmp_path / "weer"), compact=True) == []
    bundel = kleine_bundel()
    d1, d2, d3 = bundel["deelnemers.csv"]
    bundel["deelnemers.csv"] = [
        d1,
        d3,
        dict(d2, id="D9"),  # D2's number, D2 not in the bundle: the database's
        dict(d3, voornaam="Bis"),  # D3 twice
        dict(d1, id="D5"),  # D1's number twice in the bundle
        dict(d1, id="D6"),  # and a third time
        dict(d3, id="D9"),  # D9 twice, D3's number
    ]
    wvg = bundel["ama_wvg_overeenkomsten.csv"]
    wvg.append(dict(wvg[0], start="2025-01-01"))
    map_ = schrijf(bundel, tmp_path / "fout")
    volledig = _fouten(map_, compact=False)
    assert _fouten(map_, compact=True) == volledig
    assert [f.split(": ")[0] for f in volledig] == [
        "deelnemers.csv:4",
        "deelnemers.csv:5",
        "deelnemers.csv:5",
        "deelnemers.csv:6",
        "deelnemers.csv:7",
        "deelnemers.csv:8",
        "deelnemers.csv:8",
        "ama_wvg_overeenkomsten.csv:3",
    ], volledig
