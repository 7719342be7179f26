"""Organisations: KBO numbers, recognitions and the samenwerkingsverband Zorg."""

from __future__ import annotations

from datetime import date

import pytest

from organisaties import services
from organisaties.models import Lidmaatschap
from organisaties.services import NieuwLidmaatschap
from tests import factories as f
from tests.domain.asserts import geweigerd

pytestmark = pytest.mark.django_db


def kbo(basis: int) -> str:
    """A valid KBO number (mod 97) built from 8 digits."""
    return f"{basis:08d}{97 - basis % 97:02d}"


# --- KBO ----------------------------------------------------------------------------------------


def test_it_normalises_the_kbo_number_of_a_new_organisation(door):
    nummer = kbo(4_030_197)
    org = services.registreer_organisatie(
        door=door,
        naam=" CAW Kempen ",
        type_id="caw",
        provincie_id="antwerpen",
        ondernemingsnummer=nummer,
    )
    assert org.id.startswith("OW")
    assert (org.naam, org.ondernemingsnummer) == (
        "CAW Kempen",
        f"{nummer[:4]}.{nummer[4:7]}.{nummer[7:]}",
    )


def test_it_refuses_a_kbo_number_that_fails_the_check(door):
    goed = kbo(4_030_197)
    fout = goed[:-1] + str((int(goed[-1]) + 1) % 10)
    org = f.organisatie("caw")
    with geweigerd(org, bericht="Ongeldig ondernemingsnummer (KBO)"):
        services.wijzig_ondernemingsnummer(
            door=door, organisatie_id=org.pk, ondernemingsnummer=fout
        )
    org = services.wijzig_ondernemingsnummer(
        door=door, organisatie_id=org.pk, ondernemingsnummer=goed
    )
    assert org.ondernemingsnummer.replace(".", "") == goed


# --- recognition types ------------------------------------------------------------------------------


def erken(door, org, rol: str, van=date(2022, 1, 1), tot=None, **kw) -> Lidmaatschap:
    return services.voeg_lidmaatschap_toe(
        door=door, organisatie_id=org.pk, rol=rol, van=van, tot=tot, **kw
    )


@pytest.mark.parametrize("type_code", ["caw", "maatwerkbedrijf", "vereniging-ocmw"])
def test_it_recognises_an_allowed_type_as_begeleider_ama_wvg(door, type_code):
    m = erken(door, f.organisatie(type_code), "begeleider-ama-wvg")
    assert (m.rol, m.tot) == ("begeleider-ama-wvg", None)


def test_it_refuses_a_gtb_as_begeleider_ama_wvg(door):
    org = f.organisatie("gtb")
    with geweigerd(
        org, bericht="Een organisatie van type gtb kan niet erkend worden als begeleider-ama-wvg."
    ):
        erken(door, org, "begeleider-ama-wvg")


def test_it_counts_the_recognition_under_als_type_when_given(door):
    org = f.organisatie("andere")
    m = erken(door, org, "begeleider-ama-wvg", als_type_id="cgg")
    assert m.als_type_id == "cgg"


def test_it_recognises_only_a_maatwerkbedrijf_as_begeleider_ama_se(door):
    assert erken(door, f.organisatie("maatwerkbedrijf"), "begeleider-ama-se").pk
    caw = f.organisatie("caw")
    with geweigerd(caw, bericht="kan niet erkend worden als begeleider-ama-se"):
        erken(door, caw, "begeleider-ama-se")


def test_it_accepts_an_onderwijsinstelling_recognised_until_the_end_of_2023(door):
    m = erken(
        door, f.organisatie("onderwijsinstelling"), "begeleider-ama-wvg", tot=date(2023, 12, 31)
    )
    assert m.tot == date(2023, 12, 31)


@pytest.mark.parametrize("tot", [None, date(2024, 1, 1)], ids=["open", "2024-01-01"])
def test_it_refuses_an_onderwijsinstelling_recognised_after_2023(door, tot):
    school = f.organisatie("onderwijsinstelling")
    with geweigerd(school, bericht="eindigt ten laatste op 31/12/2023"):
        erken(door, school, "begeleider-ama-wvg", tot=tot)


def test_it_refuses_ending_an_onderwijsinstelling_recognition_after_2023(door):
    school = f.organisatie("psy-afdeling-az")
    m = f.lidmaatschap(school, "begeleider-ama-wvg", van=date(2019, 1, 1), tot=date(2023, 6, 30))
    with geweigerd(m, bericht="eindigt ten laatste op 31/12/2023"):
        services.beeindig_lidmaatschap(door=door, lidmaatschap_id=m.pk, tot=date(2024, 3, 1))
    m = services.beeindig_lidmaatschap(door=door, lidmaatschap_id=m.pk, tot=date(2023, 12, 31))
    m.refresh_from_db()
    assert m.tot == date(2023, 12, 31)


