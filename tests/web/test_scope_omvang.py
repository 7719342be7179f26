"""The scope's size (decision 528): `scope_aantal` counts the dossiers a user may see in the
scope's own indexes, exactly; `scope_omvang` keeps that count (up to `OMVANG_MAX`) as a hint
per scope key; the caseload shows "more than 10 000" from the hint without counting again."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol, Roltoewijzing, User
from deelnemers import selectors, views, zoeken
from deelnemers.models import Registratie
from tests import factories as f

pytestmark = pytest.mark.django_db


def _vers(user: User) -> User:
    """The user as the next request loads it (role assignments not cached)."""
    return User.objects.get(pk=user.pk)


def test_the_scope_count_is_the_number_of_visible_dossiers_over_every_source():
    gtb, zorg = f.organisatie("gtb"), f.organisatie("caw")
    # Two trajectories of one participant count once; a registered dossier without trajectory
    # counts; another organisation's participant does not.
    twee = f.deelnemer()
    f.activeringstraject(twee, werk=gtb, geinitieerd_op=date(2024, 1, 1))
    f.activeringstraject(twee, werk=gtb, geinitieerd_op=date(2025, 1, 1))
    f.activeringstraject(f.deelnemer(), werk=gtb, zorg=zorg)
    f.activeringstraject(f.deelnemer(), zorg=zorg)
    f.activeringstraject(f.deelnemer(), werk=f.organisatie("gtb"))
    nieuw = f.deelnemer()
    Registratie.objects.create(deelnemer=nieuw, organisatie=gtb)
    werk = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)
    beide = f.gebruiker(
        Rol.CASEMANAGER_WERK, Rol.CASEMANAGER_ZORG, organisatie=zorg, wachtwoord=None
    )

    for user in (werk, beide):
        zichtbaar = selectors.visible_to(user).count()
        assert selectors.scope_aantal(user, 100) == zichtbaar
    assert selectors.scope_aantal(werk, 100) == 3
    assert selectors.scope_aantal(werk, 2) == 2  # counted up to `tot`
    assert selectors.scope_aantal(f.gebruiker(Rol.COORDINATOR, wachtwoord=None), 100) == 0
    assert selectors.scope_aantal(f.admin(), 100) is None  # everybody


def test_the_scope_size_is_counted_once_per_scope_key_and_follows_a_change_of_roles():
    gtb = f.organisatie("gtb")
    for _ in range(3):
        f.activeringstraject(f.deelnemer(), werk=gtb)
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)

    with CaptureQueriesContext(connection) as eerste:
        assert selectors.scope_omvang(_vers(user)) == 3
    with CaptureQueriesContext(connection) as tweede:
        assert selectors.scope_omvang(_vers(user)) == 3
    geteld = [q for q in eerste.captured_queries if "count(" in q["sql"].lower()]
    assert len(geteld) == 1
    assert not [q for q in tweede.captured_queries if "count(" in q["sql"].lower()]

    # A colleague with the same scope shares the hint; a change of roles is a new key.
    collega = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)
    with CaptureQueriesContext(connection) as gedeeld:
        assert selectors.scope_omvang(_vers(collega)) == 3
    assert not [q for q in gedeeld.captured_queries if "count(" in q["sql"].lower()]
    Roltoewijzing.objects.filter(user=user).delete()
    assert selectors.scope_omvang(_vers(user)) == 0
    assert selectors.scope_omvang(f.admin()) is None


def test_a_scope_known_to_be_large_is_shown_as_more_than_without_counting_it(
    gtb, login, monkeypatch
):
    monkeypatch.setattr(selectors, "OMVANG_MAX", 6)
    monkeypatch.setattr(views, "TELLING_MAX", 5)
    for _ in range(8):
        f.activeringstraject(f.deelnemer(), werk=gtb)
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))

    eerste = c.get("/dossiers/")
    assert eerste.status_code == 200 and eerste.context["meer_dan"]
    with CaptureQueriesContext(connection) as ctx:
        tweede = c.get("/dossiers/")
    assert tweede.context["meer_dan"]
    assert tweede.context["pagina"].paginator.count == 5
    # No statement counts (the page's own statement counts each row's AMA trajectories).
    assert not [q for q in ctx.captured_queries if q["sql"].lower().startswith("select count(")]
    assert "Meer dan 5 dossiers" in tweede.content.decode()


def test_a_small_scope_is_counted_exactly_on_every_page(gtb, login):
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    for _ in range(3):
        f.activeringstraject(f.deelnemer(), werk=gtb)
    assert c.get("/dossiers/").context["pagina"].paginator.count == 3
    # The hint is cached, the count shown is not: a new dossier shows at once.
    f.activeringstraject(f.deelnemer(), werk=gtb)
    r = c.get("/dossiers/")
    assert r.context["pagina"].paginator.count == 4 and not r.context["meer_dan"]
    assert len(r.context["rijen"]) == 4


def test_a_name_search_in_a_large_scope_checks_the_scope_for_each_name_found(
    gtb, login, monkeypatch
):
    # A scope of at least KLEIN_BEREIK dossiers is large: the names are found first and the
    # scope checked for each (decision 535); the result is the same rule's.
    monkeypatch.setattr(zoeken, "KLEIN_BEREIK", 3)
    monkeypatch.setattr(views, "KLEIN_BEREIK", 3)
    eigen = [f.deelnemer(achternaam="Peeters") for _ in range(3)]
    for d in eigen:
        f.activeringstraject(d, werk=gtb)
    f.activeringstraject(f.deelnemer(achternaam="Janssens"), werk=gtb)
    f.activeringstraject(f.deelnemer(achternaam="Peeters"), werk=f.organisatie("gtb"))
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))

    r = c.post("/dossiers/", {"q": "peeters"})
    with CaptureQueriesContext(connection) as ctx:
        lijst = c.get(r["Location"])
    assert {rij.deelnemer.pk for rij in lijst.context["rijen"]} == {d.pk for d in eigen}
    assert lijst.context["pagina"].paginator.count == 3
    pagina = [q["sql"] for q in ctx.captured_queries if "LIKE" in q["sql"].upper()]
    assert pagina and all("LIMIT 1) IS NOT NULL" in q for q in pagina)

    # A small scope reads its dossiers first: the semi-join.
    monkeypatch.setattr(zoeken, "KLEIN_BEREIK", 5000)
    monkeypatch.setattr(views, "KLEIN_BEREIK", 5000)
    with CaptureQueriesContext(connection) as ctx:
        lijst = c.get(r["Location"])
    assert {rij.deelnemer.pk for rij in lijst.context["rijen"]} == {d.pk for d in eigen}
    pagina = [q["sql"] for q in ctx.captured_queries if "LIKE" in q["sql"].upper()]
    assert pagina and not any("LIMIT 1) IS NOT NULL" in q for q in pagina)


def test_a_users_scope_is_built_once_per_request_and_again_when_its_key_changes(monkeypatch):
    """`_scope_bronnen` keeps the scope's querysets on the user object (a page asks for them
    three to five times) for the same scope key; another organisation is another scope."""
    gtb, ander = f.organisatie("gtb"), f.organisatie("gtb")
    eigen = f.deelnemer()
    f.activeringstraject(eigen, werk=gtb)
    vreemd = f.deelnemer()
    f.activeringstraject(vreemd, werk=ander)
    user = _vers(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None))
    gebouwd: list[object] = []
    bouw = selectors._bouw_scope_bronnen

    def spion(u):  # noqa: ANN001, ANN202
        gebouwd.append(u.organisatie_id)
        return bouw(u)

    monkeypatch.setattr(selectors, "_bouw_scope_bronnen", spion)
    assert list(selectors.visible_to(user).values_list("pk", flat=True)) == [eigen.pk]
    assert selectors.scope_aantal(user, 10) == 1
    assert selectors.scope_omvang(user) == 1
    assert list(
        selectors.activeringstrajecten_visible_to(user).values_list("deelnemer", flat=True)
    ) == [eigen.pk]
    assert gebouwd == [gtb.pk]
    # Compiling one of them leaves the next use unchanged (each caller gets a copy).
    assert list(selectors.visible_to(user).values_list("pk", flat=True)) == [eigen.pk]

    user.organisatie_id = ander.pk  # another scope key: built again, the other dossier
    assert list(selectors.visible_to(user).values_list("pk", flat=True)) == [vreemd.pk]
    assert gebouwd == [gtb.pk, ander.pk]


def test_a_name_search_in_a_large_scope_lists_the_first_matches_by_name_and_says_more(
    gtb, login, monkeypatch
):
    # In a large scope the names are found in Flanders and the scope is checked in name order
    # until the page and ZOEK_GROOT_MAX are found (decision 541): the first matches by name,
    # "more than" above the maximum, and never a dossier outside the scope.
    monkeypatch.setattr(zoeken, "KLEIN_BEREIK", 3)
    monkeypatch.setattr(views, "KLEIN_BEREIK", 3)
    monkeypatch.setattr(views, "ZOEK_GROOT_MAX", 4)
    monkeypatch.setattr(views, "PER_PAGINA", 2)
    ander = f.organisatie("gtb")
    eigen, vreemd = [], []
    for i, voornaam in enumerate(["Ann", "Bart", "Cas", "Dirk", "Els", "Fien"]):
        d = f.deelnemer(achternaam="Peeters", voornaam=voornaam)
        f.activeringstraject(d, werk=gtb)
        eigen.append(d.pk)
        # Between every two of them by name, a Peeters of another casemanager.
        v = f.deelnemer(achternaam="Peeters", voornaam=voornaam + "je")
        f.activeringstraject(v, werk=ander)
        vreemd.append(v.pk)
        if i == 0:
            f.activeringstraject(f.deelnemer(achternaam="Janssens"), werk=gtb)
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))

    r = c.post("/dossiers/", {"q": "peeters"})
    eerste = c.get(r["Location"])
    assert [rij.deelnemer.pk for rij in eerste.context["rijen"]] == eigen[:2]
    assert eerste.context["meer_dan"] and eerste.context["pagina"].paginator.count == 4
    assert "Meer dan 4 dossiers" in eerste.content.decode()
    tweede = c.get(r["Location"] + "&pagina=2")
    assert [rij.deelnemer.pk for rij in tweede.context["rijen"]] == eigen[2:4]
    assert not set(vreemd) & {
        rij.deelnemer.pk for p in (eerste, tweede) for rij in p.context["rijen"]
    }
    # No page beyond the maximum: the last one.
    assert [rij.deelnemer.pk for rij in c.get(r["Location"] + "&pagina=9").context["rijen"]] == (
        eigen[2:4]
    )

    # Up to the maximum, the count is exact; the htmx answer is the same list.
    r = c.post("/dossiers/", {"q": "peeters ann"}, HTTP_HX_REQUEST="true")
    assert [rij.deelnemer.pk for rij in r.context["rijen"]] == eigen[:1]
    assert r.context["pagina"].paginator.count == 1 and not r.context["meer_dan"]
    # Another filter narrows the names first; nothing found is an empty list.
    r = c.post("/dossiers/", {"q": "peeters", "sorteer": "-id"}, HTTP_HX_REQUEST="true")
    assert [rij.deelnemer.pk for rij in r.context["rijen"]] == sorted(eigen, reverse=True)[:2]
    r = c.post("/dossiers/", {"q": "peetersx"}, HTTP_HX_REQUEST="true")
    assert r.context["rijen"] == [] and r.context["pagina"].paginator.count == 0
