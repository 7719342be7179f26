"""The trajectplan edited inline with htmx: goals, actions, stages; partials and refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.web_trajectories.builders import (
    afgesloten,
    bezig,
    client_van,
    html,
    veld_fout,
)
from trajectories.models import Actie, Doelstelling, Stage

HX = {"HX-Request": "true"}


def _is_partial(response) -> bool:
    body = html(response)
    return "<html" not in body and 'class="wz-kaart wz-plan"' in body


def test_it_adds_a_goal_and_answers_htmx_with_the_plan_partial(wereld):
    t = bezig(wereld)
    p = f"doel-{t.pk}"
    r = client_van(wereld.cm_zorg).post(
        reverse("trajecten:doelstelling_nieuw", args=[t.pk]),
        {f"{p}-soort": "zorg", f"{p}-omschrijving": "Dagstructuur opbouwen", "niveau": "4"},
        headers=HX,
    )
    assert r.status_code == 200
    assert _is_partial(r)
    assert "Dagstructuur opbouwen" in html(r)
    assert "<h4" in html(r)  # keeps the heading level of the page it was swapped into
    assert t.doelstellingen.filter(soort="zorg", omschrijving="Dagstructuur opbouwen").exists()


def test_it_adds_a_goal_without_javascript_and_goes_back_to_the_page(wereld):
    t = bezig(wereld)
    p = f"doel-{t.pk}"
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:doelstelling_nieuw", args=[t.pk]),
        {f"{p}-soort": "werk", f"{p}-omschrijving": "Sollicitatietraining"},
    )
    assert r.status_code == 302
    assert r["Location"] == reverse("trajecten:activering_detail", args=[t.pk])
    assert t.doelstellingen.filter(omschrijving="Sollicitatietraining").exists()


def test_it_refuses_a_goal_without_description_next_to_the_field(wereld):
    t = bezig(wereld)
    p = f"doel-{t.pk}"
    aantal = Doelstelling.objects.count()
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:doelstelling_nieuw", args=[t.pk]),
        {f"{p}-soort": "werk", f"{p}-omschrijving": ""},
        headers=HX,
    )
    assert r.status_code == 200
    assert _is_partial(r)
    assert veld_fout(r, f"{p}-omschrijving")
    assert Doelstelling.objects.count() == aantal


def test_it_adds_an_action_for_a_partner_of_the_regions_network(wereld):
    t = bezig(wereld)
    doel = t.doelstellingen.get()
    p = f"actie-{t.pk}"
    c = client_van(wereld.cm_werk)
    pagina = html(c.get(reverse("trajecten:activering_detail", args=[t.pk])))
    assert wereld.dienstverlener.naam in pagina
    assert wereld.buiten_netwerk.naam not in pagina  # another network: not offered
    r = c.post(
        reverse("trajecten:actie_nieuw", args=[t.pk]),
        {
            f"{p}-doelstelling": doel.pk,
            f"{p}-dienstverlener": wereld.dienstverlener.pk,
            f"{p}-omschrijving": "Jobcoaching",
            f"{p}-gepland_op": "1/04/2026",
        },
        headers=HX,
    )
    assert _is_partial(r)
    actie = Actie.objects.get(doelstelling=doel)
    assert (actie.omschrijving, actie.gepland_op) == ("Jobcoaching", date(2026, 4, 1))
    assert "Jobcoaching" in html(r)


def test_it_refuses_an_action_for_an_organisation_outside_the_network(wereld):
    t = bezig(wereld)
    doel = t.doelstellingen.get()
    p = f"actie-{t.pk}"
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:actie_nieuw", args=[t.pk]),
        {
            f"{p}-doelstelling": doel.pk,
            f"{p}-dienstverlener": wereld.buiten_netwerk.pk,
            f"{p}-omschrijving": "Jobcoaching",
        },
        headers=HX,
    )
    assert veld_fout(r, f"{p}-dienstverlener")
    assert 'value="Jobcoaching"' in html(r)
    assert not Actie.objects.exists()


def test_it_edits_an_action_inline(wereld):
    t = bezig(wereld)
    actie = Actie.objects.create(
        doelstelling=t.doelstellingen.get(), dienstverlener=wereld.dienstverlener, omschrijving="X"
    )
    c = client_van(wereld.cm_werk)
    url = reverse("trajecten:actie_wijzig", args=[t.pk, actie.pk])
    bewerk = c.get(url, headers=HX)
    assert _is_partial(bewerk)
    assert f'hx-post="{url}"' in html(bewerk)
    p = f"actie-wijzig-{actie.pk}"
    r = c.post(url, {f"{p}-status": "gestart", f"{p}-datum": "2/03/2026"}, headers=HX)
    assert _is_partial(r)
    actie.refresh_from_db()
    assert (actie.status, actie.gestart_op) == ("gestart", date(2026, 3, 2))


def test_it_refuses_an_action_status_it_does_not_know(wereld):
    t = bezig(wereld)
    actie = Actie.objects.create(
        doelstelling=t.doelstellingen.get(), dienstverlener=wereld.dienstverlener, omschrijving="X"
    )
    p = f"actie-wijzig-{actie.pk}"
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:actie_wijzig", args=[t.pk, actie.pk]),
        {f"{p}-status": "vergeten", f"{p}-datum": "2/03/2026"},
        headers=HX,
    )
    assert veld_fout(r, f"{p}-status")
    actie.refresh_from_db()
    assert actie.status == "gepland"


def test_it_refuses_skipping_a_step_of_an_action_next_to_its_status(wereld):
    t = bezig(wereld)
    actie = Actie.objects.create(
        doelstelling=t.doelstellingen.get(), dienstverlener=wereld.dienstverlener, omschrijving="X"
    )
    p = f"actie-wijzig-{actie.pk}"
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:actie_wijzig", args=[t.pk, actie.pk]),
        {f"{p}-status": "afgerond", f"{p}-datum": "2/03/2026"},
        headers=HX,
    )
    assert _is_partial(r)
    assert "kan niet naar status afgerond" in veld_fout(r, f"{p}-status")
    actie.refresh_from_db()
    assert (actie.status, actie.afgerond_op) == ("gepland", None)


def test_it_adds_a_werkervaringsstage(wereld):
    t = bezig(wereld)
    p = f"stage-{t.pk}"
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:stage_nieuw", args=[t.pk]),
        {f"{p}-werkplek": "Kringwinkel", f"{p}-start": "1/03/2026", f"{p}-einde": "31/07/2026"},
        headers=HX,
    )
    assert _is_partial(r)
    assert Stage.objects.get(traject=t).einde == date(2026, 7, 31)


def test_it_refuses_a_stage_longer_than_six_months_next_to_its_end(wereld):
    t = bezig(wereld)
    p = f"stage-{t.pk}"
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:stage_nieuw", args=[t.pk]),
        {f"{p}-werkplek": "Kringwinkel", f"{p}-start": "1/03/2026", f"{p}-einde": "2/09/2026"},
        headers=HX,
    )
    assert "6 maanden" in veld_fout(r, f"{p}-einde")
    assert 'value="2/09/2026"' in html(r)
    assert not Stage.objects.exists()


@pytest.mark.parametrize("soort", ["doelstelling", "actie", "stage"])
def test_it_deletes_a_plan_row_without_a_full_reload(wereld, soort):
    t = bezig(wereld, met_stage=True)
    doel = t.doelstellingen.get()
    actie = Actie.objects.create(
        doelstelling=doel, dienstverlener=wereld.dienstverlener, omschrijving="X"
    )
    item = {"doelstelling": doel, "actie": actie, "stage": t.stages.get()}[soort]
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:planitem_verwijder", args=[t.pk, soort, item.pk]), headers=HX
    )
    assert _is_partial(r)
    assert not type(item).objects.filter(pk=item.pk).exists()


def test_it_does_not_delete_a_row_of_another_trajectory(wereld):
    t = bezig(wereld)
    ander = bezig(wereld)
    doel = ander.doelstellingen.get()
    r = client_van(wereld.cm_werk).post(
        reverse("trajecten:planitem_verwijder", args=[t.pk, "doelstelling", doel.pk]), headers=HX
    )
    assert r.status_code == 404
    assert Doelstelling.objects.filter(pk=doel.pk).exists()


def test_a_closed_trajectory_shows_its_plan_without_edit_forms(wereld):
    t = afgesloten(wereld)
    r = client_van(wereld.cm_werk).get(reverse("trajecten:activering_detail", args=[t.pk]))
    assert "Kringwinkel" in html(r)
    assert "hx-post" not in html(r)


@pytest.mark.parametrize(
    ("persona", "status"), [("cm_werk", 200), ("cm_zorg", 200), ("buitenstaander", 404)]
)
def test_plan_edits_are_scoped_to_the_dossiers_the_user_sees(wereld, persona, status):
    t = bezig(wereld)
    p = f"doel-{t.pk}"
    r = client_van(getattr(wereld, persona)).post(
        reverse("trajecten:doelstelling_nieuw", args=[t.pk]),
        {f"{p}-soort": "werk", f"{p}-omschrijving": "Nieuw doel"},
        headers=HX,
    )
    assert r.status_code == status
    assert t.doelstellingen.filter(omschrijving="Nieuw doel").exists() == (status == 200)


def test_the_dossier_block_costs_the_same_queries_however_long_the_plan(wereld):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t = bezig(wereld, met_stage=True)
    c = client_van(wereld.cm_werk)
    url = reverse("trajecten:dossier_trajecten", args=[wereld.deelnemer.pk])

    def aantal() -> int:
        with CaptureQueriesContext(connection) as q:
            assert c.get(url, headers=HX).status_code == 200
        return len(q)

    aantal()  # fills the cached lists (the regions the block names, decision 543)
    kort = aantal()
    for i in range(3):
        doel = Doelstelling.objects.create(traject=t, soort="zorg", omschrijving=f"Doel {i}")
        Actie.objects.create(
            doelstelling=doel, dienstverlener=wereld.dienstverlener, omschrijving="A"
        )
        Stage.objects.create(
            traject=t, werkplek=f"W{i}", start=date(2026, 1, 5), einde=date(2026, 2, 5)
        )
    assert aantal() == kort
