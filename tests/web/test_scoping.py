"""Who sees which dossier: `visible_to` and the 404 for everything outside scope. Every rule is
checked in every shape of `visible_to`: the semi-join, the check per row (decision 535) and the
check per row in a given order until enough are found (`eerste_zichtbaar`, decision 541), and
in every shape of the trajectories' scope: the semi-join, one IN per source (decision 540) and
the check per row (decision 543); where regions cover the scope, every dossier has a trajectory
in them (decision 548)."""

from datetime import date

import pytest

from accounts.models import Rol, Roltoewijzing
from deelnemers import selectors
from deelnemers.models import Deelnemer
from organisaties.models import Lidmaatschap
from tests import factories as f

pytestmark = pytest.mark.django_db


def visible_to(user):
    """`selectors.visible_to(user)`, after checking that the per-row shape of the rule finds
    the same dossiers (also with a search condition on top, as the caseload uses it)."""
    semi = selectors.visible_to(user)
    per_rij = selectors.visible_to(user, per_rij=True)
    assert list(semi.order_by("pk")) == list(per_rij.order_by("pk"))
    assert list(semi.filter(achternaam__gte="").order_by("pk")) == list(
        per_rij.filter(achternaam__gte="").order_by("pk")
    )
    # In name order, from every participant: the first n the user may see, in that order.
    volgorde = ("achternaam", "-voornaam", "id")
    alle = Deelnemer.objects.order_by(*volgorde)
    verwacht = list(semi.order_by(*volgorde).values_list("pk", flat=True))
    assert selectors.eerste_zichtbaar(user, alle, len(verwacht) + 5) == verwacht
    assert selectors.eerste_zichtbaar(user, alle, 1) == verwacht[:1]
    assert selectors.eerste_zichtbaar(user, alle.filter(achternaam__gte=""), 2) == verwacht[:2]
    zichtbaar = set(semi.values_list("pk", flat=True))
    if (regios := selectors.scope_regios(user)) is not None:
        # The regions that cover the scope (decision 548): each dossier has a trajectory there.
        in_regios = Deelnemer.objects.filter(activeringstrajecten__regio__in=regios)
        assert zichtbaar <= set(in_regios.values_list("pk", flat=True))
    for trajecten in (
        selectors.activeringstrajecten_visible_to,
        selectors.ama_se_trajecten_visible_to,
        selectors.ama_wvg_overeenkomsten_visible_to,
    ):
        samen = list(trajecten(user).order_by("pk").values_list("pk", "deelnemer_id"))
        for vorm in ({"per_bron": True}, {"per_rij": True}):
            assert samen == list(
                trajecten(user, **vorm).order_by("pk").values_list("pk", "deelnemer_id")
            )
        assert {d for _pk, d in samen} <= zichtbaar
    return semi


@pytest.fixture
def dossier(gtb, zorgorg):
    d = f.deelnemer(regio="kempen")
    f.activeringstraject(d, werk=gtb, zorg=zorgorg, regio="kempen")
    return d


@pytest.fixture
def personas(gtb, andere_gtb):
    return {
        "eigen": f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb),
        "collega_elders": f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=andere_gtb),
        "buitenstaander": f.gebruiker(organisatie=f.organisatie("caw")),
    }


@pytest.mark.parametrize("pad", ["/dossiers/{pk}/", "/dossiers/{pk}/kenmerken/"])
def test_it_shows_the_dossier_to_its_own_casemanager_and_404s_for_others(
    dossier, personas, login, pad
):
    url = pad.format(pk=dossier.pk)
    assert login(personas["eigen"]).get(url).status_code == 200
    assert login(personas["collega_elders"]).get(url).status_code == 404
    assert login(personas["buitenstaander"]).get(url).status_code == 404


def test_it_404s_a_zorgnotitie_post_outside_scope(dossier, personas, login):
    url = f"/dossiers/{dossier.pk}/zorgnotities/"
    data = {"traject": dossier.activeringstrajecten.get().pk, "soort": "andere", "tekst": "x"}
    for naam in ("collega_elders", "buitenstaander"):
        assert login(personas[naam]).post(url, data).status_code == 404


def test_it_lists_only_dossiers_in_scope_on_the_caseload(dossier, personas, login, andere_gtb):
    ander = f.deelnemer(achternaam="Anderdossier")
    f.activeringstraject(ander, werk=andere_gtb)
    eigen = login(personas["eigen"]).get("/dossiers/").content.decode()
    elders = login(personas["collega_elders"]).get("/dossiers/").content.decode()
    niemand = login(personas["buitenstaander"]).get("/dossiers/").content.decode()
    assert dossier.achternaam in eigen and "Anderdossier" not in eigen
    assert "Anderdossier" in elders and dossier.achternaam not in elders
    assert dossier.achternaam not in niemand and "Anderdossier" not in niemand


