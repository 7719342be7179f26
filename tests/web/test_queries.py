"""Query counts are pinned: the same for 10 and for 100 dossiers (no N+1)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from tests import factories as f
from trajectories.models import AmaSeMoment, TrajectEvent

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def _maak_dossiers(n: int, gtb, se_org) -> list:
    dossiers = []
    for _ in range(n):
        d = f.deelnemer()
        f.activeringstraject(d, werk=gtb, aanvaard_op=date(2025, 2, 1))
        f.ama_se(d, begeleider=se_org)
        f.wvg(d, begeleider=se_org)
        dossiers.append(d)
    return dossiers


def test_the_caseload_uses_the_same_number_of_queries_for_10_and_100_dossiers(
    gtb, login, django_assert_num_queries
):
    se_org = f.organisatie("maatwerkbedrijf")
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    _maak_dossiers(10, gtb, se_org)
    # The first page fills the cache: the scope-size hint (one count, decision 528), the
    # filter form's lists of regions and organisations (two queries, decision 529) and the
    # regions the rows show (one query, decision 538).
    eerste = _queries(c, "/dossiers/?pagina=1")
    tien = _queries(c, "/dossiers/?pagina=1")
    assert eerste == tien + 4
    # The search is POSTed and shown at ?z=<token> (no name in the URL).
    zoek = c.post("/dossiers/", {"status": "aanvaard", "soort": "ama-se", "q": "Achternaam"})
    assert zoek.status_code == 302 and "Achternaam" not in zoek["Location"]
    zoek_tien = _queries(c, zoek["Location"])
    _maak_dossiers(90, gtb, se_org)
    with django_assert_num_queries(tien):
        c.get("/dossiers/?pagina=3")
    with django_assert_num_queries(zoek_tien):
        c.get(zoek["Location"])


def test_the_dossier_page_uses_the_same_number_of_queries_for_1_and_10_trajectories(
    gtb, login, django_assert_num_queries
):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    c = login(user)
    se_org = f.organisatie("maatwerkbedrijf")

    def dossier_met(n: int):
        d = f.deelnemer()
        for _ in range(n):
            t = f.activeringstraject(d, werk=gtb, aanvaard_op=date(2025, 2, 1))
            TrajectEvent.objects.create(
                soort="activering",
                traject_id=t.pk,
                deelnemer=d,
                actie="aanvaarden",
                naar_status="aanvaard",
                door=user,
            )
            se = f.ama_se(d, begeleider=se_org)
            AmaSeMoment.objects.create(
                traject=se, soort="opvolging", datum=date(2025, 3, 1), door=user
            )
            f.wvg(d, begeleider=se_org)
        return d

    eerste = dossier_met(1)
    c.get(f"/dossiers/{eerste.pk}/")  # fills the cached lists (the regions, decision 543)
    een = _queries(c, f"/dossiers/{eerste.pk}/")
    tien = dossier_met(10)
    with django_assert_num_queries(een):
        c.get(f"/dossiers/{tien.pk}/")


def test_each_caseload_row_counts_its_ama_trajectories_in_the_page_statement(gtb, login):
    # The AMA SE-trajecten and WVG-overeenkomsten of each row are counted by subqueries of
    # the page's own statement; only the activeringstrajecten take a second statement.
    se_org = f.organisatie("maatwerkbedrijf")
    twee = f.deelnemer(achternaam="Aerts")
    f.activeringstraject(twee, werk=gtb)
    f.ama_se(twee, begeleider=se_org)
    f.ama_se(twee, begeleider=se_org)
    f.wvg(twee, begeleider=se_org)
    geen = f.deelnemer(achternaam="Baert")
    f.activeringstraject(geen, werk=gtb)
    f.ama_se(f.deelnemer(), begeleider=se_org)  # someone else's
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    c.get("/dossiers/")  # fills the cached lists
    with CaptureQueriesContext(connection) as ctx:
        r = c.get("/dossiers/")
    rijen = {rij.deelnemer.pk: (rij.ama_se, rij.ama_wvg) for rij in r.context["rijen"]}
    assert rijen == {twee.pk: (2, 1), geen.pk: (0, 0)}
    assert "SE 2" in r.content.decode() and "WVG 1" in r.content.decode()
    gelezen = [q["sql"] for q in ctx.captured_queries if "trajectories_ama" in q["sql"]]
    assert len(gelezen) == 1 and "deelnemers_deelnemer" in gelezen[0]
