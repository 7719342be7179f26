"""Deelnemers: registration (INSZ, likely duplicates), kenmerken with versie, positions."""

from __future__ import annotations

from datetime import date

import pytest

from deelnemers import services
from deelnemers.models import Arbeidsmarktpositie, Deelnemer, Registratie
from tests import factories as f
from tests.domain.asserts import geweigerd

pytestmark = pytest.mark.django_db


def insz(geboortedatum: date, volgnummer: int) -> str:
    """A valid national number for a birth date (the 2000+ rule included)."""
    basis = int(f"{geboortedatum:%y%m%d}{volgnummer:03d}")
    if geboortedatum.year >= 2000:
        controle = 97 - (2_000_000_000 + basis) % 97
    else:
        controle = 97 - basis % 97
    return f"{basis:09d}{controle:02d}"


def registreer(door, **kw):
    kw.setdefault("geboortedatum", date(1990, 5, 17))
    kw.setdefault("provincie_id", "antwerpen")
    kw.setdefault("regio_id", f.REGIO)
    return services.registreer_deelnemer(door=door, **kw)


# --- registration -------------------------------------------------------------------------------


@pytest.mark.parametrize("geboren", [date(1990, 5, 17), date(2003, 2, 1)])
def test_it_registers_a_deelnemer_with_a_valid_insz(door, geboren):
    nummer = insz(geboren, 123)
    r = registreer(door, geboortedatum=geboren, insz=f"{nummer[:6]}-{nummer[6:9]}.{nummer[9:]}")
    assert r.deelnemer.id.startswith("DW")
    assert r.deelnemer.insz == nummer
    assert not r.mogelijk_dubbel


def test_it_refuses_an_invalid_insz(door):
    nummer = insz(date(1990, 5, 17), 123)
    fout = nummer[:-2] + f"{(int(nummer[-2:]) + 1) % 100:02d}"
    with geweigerd(bericht="Ongeldig INSZ-nummer"):
        registreer(door, insz=fout)


@pytest.fixture
def beheerder(db):
    u = f.gebruiker(wachtwoord=None)
    u.is_superuser = True
    u.save(update_fields=["is_superuser"])
    return u


def test_it_refuses_an_insz_that_is_already_registered_and_says_so_in_scope(beheerder):
    nummer = insz(date(1990, 5, 17), 123)
    bestaand = f.deelnemer(insz=nummer)
    with geweigerd(code="insz-bestaat", bericht="Er is al een deelnemer met dit INSZ-nummer.") as e:
        registreer(beheerder, insz=nummer)
    assert e.value.deelnemer_id == bestaand.pk


def test_it_refuses_an_insz_taken_outside_scope_without_confirming_the_person(door):
    nummer = insz(date(1990, 5, 17), 123)
    f.deelnemer(insz=nummer)
    with geweigerd(
        code="registratie-niet-mogelijk",
        bericht="Deze persoon kan niet geregistreerd worden; neem contact op met de beheerder.",
    ) as e:
        registreer(door, insz=nummer)
    assert e.value.deelnemer_id is None


def test_the_duplicate_warning_ignores_dossiers_outside_scope(door):
    f.deelnemer(voornaam="An", achternaam="Janssens", geboortedatum=date(1985, 3, 3))
    r = registreer(door, voornaam="An", achternaam="Janssens", geboortedatum=date(1985, 3, 3))
    assert not r.mogelijk_dubbel


def test_it_registers_without_insz_and_flags_a_likely_duplicate(beheerder):
    door = beheerder
    bestaand = f.deelnemer(voornaam="An", achternaam="Janssens", geboortedatum=date(1985, 3, 3))
    r = registreer(door, voornaam="an", achternaam="JANSSENS ", geboortedatum=date(1985, 3, 3))
    assert r.deelnemer.insz is None
    assert r.mogelijk_dubbel and r.mogelijke_dubbels == [bestaand.pk]
    assert Deelnemer.objects.filter(achternaam__iexact="janssens").count() == 2


def test_a_namesake_with_another_birth_date_is_no_duplicate(door):
    f.deelnemer(voornaam="An", achternaam="Janssens", geboortedatum=date(1985, 3, 3))
    r = registreer(door, voornaam="An", achternaam="Janssens", geboortedatum=date(1985, 3, 4))
    assert not r.mogelijk_dubbel


def test_it_gives_the_registering_organisation_the_new_dossier(door):
    door.organisatie = f.organisatie()
    door.save(update_fields=["organisatie"])
    r = registreer(door)
    registratie = Registratie.objects.get(deelnemer=r.deelnemer)
    assert (registratie.organisatie, registratie.door) == (door.organisatie, door)


def test_a_registration_without_an_organisation_gives_no_one_the_dossier(door):
    r = registreer(door)
    assert not Registratie.objects.filter(deelnemer=r.deelnemer).exists()


# --- kenmerken with the optimistic versie ----------------------------------------------------------


def test_it_changes_the_given_kenmerken_and_bumps_the_versie(door):
    d = f.deelnemer(armoede=False, kortgeschoold=True)
    d = services.wijzig_kenmerken(
        door=door, deelnemer_id=d.pk, versie=1, armoede=True, werkzoekend_sinds=date(2022, 1, 1)
    )
    d.refresh_from_db()
    assert (d.armoede, d.kortgeschoold, d.werkzoekend_sinds, d.versie) == (
        True,
        True,
        date(2022, 1, 1),
        2,
    )


