"""AMA SE (matching, follow-ups, yearly decision, closing) and AMA WVG (agreements per
werkpost, yearly evaluation, end): happy paths, refusals, buttons and scoping."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.web_trajectories.builders import (
    ama_se,
    client_van,
    geinitieerd,
    html,
    veld_fout,
    wvg,
)
from trajectories import rules
from trajectories.models import AmaSeMoment, AmaSeTraject, AmaWvgEvaluatie, AmaWvgOvereenkomst

# --- AMA SE -----------------------------------------------------------------------------------


def test_a_bemiddelaar_registers_the_matching_with_a_begeleider(wereld):
    geinitieerd(wereld)
    ama_se(wereld, afgesloten_op=date(2025, 12, 1), eindadvies_id="AB")  # dossier visible
    c = client_van(wereld.bemiddelaar)
    url = reverse("trajecten:ama_se_nieuw", args=[wereld.deelnemer.pk])
    r = c.post(url, {"begeleider": wereld.se_begeleider.pk, "gematcht_op": "2/03/2026"})
    assert r.status_code == 302
    nieuw = AmaSeTraject.objects.get(gematcht_op=date(2026, 3, 2))
    assert nieuw.begeleider_id == wereld.se_begeleider.pk


def test_the_matching_form_only_offers_recognised_begeleiders(wereld):
    ama_se(wereld)
    r = client_van(wereld.se_user).get(
        reverse("trajecten:ama_se_nieuw", args=[wereld.deelnemer.pk])
    )
    assert wereld.se_begeleider.naam in html(r)
    assert wereld.wvg_begeleider.naam not in html(r)
    assert f'value="{wereld.se_begeleider.pk}" selected' in html(r)


def test_a_begeleider_records_a_follow_up(wereld):
    t = ama_se(wereld)
    c = client_van(wereld.se_user)
    url = reverse("trajecten:ama_se_moment", args=[t.pk, "opvolging"])
    r = c.post(url, {"datum": "2/03/2026", "verslag": "Gaat goed"})
    assert r.status_code == 302
    m = AmaSeMoment.objects.get(traject=t)
    assert (m.soort, m.datum, m.verslag) == ("opvolging", date(2026, 3, 2), "Gaat goed")
    detail = c.get(reverse("trajecten:ama_se_detail", args=[t.pk]))
    assert "Gaat goed" in html(detail)
    volgende = rules.ama_se_volgende_opvolging(t.gematcht_op, [m.datum])
    assert f"{volgende:%d/%m/%Y}".lstrip("0") in html(detail)


def test_a_yearly_decision_does_not_move_the_next_follow_up_on_the_page_nor_the_worklist(wereld):
    """The trajectory's page and *Aandacht nodig* give the same next follow-up: only follow-up
    moments count (decision 539); the decision moves the yearly decision."""
    from trajectories.selectors import met_ama_se_opvolging

    t = ama_se(wereld)  # matched 2/06/2025
    AmaSeMoment.objects.create(traject=t, soort="opvolging", datum=date(2025, 7, 1))
    AmaSeMoment.objects.create(
        traject=t, soort="beslissing", datum=date(2025, 9, 1), beslissing="Verder"
    )
    pagina = html(client_van(wereld.se_user).get(reverse("trajecten:ama_se_detail", args=[t.pk])))
    assert "1/10/2025" in pagina  # three months after the follow-up, not after the decision
    assert "1/12/2025" not in pagina
    assert "1/09/2026" in pagina  # the next yearly decision
    werklijst = met_ama_se_opvolging(AmaSeTraject.objects.filter(pk=t.pk), op=date(2025, 9, 2))
    assert werklijst.get().volgende_opvolging == date(2025, 10, 1)


def test_it_refuses_a_follow_up_with_a_date_it_cannot_read(wereld):
    t = ama_se(wereld)
    r = client_van(wereld.se_user).post(
        reverse("trajecten:ama_se_moment", args=[t.pk, "opvolging"]),
        {"datum": "morgen", "verslag": "Notities"},
    )
    assert r.status_code == 200
    assert "geldige datum" in veld_fout(r, "datum")
    assert "Notities" in html(r)
    assert not AmaSeMoment.objects.exists()


def test_the_yearly_decision_needs_a_decision(wereld):
    t = ama_se(wereld)
    c = client_van(wereld.se_user)
    url = reverse("trajecten:ama_se_moment", args=[t.pk, "beslissing"])
    r = c.post(url, {"datum": "2/03/2026"})
    assert veld_fout(r, "beslissing")
    assert not AmaSeMoment.objects.exists()
    r = c.post(url, {"datum": "2/03/2026", "beslissing": "verderzetten"})
    assert r.status_code == 302
    assert AmaSeMoment.objects.get().soort == "beslissing"


def test_it_closes_an_ama_se_traject_with_an_allowed_eindadvies(wereld):
    t = ama_se(wereld)
    c = client_van(wereld.se_user)
    url = reverse("trajecten:ama_se_stap", args=[t.pk, "afsluiten"])
    form = html(c.get(url))
    assert 'value="AB"' in form
    assert 'value="AMA_SE"' not in form  # not an AMA SE advice
    r = c.post(url, {"datum": "2/03/2026", "eindadvies": "AB", "versie": t.versie})
    assert r.status_code == 302
    t.refresh_from_db()
    assert (t.afgesloten_op, t.eindadvies_id) == (date(2026, 3, 2), "AB")


def test_it_refuses_closing_before_the_matching_and_changes_nothing(wereld):
    t = ama_se(wereld)
    r = client_van(wereld.se_user).post(
        reverse("trajecten:ama_se_stap", args=[t.pk, "afsluiten"]),
        {"datum": "1/01/2025", "eindadvies": "REC", "versie": t.versie},
    )
    assert r.status_code == 200
    assert "matching" in veld_fout(r, "datum")
    t.refresh_from_db()
    assert t.afgesloten_op is None


def test_a_closed_ama_se_traject_shows_no_step_buttons(wereld):
    t = ama_se(wereld, afgesloten_op=date(2026, 1, 5), eindadvies_id="REC")
    r = client_van(wereld.se_user).get(reverse("trajecten:ama_se_detail", args=[t.pk]))
    assert "data-stap=" not in html(r)
    lopend = ama_se(wereld)
    r = client_van(wereld.se_user).get(reverse("trajecten:ama_se_detail", args=[lopend.pk]))
    assert 'data-stap="opvolging"' in html(r)
    assert 'data-stap="afsluiten"' in html(r)


@pytest.mark.parametrize(
    ("persona", "status"), [("se_user", 200), ("bemiddelaar", 200), ("se_buitenstaander", 404)]
)
@pytest.mark.parametrize("pagina", ["detail", "moment", "stap"])
def test_ama_se_pages_are_scoped_to_the_dossiers_the_user_sees(wereld, persona, status, pagina):
    geinitieerd(wereld)  # the bemiddelaar's GTB was casemanager Werk: a colleague who sees it
    t = ama_se(wereld)
    url = {
        "detail": reverse("trajecten:ama_se_detail", args=[t.pk]),
        "moment": reverse("trajecten:ama_se_moment", args=[t.pk, "opvolging"]),
        "stap": reverse("trajecten:ama_se_stap", args=[t.pk, "stopzetten"]),
    }[pagina]
    assert client_van(getattr(wereld, persona)).get(url).status_code == status


# --- AMA WVG ----------------------------------------------------------------------------------


def test_a_begeleider_registers_an_agreement_per_werkpost(wereld):
    wvg(wereld)
    c = client_van(wereld.wvg_user)
    r = c.post(
        reverse("trajecten:wvg_nieuw", args=[wereld.deelnemer.pk]),
        {"begeleider": wereld.wvg_begeleider.pk, "werkpost": "Keuken", "start": "2/03/2026"},
    )
    assert r.status_code == 302
    assert AmaWvgOvereenkomst.objects.filter(werkpost="Keuken", einde__isnull=True).exists()


def test_it_refuses_a_second_begeleider_at_the_same_time_next_to_the_field(wereld):
    wvg(wereld)
    aantal = AmaWvgOvereenkomst.objects.count()
    c = client_van(wereld.wvg_user)
    r = c.post(
        reverse("trajecten:wvg_nieuw", args=[wereld.deelnemer.pk]),
        {"begeleider": wereld.andere_wvg_begeleider.pk, "werkpost": "Keuken", "start": "2/03/2026"},
    )
    assert r.status_code == 200
    assert "één erkende begeleider" in veld_fout(r, "begeleider")
    assert 'value="Keuken"' in html(r)
    assert AmaWvgOvereenkomst.objects.count() == aantal


def test_a_begeleider_records_the_yearly_evaluation(wereld):
    o = wvg(wereld)
    c = client_van(wereld.wvg_user)
    r = c.post(
        reverse("trajecten:wvg_evaluatie", args=[o.pk]),
        {"datum": "2/02/2026", "verslag": "Stabiel", "verderzetten": "1"},
    )
    assert r.status_code == 302
    e = AmaWvgEvaluatie.objects.get(overeenkomst=o)
    assert (e.datum, e.verderzetten) == (date(2026, 2, 2), True)


def test_it_ends_an_agreement(wereld):
    o = wvg(wereld)
    r = client_van(wereld.wvg_user).post(
        reverse("trajecten:wvg_beeindig", args=[o.pk]), {"einde": "28/02/2026", "versie": o.versie}
    )
    assert r.status_code == 302
    o.refresh_from_db()
    assert o.einde == date(2026, 2, 28)


def test_it_refuses_an_end_before_the_start_next_to_the_field(wereld):
    o = wvg(wereld)
    r = client_van(wereld.wvg_user).post(
        reverse("trajecten:wvg_beeindig", args=[o.pk]), {"einde": "1/01/2025", "versie": o.versie}
    )
    assert r.status_code == 200
    assert veld_fout(r, "einde")
    o.refresh_from_db()
    assert o.einde is None


def test_ending_an_agreement_someone_else_changed_is_refused(wereld):
    o = wvg(wereld)
    eerste, tweede = client_van(wereld.wvg_user), client_van(wereld.wvg_user)
    assert (
        eerste.post(
            reverse("trajecten:wvg_beeindig", args=[o.pk]),
            {"einde": "28/02/2026", "versie": o.versie},
        ).status_code
        == 302
    )
    r = tweede.post(
        reverse("trajecten:wvg_beeindig", args=[o.pk]), {"einde": "1/03/2026", "versie": o.versie}
    )
    assert r.status_code == 200
    assert 'role="alert"' in html(r)
    o.refresh_from_db()
    assert o.einde == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("persona", "status"), [("wvg_user", 200), ("cm_werk", 200), ("wvg_buitenstaander", 404)]
)
def test_the_agreement_page_is_scoped_to_the_dossiers_the_user_sees(wereld, persona, status):
    geinitieerd(wereld)  # the casemanager Werk of another organisation sees the dossier
    o = wvg(wereld)
    r = client_van(getattr(wereld, persona)).get(reverse("trajecten:wvg_detail", args=[o.pk]))
    assert r.status_code == status
    if status == 200:
        assert ('data-stap="evaluatie"' in html(r)) == (persona == "wvg_user")


@pytest.mark.parametrize(
    ("persona", "status"), [("wvg_user", 200), ("cm_werk", 403), ("wvg_buitenstaander", 404)]
)
def test_only_the_agreements_begeleider_may_evaluate_it(wereld, persona, status):
    geinitieerd(wereld)
    o = wvg(wereld)
    r = client_van(getattr(wereld, persona)).get(reverse("trajecten:wvg_evaluatie", args=[o.pk]))
    assert r.status_code == status
