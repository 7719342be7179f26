"""An API list of a large scope whose rows in the list's table are few (decision 555): found
first in the scope's own rows, the same rows and pages as the ordinary shape."""

from __future__ import annotations

import pytest

from accounts.models import Rol
from deelnemers import selectors
from deelnemers.models import Registratie
from tests import factories as f
from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

pytestmark = pytest.mark.django_db

LIJSTEN = [
    ("ama-se-trajecten", AmaSeTraject),
    ("ama-wvg-overeenkomsten", AmaWvgOvereenkomst),
    ("activeringstrajecten", Activeringstraject),
]


@pytest.fixture
def casemanager():
    """A GTB's casemanager: six dossiers with an activeringstraject (three with an AMA SE
    trajectory, two with a WVG agreement), one registered; AMA SE trajectories and WVG
    agreements of participants of another GTB and of nobody's scope."""
    gtb, andere = f.organisatie("gtb"), f.organisatie("gtb")
    for i in range(6):
        d = f.deelnemer()
        f.traject_bezig(deelnemer=d, werk=gtb)
        if i % 2:
            f.ama_se(d)
        if i in (1, 2):
            f.wvg(d)
    Registratie.objects.create(deelnemer=f.ama_se().deelnemer, organisatie=gtb)
    for _ in range(4):
        d = f.deelnemer()
        f.traject_bezig(deelnemer=d, werk=andere)
        f.ama_se(d)
        f.wvg(d)
        f.ama_se()
    return f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)


def _alle(client, lijst: str) -> list[str]:
    """Every row of the list, one per page, following the cursor."""
    ids, url = [], f"/api/v1/{lijst}?aantal=1"
    while url:
        r = client.get(url)
        assert r.status_code == 200
        ids += [str(rij["id"]) for rij in r.json()["results"]]
        url = r.json()["next"]
    return ids


@pytest.mark.parametrize(("lijst", "model"), LIJSTEN, ids=[lijst for lijst, _m in LIJSTEN])
@pytest.mark.parametrize("vooraf", [1000, 2], ids=["gevonden", "gewoon"])
def test_a_large_scopes_list_has_the_rows_of_its_scope_in_id_order(
    casemanager, client_for, monkeypatch, lijst, model, vooraf
):
    verwacht = sorted(
        str(pk)
        for pk in selectors._in_scope(model.objects.all(), casemanager).values_list("pk", flat=True)
    )
    assert verwacht and len(verwacht) < model.objects.count()
    c = client_for(casemanager)
    assert _alle(c, lijst) == verwacht  # a small scope: the ordinary shape
    # A large scope (five dossiers and up), the rows found first while fewer than `vooraf`
    # dossiers have one, else the ordinary shape: the same rows, pages and order.
    monkeypatch.setattr(selectors, "KLEIN_BEREIK", 5)
    monkeypatch.setattr(selectors, "RIJEN_VOORAF", vooraf)
    qs = selectors.rijen_in_scope(casemanager, model.objects.all())
    # Found first: named by id, without the scope's subquery (two sources, a UNION); at least
    # two dossiers of the scope have a row of each list.
    assert ("UNION" not in str(qs.query)) == (vooraf == 1000)
    assert _alle(c, lijst) == verwacht


def test_the_admin_and_nobody_get_all_rows_and_none(casemanager):
    for model in (AmaSeTraject, Activeringstraject):
        alle = set(model.objects.values_list("pk", flat=True))
        assert (
            set(
                selectors.rijen_in_scope(f.admin(), model.objects.all()).values_list(
                    "pk", flat=True
                )
            )
            == alle
        )
        assert not selectors.rijen_in_scope(f.gebruiker(Rol.COORDINATOR), model.objects.all())
