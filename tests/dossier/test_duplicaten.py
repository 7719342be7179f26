"""Duplicate detection: normalisation, scoring, candidates at registration, all pairs."""

from __future__ import annotations

from datetime import date

import pytest

from deelnemers.duplicaten import (
    Persoon,
    alle_paren,
    datum_score,
    datum_varianten,
    kandidaten_voor,
    normaliseer,
    score,
)


def test_it_normalises_accents_case_and_separators():
    assert normaliseer("Öztürk") == normaliseer("ozturk") == "ozturk"
    assert normaliseer("De Smet-Van Damme") == "desmetvandamme"
    assert normaliseer("D'Hondt") == "dhondt"


def test_it_scores_swapped_day_and_month_and_one_wrong_digit():
    assert datum_score(date(1990, 3, 7), date(1990, 7, 3))[0] == 0.9
    assert datum_score(date(1990, 3, 7), date(1991, 3, 7))[0] == 0.8
    assert datum_score(date(1990, 3, 7), date(1985, 3, 7))[0] == 0.0
    assert date(1990, 7, 3) in datum_varianten(date(1990, 3, 7))


def test_it_finds_swapped_names_and_compound_names():
    a = Persoon("1", "Jan", "Janssens-Peeters", date(1980, 1, 2))
    assert score(a, Persoon("2", "Janssens-Peeters", "Jan", date(1980, 1, 2))).score >= 0.9
    assert score(a, Persoon("3", "Jan", "Peeters", date(1980, 1, 2))).score >= 0.8
    assert score(a, Persoon("4", "Els", "Maes", date(1980, 1, 2))).score < 0.6


def test_it_pairs_a_national_number_with_a_bis_number_of_the_same_birth_date():
    # INSZ 85073003328 (30/07/1985); a BIS number has month + 40 (sex known): 85473003x..
    a = Persoon("1", "Ali", "Yilmaz", date(1985, 7, 30), "85073003328")
    b = Persoon("2", "Aly", "Yilmas", date(1985, 7, 30), "85473003397")
    s = score(a, b)
    assert s.score >= 0.6 and any("BIS" in r for r in s.redenen)


def test_all_pairs_finds_every_kind_of_duplicate_and_no_stranger():
    mensen = [
        Persoon("A1", "Mehmet", "Öztürk", date(1990, 3, 7)),
        Persoon("A2", "Mehmet", "Ozturk", date(1990, 7, 3)),
        Persoon("B1", "Sofie", "Claes", date(1975, 12, 24)),
        Persoon("B2", "Claes", "Sofie", date(1975, 12, 25)),
        Persoon("C1", "Jan", "Janssens-Peeters", date(1980, 1, 2)),
        Persoon("C2", "Jan", "Peeters", date(1980, 1, 2)),
        Persoon("X1", "Lotte", "Wouters", date(1990, 3, 7)),
    ]
    paren = {(a, b) for a, b, _s in alle_paren(mensen)}
    assert paren == {("A1", "A2"), ("B1", "B2"), ("C1", "C2")}


@pytest.mark.django_db
def test_candidates_for_one_new_person_come_from_the_database(wereld):
    gevonden = kandidaten_voor(
        voornaam="mehmet", achternaam="Ozturk", geboortedatum=date(1990, 7, 3)
    )
    assert [d.pk for d, _s in gevonden] == [wereld.d.pk]
    assert kandidaten_voor(voornaam="Els", achternaam="Maes", geboortedatum=date(1990, 7, 3)) == []


def _bevolking(n: int) -> list[Persoon]:
    """`n` people crowded on a few names and dates, so every kind of near-duplicate occurs:
    accents, case, compound and swapped names, typos, day/month swaps, one wrong digit, BIS."""
    import random

    rng = random.Random(7)
    voornamen = ["Mehmet", "MEHMET", "Jan", "Jaan", "Sofie", "Sophie", "Els", "", "Ali", "Aly"]
    achternamen = [
        "Öztürk",
        "Ozturk",
        "Janssens-Peeters",
        "Peeters",
        "De Smet",
        "Desmet",
        "Van der Berghe",
        "Yilmaz",
        "Yilmas",
        "Claes",
        "",
    ]
    dagen = [date(1990, 3, 7), date(1990, 7, 3), date(1991, 3, 7), date(1990, 3, 17)]
    dagen += [date(1985, 12, 1), date(1985, 1, 12), date(1958, 12, 1)]
    mensen = []
    for i in range(n):
        vn, an = rng.choice(voornamen), rng.choice(achternamen)
        if rng.random() < 0.1:
            vn, an = an, vn
        geboren = rng.choice(dagen)
        insz = None
        if rng.random() < 0.7:
            maand = geboren.month + (40 if rng.random() < 0.2 else 0)
            insz = f"{geboren.year % 100:02d}{maand:02d}{geboren.day:02d}{i:03d}{i % 97:02d}"
        mensen.append(Persoon(f"P{i:04d}", vn, an, geboren, insz))
    return mensen


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_search_finds_the_same_pairs_and_scores_as_the_memory_search():
    from deelnemers.duplicaten import alle_paren_db
    from deelnemers.models import Deelnemer

    mensen = _bevolking(400)
    Deelnemer.objects.bulk_create(
        Deelnemer(
            id=p.id,
            voornaam=p.voornaam,
            achternaam=p.achternaam,
            geboortedatum=p.geboortedatum,
            insz=p.insz,
            provincie_id="antwerpen",
            regio_id="kempen",
        )
        for p in mensen
    )
    verwacht = [(a, b, s.score, s.redenen) for a, b, s in alle_paren(mensen)]
    aantal, paren = alle_paren_db()
    assert aantal == len(mensen)
    assert [(a, b, s.score, s.redenen) for a, b, s in paren] == verwacht
    soorten = {r for *_ab, _s, redenen in verwacht for r in redenen}
    # The population exercises every rule (else the comparison proves little).
    for reden in [
        "naam gelijk",
        "naam gelijk (accenten/schrijfwijze)",
        "voor- en achternaam omgewisseld",
        "samengestelde achternaam",
        "naam lijkt sterk",
        "dag en maand omgewisseld",
        "één cijfer van de geboortedatum anders",
        "INSZ en BIS-nummer voor dezelfde geboortedatum",
    ]:
        assert reden in soorten, reden
    # The temporary tables are gone again: a second run gives the same answer.
    assert alle_paren_db()[1] == paren


@pytest.mark.django_db(transaction=True)
def test_the_run_stores_every_candidate_pair_with_its_score_and_finishes():
    from deelnemers.models import Deelnemer
    from dossier.duplicaten_run import voer_uit
    from dossier.models import DuplicatenRun

    mensen = _bevolking(120)
    Deelnemer.objects.bulk_create(
        Deelnemer(
            id=p.id,
            voornaam=p.voornaam,
            achternaam=p.achternaam,
            geboortedatum=p.geboortedatum,
            insz=p.insz,
            provincie_id="antwerpen",
            regio_id="kempen",
        )
        for p in mensen
    )
    run = voer_uit(DuplicatenRun.objects.create().pk)
    run.refresh_from_db()
    verwacht = alle_paren(mensen)
    assert (run.status, run.voortgang, run.deelnemers) == (DuplicatenRun.Status.KLAAR, 100, 120)
    assert run.paren == len(verwacht) > 0
    assert sorted(run.kandidaten.values_list("a_id", "b_id", "score", "redenen")) == sorted(
        (a, b, s.score, ", ".join(s.redenen)) for a, b, s in verwacht
    )
