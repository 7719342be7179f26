"""The activeringstraject forms: start, every status step, buttons, versions, scoping."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Rol
from tests import factories as f
from tests.web_trajectories.builders import (
    aanvaard,
    afgesloten,
    bezig,
    client_van,
    geinitieerd,
    html,
    veld_fout,
)
from trajectories import rules
from trajectories.models import Activeringstraject, TrajectEvent


def stap_url(t: Activeringstraject, stap: str) -> str:
    return reverse("trajecten:activering_stap", args=[t.pk, stap])


def detail_url(t: Activeringstraject) -> str:
    return reverse("trajecten:activering_detail", args=[t.pk])


def velden(t: Activeringstraject) -> dict:
    """Every stored field, to show that a refused form changed nothing."""
    t.refresh_from_db()
    return {f.attname: getattr(t, f.attname) for f in t._meta.concrete_fields}


# --- start ------------------------------------------------------------------------------------


def test_it_starts_an_activeringstraject_for_a_dossier_the_casemanager_sees(wereld):
    geinitieerd(wereld, ingetrokken_op=date(2025, 9, 10))  # makes the dossier visible
    c = client_van(wereld.cm_werk)
    url = reverse("trajecten:activering_nieuw", args=[wereld.deelnemer.pk])
    form = c.get(url)
    assert form.status_code == 200
    assert 'name="geinitieerd_op"' in html(form)
    r = c.post(
        url,
        {
            "regio": "kempen",
            "geinitieerd_op": "2/03/2026",
            "casemanager_werk_org": wereld.gtb.pk,
            "casemanager_zorg_org": wereld.zorg.pk,
        },
    )
    nieuw = Activeringstraject.objects.exclude(ingetrokken_op__isnull=False).get()
    assert r.status_code == 302
    assert r["Location"] == detail_url(nieuw)
    assert nieuw.geinitieerd_op == date(2026, 3, 2)
    assert nieuw.casemanager_zorg_org_id == wereld.zorg.pk


def test_it_refuses_a_start_date_it_cannot_read_and_keeps_the_input(wereld):
    geinitieerd(wereld, ingetrokken_op=date(2025, 9, 10))
    c = client_van(wereld.cm_werk)
    url = reverse("trajecten:activering_nieuw", args=[wereld.deelnemer.pk])
    r = c.post(url, {"regio": "kempen", "geinitieerd_op": "31/02/2026", "notitie": "Via VDAB"})
    assert r.status_code == 200
    assert "geldige datum" in veld_fout(r, "geinitieerd_op")
    assert 'value="31/02/2026"' in html(r)
    assert "Via VDAB" in html(r)
    assert Activeringstraject.objects.count() == 1


# --- steps ------------------------------------------------------------------------------------


def test_it_records_the_first_interview(wereld):
    t = geinitieerd(wereld)
    c = client_van(wereld.cm_werk)
    r = c.post(stap_url(t, "aanvaarden"), {"datum": "1/03/2026", "versie": t.versie})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.aanvaard_op == date(2026, 3, 1)
    assert rules.activering_status(t) == rules.Status.AANVAARD
    assert TrajectEvent.objects.filter(traject_id=t.pk).exists()


def test_it_refuses_a_first_interview_before_the_referral_next_to_the_date(wereld):
    t = geinitieerd(wereld)
    voor = velden(t)
    c = client_van(wereld.cm_werk)
    r = c.post(stap_url(t, "aanvaarden"), {"datum": "1/08/2025", "versie": t.versie})
    assert r.status_code == 200
    assert "vóór geïnitieerd op" in veld_fout(r, "datum")
    assert 'value="1/08/2025"' in html(r)
    assert velden(t) == voor


def test_it_marks_the_trajectory_bezig(wereld):
    t = aanvaard(wereld)
    c = client_van(wereld.cm_zorg)
    r = c.post(stap_url(t, "starten"), {"datum": "2/10/2025", "versie": t.versie})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.bezig_op == date(2025, 10, 2)


def test_it_requests_an_extension_within_six_months(wereld):
    t = bezig(wereld)  # bezig since 1/10/2025: 18 months end on 1/04/2027
    c = client_van(wereld.cm_werk)
    r = c.post(stap_url(t, "verlengen"), {"verlengd_tot": "1/09/2027", "versie": t.versie})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.verlengd_tot == date(2027, 9, 1)


def test_it_refuses_an_extension_beyond_six_months_next_to_the_field(wereld):
    t = bezig(wereld)
    voor = velden(t)
    c = client_van(wereld.cm_werk)
    r = c.post(stap_url(t, "verlengen"), {"verlengd_tot": "2/10/2027", "versie": t.versie})
    assert r.status_code == 200
    assert "6 maanden extra" in veld_fout(r, "verlengd_tot")
    assert velden(t) == voor


def test_it_closes_with_an_eindadvies_and_its_motivation(wereld):
    t = bezig(wereld, met_stage=True)
    c = client_van(wereld.cm_werk)
    r = c.post(
        stap_url(t, "afsluiten"),
        {
            "datum": "2/03/2026",
            "eindadvies": "IMW",
            "motivering": "Stage verliep goed",
            "versie": t.versie,
        },
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert (t.afgesloten_op, t.eindadvies_id) == (date(2026, 3, 2), "IMW")
    assert t.eindadvies_motivering == "Stage verliep goed"


def test_it_refuses_closing_without_a_werkervaringsstage(wereld):
    t = bezig(wereld)
    voor = velden(t)
    c = client_van(wereld.cm_werk)
    r = c.post(
        stap_url(t, "afsluiten"),
        {"datum": "2/03/2026", "eindadvies": "REC", "motivering": "Klaar", "versie": t.versie},
    )
    assert r.status_code == 200
    assert "werkervaringsstage" in veld_fout(r, "eindadvies")
    assert "Klaar" in html(r)
    assert velden(t) == voor


def test_it_offers_only_the_eindadviezen_allowed_for_an_activeringstraject(wereld):
    t = bezig(wereld, met_stage=True)
    r = client_van(wereld.cm_werk).get(stap_url(t, "afsluiten"))
    toegelaten = rules.toegelaten_eindadviezen("activering")
    for code in toegelaten:
        assert f'value="{code}"' in html(r)
    assert 'value="AB"' not in html(r)  # activeringsbegeleiding is an AMA SE advice
    r = client_van(wereld.cm_werk).post(
        stap_url(t, "afsluiten"),
        {"datum": "2/03/2026", "eindadvies": "AB", "motivering": "x", "versie": t.versie},
    )
    assert veld_fout(r, "eindadvies")
    t.refresh_from_db()
    assert t.afgesloten_op is None


def test_it_stops_early_with_a_reason(wereld):
    t = bezig(wereld)
    c = client_van(wereld.cm_werk)
    r = c.post(
        stap_url(t, "stopzetten"),
        {"datum": "1/03/2026", "stopreden": "verhuis-buitenland", "versie": t.versie},
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert (t.stopgezet_op, t.stopreden_id) == (date(2026, 3, 1), "verhuis-buitenland")


def test_it_refuses_stopping_without_a_reason(wereld):
    t = bezig(wereld)
    voor = velden(t)
    r = client_van(wereld.cm_werk).post(
        stap_url(t, "stopzetten"), {"datum": "1/03/2026", "versie": t.versie}
    )
    assert r.status_code == 200
    assert veld_fout(r, "stopreden")
    assert velden(t) == voor


def test_it_withdraws_before_the_first_interview(wereld):
    t = geinitieerd(wereld)
    r = client_van(wereld.cm_werk).post(
        stap_url(t, "intrekken"), {"datum": "5/09/2025", "versie": t.versie}
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert rules.activering_status(t) == rules.Status.INGETROKKEN


# --- buttons ----------------------------------------------------------------------------------


def _knoppen(response) -> set[str]:
    import re

    return set(re.findall(r'data-stap="([a-z-]+)"', html(response)))


@pytest.mark.parametrize(
    ("bouw", "verwacht"),
    [
        (geinitieerd, {"aanvaarden", "intrekken"}),
        (aanvaard, {"starten", "stopzetten"}),
        (bezig, {"verlengen", "stopzetten"}),  # closing needs a stage first
        (lambda w: bezig(w, met_stage=True), {"verlengen", "afsluiten", "stopzetten"}),
        (lambda w: bezig(w, verlengd_tot=date(2027, 6, 1)), {"stopzetten"}),  # one extension
        (afgesloten, set()),
    ],
    ids=["geinitieerd", "aanvaard", "bezig", "bezig-met-stage", "verlengd", "afgesloten"],
)
def test_it_shows_only_the_status_buttons_the_rules_allow(wereld, bouw, verwacht):
    t = bouw(wereld)
    r = client_van(wereld.cm_werk).get(detail_url(t))
    assert r.status_code == 200
    toegelaten = {s.naam for s in rules_toegelaten(t)}
    assert _knoppen(r) == toegelaten == verwacht


def rules_toegelaten(t):
    from trajectories import services

    return services.toegelaten_activering_stappen(t, op=date(2026, 3, 16))


def test_it_sends_a_step_that_is_not_allowed_now_back_with_the_reason(wereld):
    t = geinitieerd(wereld)
    c = client_van(wereld.cm_werk)
    r = c.get(stap_url(t, "afsluiten"), follow=True)
    assert r.redirect_chain[-1][0] == detail_url(t)
    assert "niet toegelaten voor een traject met status Geïnitieerd" in html(r)


def _niet_beschikbaar(response) -> dict[str, str]:
    """Disabled step buttons and the reason each one is described by."""
    import re

    knoppen = re.findall(
        r'data-stap-niet-beschikbaar="([a-z-]+)" aria-describedby="([^"]+)"', html(response)
    )
    return {
        naam: re.search(rf'id="{reden}">([^<]*)<', html(response)).group(1)
        for naam, reden in knoppen
    }


def _voorbij_einddatum(w):
    """Bezig since 1/06/2024: its 18 months ended on 1/12/2025, before today; no stage."""
    from trajectories.models import Activeringstraject

    return Activeringstraject.objects.create(
        id="AT-VOORBIJ",
        deelnemer=w.deelnemer,
        regio_id="kempen",
        casemanager_werk_org=w.gtb,
        casemanager_zorg_org=w.zorg,
        geinitieerd_op=date(2024, 5, 1),
        aanvaard_op=date(2024, 5, 15),
        bezig_op=date(2024, 6, 1),
    )


@pytest.mark.parametrize("bouw", [bezig, _voorbij_einddatum], ids=["bezig", "voorbij-einddatum"])
def test_it_shows_closing_disabled_with_the_reason_when_the_plan_has_no_stage(wereld, bouw):
    t = bouw(wereld)
    r = client_van(wereld.cm_werk).get(detail_url(t))
    redenen = _niet_beschikbaar(r)
    assert "afsluiten" not in _knoppen(r)
    assert redenen["afsluiten"] == rules.plan_fouten_bij_afsluiten(0)[0].bericht


def test_it_shows_an_extension_disabled_with_the_reason_once_extended(wereld):
    t = bezig(wereld, verlengd_tot=date(2027, 6, 1))
    r = client_van(wereld.cm_werk).get(detail_url(t))
    assert _niet_beschikbaar(r)["verlengen"] == rules.verlenging_fouten(t)[0].bericht


def test_opening_closing_by_url_without_a_stage_says_why(wereld):
    t = bezig(wereld)
    r = client_van(wereld.cm_werk).get(stap_url(t, "afsluiten"), follow=True)
    assert r.redirect_chain[-1][0] == detail_url(t)
    assert "bevat nog geen werkervaringsstage" in html(r)


def test_it_refuses_a_step_posted_out_of_order_and_changes_nothing(wereld):
    t = geinitieerd(wereld)
    voor = velden(t)
    r = client_van(wereld.cm_werk).post(
        stap_url(t, "starten"), {"datum": "1/03/2026", "versie": t.versie}
    )
    assert r.status_code == 200
    assert 'role="alert"' in html(r) or veld_fout(r, "datum")
    assert velden(t) == voor


def test_it_shows_no_buttons_to_a_colleague_who_may_only_read(wereld):
    coordinator = f.gebruiker("netwerkcoordinator", netwerk="antwerpen", wachtwoord=None)
    t = geinitieerd(wereld)
    c = client_van(coordinator)
    r = c.get(detail_url(t))
    assert r.status_code == 200
    assert _knoppen(r) == set()
    assert c.post(stap_url(t, "aanvaarden"), {"datum": "1/03/2026", "versie": 1}).status_code == 403


# --- two people, one trajectory ---------------------------------------------------------------


def test_two_casemanagers_editing_the_same_trajectory_never_overwrite_each_other(wereld):
    t = bezig(wereld, met_stage=True)
    gezien = t.versie
    werk, zorg = client_van(wereld.cm_werk), client_van(wereld.cm_zorg)
    # Both open a form on the same version.
    assert f'name="versie" value="{gezien}"' in html(werk.get(stap_url(t, "verlengen")))
    assert f'name="versie" value="{gezien}"' in html(zorg.get(stap_url(t, "stopzetten")))
    eerste = werk.post(stap_url(t, "verlengen"), {"verlengd_tot": "1/09/2027", "versie": gezien})
    assert eerste.status_code == 302
    na_eerste = velden(t)
    tweede = zorg.post(
        stap_url(t, "stopzetten"),
        {"datum": "1/03/2026", "stopreden": "andere", "versie": gezien},
    )
    assert tweede.status_code == 200
    assert 'role="alert"' in html(tweede)
    assert "gewijzigd" in html(tweede)
    assert "Herlaad het formulier" in html(tweede)
    assert velden(t) == na_eerste


# --- scoping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("cm_werk", 200), ("cm_zorg", 200), ("buitenstaander", 404)]
)
@pytest.mark.parametrize("pagina", ["detail", "stap", "plan", "nieuw", "dossier"])
def test_each_activering_page_is_scoped_to_the_dossiers_the_user_sees(
    wereld, persona, status, pagina
):
    t = geinitieerd(wereld)
    url = {
        "detail": detail_url(t),
        "stap": stap_url(t, "aanvaarden"),
        "plan": reverse("trajecten:plan", args=[t.pk]),
        "nieuw": reverse("trajecten:activering_nieuw", args=[wereld.deelnemer.pk]),
        "dossier": reverse("trajecten:dossier_trajecten", args=[wereld.deelnemer.pk]),
    }[pagina]
    r = client_van(getattr(wereld, persona)).get(url, headers={"HX-Request": "true"})
    assert r.status_code == status


def test_an_outsider_cannot_change_a_trajectory_by_posting(wereld):
    t = geinitieerd(wereld)
    voor = velden(t)
    r = client_van(wereld.buitenstaander).post(
        stap_url(t, "aanvaarden"), {"datum": "1/03/2026", "versie": t.versie}
    )
    assert r.status_code == 404
    assert velden(t) == voor


def test_the_page_names_its_region_organisations_and_eindadvies_without_joining_them(wereld):
    # The trajectory is read with its participant alone, its scope checked for that one row;
    # the region comes from the cached list, the organisations from one statement, the
    # eindadvies from another (decision 543). The page shows each of them by name.
    t = afgesloten(wereld)
    c = client_van(wereld.cm_werk)
    c.get(detail_url(t))  # fills the cached lists
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(detail_url(t))
    pagina = html(r)
    for naam in ("Kempen", "GTB Kempen", "CAW Kempen", t.eindadvies.naam):
        assert naam in pagina, naam
    (lezen,) = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "trajectories_activeringstraject"."id"')
        and f"= '{t.pk}'" in q["sql"]
    ]
    assert "JOIN" in lezen and "LIMIT 1) IS NOT NULL" in lezen
    for tabel in ("referentie_regio", "organisaties_organisatie", "referentie_eindadvies"):
        assert f'JOIN "{tabel}"' not in lezen, tabel
    # Another GTB's casemanager Werk still gets a 404.
    ander = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=f.organisatie("gtb"))
    assert client_van(ander).get(detail_url(t)).status_code == 404