def test_it_redirects_anonymous_users_to_the_login(dossier, client):
    r = client.get(f"/dossiers/{dossier.pk}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_it_limits_a_casemanager_to_the_regions_of_the_assignment(gtb):
    kempen = f.deelnemer(regio="kempen")
    f.activeringstraject(kempen, werk=gtb, regio="kempen")
    gent = f.deelnemer(regio="regio-gent")
    f.activeringstraject(gent, werk=gtb, regio="regio-gent")
    beperkt = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, regios=["kempen"])
    overal = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    assert set(visible_to(beperkt)) == {kempen}
    assert set(visible_to(overal)) == {kempen, gent}


def test_it_gives_the_casemanager_zorg_the_trajectories_of_their_organisation(gtb, zorgorg):
    eigen = f.deelnemer()
    f.activeringstraject(eigen, werk=gtb, zorg=zorgorg)
    f.activeringstraject(f.deelnemer(), werk=gtb, zorg=f.organisatie("cgg"))
    user = f.gebruiker(Rol.CASEMANAGER_ZORG, organisatie=zorgorg)
    assert list(visible_to(user)) == [eigen]


def test_it_gives_begeleiders_the_participants_they_guide():
    se_org, wvg_org = f.organisatie("maatwerkbedrijf"), f.organisatie("caw")
    se_d, wvg_d, ander = f.deelnemer(), f.deelnemer(), f.deelnemer()
    f.ama_se(se_d, begeleider=se_org)
    f.wvg(wvg_d, begeleider=wvg_org)
    f.ama_se(ander, begeleider=f.organisatie("maatwerkbedrijf"))
    assert list(visible_to(f.gebruiker(Rol.BEGELEIDER_AMA_SE, organisatie=se_org))) == [se_d]
    assert list(visible_to(f.gebruiker(Rol.BEGELEIDER_AMA_WVG, organisatie=wvg_org))) == [wvg_d]


def test_it_gives_the_gtb_bemiddelaar_the_ama_se_participants_of_their_gtb(gtb):
    se_org = f.organisatie("maatwerkbedrijf")
    met_se = f.deelnemer()
    f.activeringstraject(met_se, werk=gtb)
    f.ama_se(met_se, begeleider=se_org)
    zonder_se = f.deelnemer()
    f.activeringstraject(zonder_se, werk=gtb)
    elders = f.deelnemer()
    f.ama_se(elders, begeleider=se_org)
    assert list(visible_to(f.gebruiker(Rol.BEMIDDELAAR_GTB, organisatie=gtb))) == [met_se]


def test_it_gives_the_netwerkcoordinator_the_regions_of_their_network(gtb):
    antwerpen = f.deelnemer(regio="kempen")
    f.activeringstraject(antwerpen, werk=gtb, regio="kempen")
    gent = f.deelnemer(regio="regio-gent")
    f.activeringstraject(gent, werk=gtb, regio="regio-gent")
    via_toewijzing = f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen")
    nc_org = f.organisatie("andere")
    Lidmaatschap.objects.create(
        organisatie=nc_org,
        rol="netwerkcoordinator",
        netwerk_id="oost-vlaanderen",
        van=date(2020, 1, 1),
    )
    via_organisatie = f.gebruiker(Rol.NETWERKCOORDINATOR, organisatie=nc_org)
    assert list(visible_to(via_toewijzing)) == [antwerpen]
    assert list(visible_to(via_organisatie)) == [gent]


def test_it_shows_no_personal_data_to_a_coordinator_and_everything_to_an_admin(dossier, login):
    coordinator = f.gebruiker(Rol.COORDINATOR, regios=["kempen"])
    admin = f.gebruiker(Rol.ADMIN)
    superuser = f.gebruiker(is_superuser=True)
    assert not visible_to(coordinator).exists()
    assert login(coordinator).get(f"/dossiers/{dossier.pk}/").status_code == 404
    assert list(visible_to(admin)) == [dossier]
    assert list(visible_to(superuser)) == [dossier]


def test_it_combines_the_scopes_of_several_roles():
    org = f.organisatie("maatwerkbedrijf")
    a, b = f.deelnemer(), f.deelnemer()
    f.activeringstraject(a, werk=org)
    f.ama_se(b, begeleider=org)
    een_rol = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=org)
    twee_rollen = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=org)
    Roltoewijzing.objects.create(user=twee_rollen, rol=Rol.BEGELEIDER_AMA_SE)
    assert set(visible_to(een_rol)) == {a}
    assert set(visible_to(twee_rollen)) == {a, b}


def test_it_hides_everything_from_an_inactive_user(dossier, gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, is_active=False)
    assert not visible_to(user).exists()