def test_a_second_session_with_a_stale_versie_is_refused(door):
    d = f.deelnemer()
    sessie_a = Deelnemer.objects.get(pk=d.pk)
    sessie_b = Deelnemer.objects.get(pk=d.pk)
    services.wijzig_kenmerken(
        door=door, deelnemer_id=d.pk, versie=sessie_a.versie, arbeidsbeperking=True
    )
    with geweigerd(d, code="versie-verouderd", bericht="Iemand anders heeft dit dossier"):
        services.wijzig_kenmerken(
            door=door, deelnemer_id=d.pk, versie=sessie_b.versie, kortgeschoold=True
        )


def test_it_refuses_changing_the_insz_to_one_of_another_deelnemer(beheerder):
    nummer = insz(date(1990, 5, 17), 7)
    f.deelnemer(insz=nummer)
    d = f.deelnemer()
    with geweigerd(d, code="insz-bestaat"):
        services.wijzig_kenmerken(door=beheerder, deelnemer_id=d.pk, versie=1, insz=nummer)


# --- plausible kenmerken (one rule: deelnemers.rules.deelnemer_fouten) ------------------------


@pytest.mark.parametrize(
    ("kenmerken", "veld", "bericht"),
    [
        ({"geboortedatum": date(2030, 1, 1)}, "geboortedatum", "ligt in de toekomst"),
        ({"geboortedatum": date(1850, 1, 1)}, "geboortedatum", "meer dan 100 jaar"),
        ({"geboortedatum": date(2015, 1, 1)}, "geboortedatum", "minstens 15 jaar"),
        (
            {"geboortedatum": date(1985, 3, 3), "insz": "90051512391"},
            "insz",
            "past niet bij de geboortedatum",
        ),
        ({"werkzoekend_sinds": date(1980, 1, 1)}, "werkzoekend_sinds", "vóór de geboortedatum"),
        ({"werkzoekend_sinds": date(2025, 6, 16)}, "werkzoekend_sinds", "in de toekomst"),
        ({"regio_id": "noord-limburg"}, "regio", "niet in de gekozen provincie"),
    ],
)
def test_it_refuses_implausible_kenmerken_at_registration_and_on_change(
    door, kenmerken, veld, bericht
):
    with geweigerd(bericht=bericht) as e:
        registreer(door, **kenmerken)
    assert [x.veld for x in e.value.fouten] == [veld]
    d = f.deelnemer(geboortedatum=date(1990, 5, 15), provincie="antwerpen", regio=f.REGIO)
    with geweigerd(d, bericht=bericht):
        services.wijzig_kenmerken(door=door, deelnemer_id=d.pk, versie=d.versie, **kenmerken)


@pytest.mark.parametrize(
    ("nummer", "geboren"),
    [
        ("90051512391", date(1990, 5, 15)),  # national number
        ("90251512337", date(1990, 5, 15)),  # BIS number, sex unknown (month + 20)
        ("90451512380", date(1990, 5, 15)),  # BIS number, sex known (month + 40)
        ("90000012321", date(1990, 8, 1)),  # month and day unknown: only the year counts
    ],
)
def test_an_insz_agrees_with_the_birth_date_it_encodes(door, nummer, geboren):
    r = registreer(door, insz=nummer, geboortedatum=geboren)
    assert r.deelnemer.insz == nummer


def test_a_change_keeps_an_imperfect_imported_value_it_does_not_touch(door):
    d = f.deelnemer(geboortedatum=date(1990, 5, 17), insz="90051512391")
    services.wijzig_kenmerken(door=door, deelnemer_id=d.pk, versie=d.versie, voornaam="Els")
    d.refresh_from_db()
    assert d.voornaam == "Els"


# --- labour-market positions never overlap ----------------------------------------------------------


def positie(door, d, van, tot, positie_id="werkzoekend") -> Arbeidsmarktpositie:
    return services.registreer_arbeidsmarktpositie(
        door=door, deelnemer_id=d.pk, van=van, tot=tot, positie_id=positie_id
    )


def test_it_adds_consecutive_positions(door):
    d = f.deelnemer()
    positie(door, d, date(2024, 1, 1), date(2024, 6, 30))
    p = positie(door, d, date(2024, 7, 1), None, "werk-regulier")
    assert (p.van, p.tot, p.positie_id) == (date(2024, 7, 1), None, "werk-regulier")
    assert d.arbeidsmarktposities.count() == 2


def test_it_refuses_an_overlapping_position(door):
    d = f.deelnemer()
    positie(door, d, date(2024, 1, 1), date(2024, 6, 30))
    with geweigerd(
        d, bericht="De periode vanaf 30/06/2024 overlapt met de periode vanaf 1/01/2024."
    ):
        positie(door, d, date(2024, 6, 30), None, "werk-regulier")


def test_it_refuses_a_position_before_an_open_one(door):
    d = f.deelnemer()
    positie(door, d, date(2024, 1, 1), None)
    with geweigerd(d, bericht="overlapt"):
        positie(door, d, date(2023, 6, 1), date(2024, 1, 1))
    assert positie(door, d, date(2023, 6, 1), date(2023, 12, 31)).tot == date(2023, 12, 31)