def test_it_refuses_a_network_membership_without_its_network(door):
    org = f.organisatie("caw")
    with geweigerd(org, bericht="Een netwerk is verplicht voor deze rol."):
        erken(door, org, "netwerk")
    assert erken(door, org, "netwerk", netwerk_id=f.NETWERK).netwerk_id == f.NETWERK


def test_it_refuses_an_end_before_the_start(door):
    m = f.lidmaatschap(f.organisatie("caw"), "netwerk", van=date(2024, 1, 1), netwerk_id=f.NETWERK)
    with geweigerd(m, bericht="De einddatum ligt vóór de begindatum."):
        services.beeindig_lidmaatschap(door=door, lidmaatschap_id=m.pk, tot=date(2023, 12, 31))


# --- the samenwerkingsverband Zorg ------------------------------------------------------------------

REGIO = f.REGIO
ROL = "samenwerkingsverband-zorg"


def lid(org, van=date(2024, 1, 1), tot=None) -> NieuwLidmaatschap:
    return NieuwLidmaatschap(organisatie_id=org.pk, rol=ROL, van=van, tot=tot, regio_id=REGIO)


def samenwerkingsverband(door) -> dict[str, Lidmaatschap]:
    """A complete samenwerkingsverband of the region from 1/01/2024: one member of each group."""
    orgs = {t: f.organisatie(t) for t in ("caw", "vaph", "cgg")}
    leden = services.voeg_lidmaatschappen_toe(
        door=door, lidmaatschappen=[lid(o) for o in orgs.values()]
    )
    return {m.organisatie.type_id: m for m in leden}


def test_it_refuses_a_samenwerkingsverband_that_lacks_a_group(door):
    caw, cgg = f.organisatie("caw"), f.organisatie("cgg")
    with geweigerd(caw, cgg, bericht="geen lid van de groep VAPH-voorziening"):
        services.voeg_lidmaatschappen_toe(door=door, lidmaatschappen=[lid(caw), lid(cgg)])


def test_it_accepts_a_samenwerkingsverband_with_a_member_of_each_group(door):
    leden = samenwerkingsverband(door)
    assert sorted(leden) == ["caw", "cgg", "vaph"]
    assert Lidmaatschap.objects.filter(rol=ROL, regio_id=REGIO).count() == 3


def test_it_refuses_ending_the_only_vaph_member(door):
    leden = samenwerkingsverband(door)
    with geweigerd(leden["vaph"], bericht="geen lid van de groep VAPH-voorziening"):
        services.beeindig_lidmaatschap(
            door=door, lidmaatschap_id=leden["vaph"].pk, tot=date(2025, 6, 30)
        )


def test_it_accepts_replacing_a_member_of_a_group(door):
    leden = samenwerkingsverband(door)
    services.voeg_lidmaatschap_toe(
        door=door,
        organisatie_id=f.organisatie("ocmw").pk,
        rol=ROL,
        van=date(2025, 7, 1),
        regio_id=REGIO,
    )
    m = services.beeindig_lidmaatschap(
        door=door, lidmaatschap_id=leden["caw"].pk, tot=date(2025, 6, 30)
    )
    assert m.tot == date(2025, 6, 30)


def test_it_refuses_a_gap_when_the_replacement_starts_too_late(door):
    leden = samenwerkingsverband(door)
    services.voeg_lidmaatschap_toe(
        door=door,
        organisatie_id=f.organisatie("ocmw").pk,
        rol=ROL,
        van=date(2025, 8, 1),
        regio_id=REGIO,
    )
    with geweigerd(
        leden["caw"], bericht="Op 1/07/2025 heeft het samenwerkingsverband Zorg geen lid"
    ):
        services.beeindig_lidmaatschap(
            door=door, lidmaatschap_id=leden["caw"].pk, tot=date(2025, 6, 30)
        )


def test_it_ends_the_whole_mandate_at_once(door):
    samenwerkingsverband(door)
    beeindigd = services.beeindig_samenwerkingsverband(
        door=door, regio_id=REGIO, tot=date(2025, 12, 31)
    )
    assert len(beeindigd) == 3
    assert set(Lidmaatschap.objects.filter(rol=ROL).values_list("tot", flat=True)) == {
        date(2025, 12, 31)
    }


def test_other_regions_do_not_count_for_the_composition(door):
    vaph_elders = f.organisatie("vaph")
    f.lidmaatschap(vaph_elders, ROL, van=date(2020, 1, 1), regio_id=f.ANDERE_REGIO)
    caw, cgg = f.organisatie("caw"), f.organisatie("cgg")
    with geweigerd(caw, bericht="geen lid van de groep VAPH-voorziening"):
        services.voeg_lidmaatschappen_toe(door=door, lidmaatschappen=[lid(caw), lid(cgg)])
