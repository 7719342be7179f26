"""A filtered caseload (decisions 545-547): a filtered list of a scope found first and sorted
with its count in one statement (`selectors.gesorteerde_pagina`), an order that is the same on
every page, a refused value named beside its field. The status and overdue conditions of the
filters (544) are checked against the rules in `tests/domain/test_selectors.py`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Rol
from deelnemers import selectors, views
from deelnemers.filters import DossierFilter
from deelnemers.models import Deelnemer, Registratie
from organisaties.selectors import regiocodes_in_naamvolgorde
from referentie.models import Regio
from tests import factories as f

pytestmark = pytest.mark.django_db


def _naam(filters: dict) -> str:
    """A parametrised test's id: the filters as a query string."""
    return "&".join(f"{k}={v}" for k, v in filters.items())


def _lijst(c, **filters) -> list:
    """The caseload's rows (participant ids) and count for `filters`, every page."""
    r = c.get("/dossiers/", filters)
    pagina = r.context["pagina"]
    ids = [rij.deelnemer.pk for rij in r.context["rijen"]]
    for nummer in range(2, pagina.paginator.num_pages + 1):
        volgende = c.get("/dossiers/", {**filters, "pagina": nummer})
        assert volgende.context["pagina"].number == nummer
        ids += [rij.deelnemer.pk for rij in volgende.context["rijen"]]
    return [ids, pagina.paginator.count, r.context["meer_dan"]]


@pytest.fixture
def scope(gtb, andere_gtb):
    """A casemanager's dossiers: trajectories of several kinds and statuses, birth dates
    shared by several, a registered dossier without trajectory, and the same kinds of dossiers
    at another GTB (never listed)."""
    op = timezone.localdate()
    for gtb_ in (gtb, andere_gtb):
        for i in range(4):
            geboren = date(1980 + i % 2, 5, 1)
            d = f.deelnemer(achternaam=f"Naam{(7 * i) % 5}", geboortedatum=geboren)
            f.traject_bezig(deelnemer=d, werk=gtb_, bezig_op=op - timedelta(days=700 - 200 * i))
            if i % 2:
                f.ama_se(d)
        for i in range(3):
            d = f.deelnemer(
                achternaam=f"Ander{i}",
                geboortedatum=date(1980, 5, 1),
                regio=f.ANDERE_REGIO if i else f.REGIO,
            )
            f.traject_afgesloten(deelnemer=d, werk=gtb_, afgesloten_op=op - timedelta(days=1))
        f.traject_aanvaard(deelnemer=f.deelnemer(achternaam="Wacht"), werk=gtb_)
        # Registered, no trajectory yet.
        Registratie.objects.create(deelnemer=f.deelnemer(achternaam="Nieuw"), organisatie=gtb_)
    return f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)


FILTERS = [
    {"soort": "ama-se"},
    {"soort": "activering"},
    {"status": "bezig"},
    {"status": "afgesloten"},
    {"status": "aanvaard"},
    {"status": "ingetrokken"},
    {"overdue": "ja"},
    {"overdue": "nee"},
    {"regio": f.ANDERE_REGIO},
    {"status": "afgesloten", "regio": f.ANDERE_REGIO},
    {"soort": "activering", "overdue": "nee", "sorteer": "-naam"},
    {"status": "afgesloten", "sorteer": "geboortedatum"},
    {"status": "afgesloten", "sorteer": "-geboortedatum"},
    {"overdue": "nee", "sorteer": "-naam"},
    {"soort": "activering", "sorteer": "regio"},
    {"soort": "activering", "sorteer": "-id"},
    {"sorteer": "geboortedatum"},
    {"sorteer": "-regio"},
]


@pytest.mark.parametrize("groot", [False, True], ids=["klein", "groot"])
@pytest.mark.parametrize("filters", FILTERS, ids=_naam)
def test_a_filtered_list_has_the_rows_and_order_of_the_filter_on_every_page(
    scope, login, monkeypatch, filters, groot
):
    """In a small scope and in a large one, whose trajectory filters are intersected with the
    scope before the participants are read (decision 554)."""
    monkeypatch.setattr(views, "PER_PAGINA", 3)
    if groot:
        monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
    c = login(scope)
    verwacht = list(
        DossierFilter(filters, queryset=selectors.visible_to(scope)).qs.values_list("pk", flat=True)
    )
    with CaptureQueriesContext(connection) as ctx:
        ids, aantal, meer_dan = _lijst(c, **filters)
    assert ids == verwacht and aantal == len(verwacht) and not meer_dan
    assert set(ids) <= set(selectors.visible_to(scope).values_list("pk", flat=True))
    # The page and its count in one statement, no statement that counts the list apart (the
    # scope's size, `scope_omvang`, is counted once and kept). A large scope's other order
    # alone is read in its index and by region read whole (decision 546); its trajectory
    # filters are found in its own rows first, and nothing found there leaves no page to read
    # (554).
    if verwacht and not (groot and set(filters) == {"sorteer"}):
        assert any("count(*) OVER ()" in q["sql"] for q in ctx.captured_queries)
    assert any("SELECT DISTINCT s.deelnemer_id" in q["sql"] for q in ctx.captured_queries) == (
        groot
        and bool(set(filters) & {"soort", "status", "overdue"})
        and "regio" not in filters.get("sorteer", "")
    )
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]


def test_the_filters_do_keep_and_drop_dossiers(scope, login):
    """The fixture makes every filter of FILTERS meaningful (none keeps all or nothing)."""
    c = login(scope)
    alle = _lijst(c)[1]
    for filters in FILTERS:
        if "sorteer" in filters or filters == {"status": "ingetrokken"}:
            continue
        aantal = _lijst(c, **filters)[1]
        assert 0 < aantal < alle, filters


@pytest.mark.parametrize("sorteer", ["geboortedatum", "-geboortedatum"])
def test_equal_values_of_the_chosen_order_are_in_name_order_for_the_admin_too(
    scope, login, sorteer
):
    for user in (scope, f.admin()):
        lijst = list(
            DossierFilter({"sorteer": sorteer}, queryset=selectors.visible_to(user)).qs.values_list(
                "geboortedatum", "achternaam", "voornaam", "id"
            )
        )
        # Ties by name; descending is the ascending list reversed, ties included.
        assert lijst == sorted(lijst, reverse=sorteer.startswith("-"))
        assert len({r[0] for r in lijst}) < len(lijst)  # there are ties
        ids, _aantal, _meer = _lijst(login(user), sorteer=sorteer)
        assert ids == [r[3] for r in lijst]


def test_a_page_past_the_last_is_the_last_page(scope, login, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGINA", 2)
    c = login(scope)
    verwacht = list(
        DossierFilter(
            {"status": "afgesloten"}, queryset=selectors.visible_to(scope)
        ).qs.values_list("pk", flat=True)
    )
    r = c.get("/dossiers/", {"status": "afgesloten", "pagina": 99})
    laatste = (len(verwacht) - 1) // 2 + 1
    assert r.context["pagina"].number == laatste
    assert [rij.deelnemer.pk for rij in r.context["rijen"]] == verwacht[(laatste - 1) * 2 :]


@pytest.mark.parametrize("groot", [False, True], ids=["klein", "groot"])
def test_more_dossiers_than_the_count_limit_are_read_in_order_and_shown_as_more(
    scope, login, monkeypatch, groot
):
    monkeypatch.setattr(views, "TELLING_MAX", 3)
    monkeypatch.setattr(views, "PER_PAGINA", 2)
    if groot:  # the scope's rows first (decision 554): more than the limit, read as usual
        monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
    c = login(scope)
    verwacht = list(
        DossierFilter({"soort": "activering"}, queryset=selectors.visible_to(scope)).qs.values_list(
            "pk", flat=True
        )
    )
    assert len(verwacht) > 3
    r = c.get("/dossiers/", {"soort": "activering"})
    assert r.context["meer_dan"] and r.context["pagina"].paginator.count == 3
    assert [rij.deelnemer.pk for rij in r.context["rijen"]] == verwacht[:2]
    assert "Meer dan 3 dossiers" in r.content.decode()


def _voorwaarden(filters: dict) -> list:
    apart = DossierFilter(filters, queryset=Deelnemer.objects.all(), apart=True)
    assert not apart.qs.query.where  # trajectory conditions only: kept apart, not applied
    return apart.id_voorwaarden


@pytest.mark.parametrize(
    "filters",
    [
        {"soort": "ama-se"},
        {"status": "afgesloten"},
        {"overdue": "nee"},
        {"soort": "activering", "overdue": "nee"},
        {"status": "ingetrokken"},
    ],
    ids=_naam,
)
def test_zichtbare_ids_are_the_dossiers_of_the_scope_that_meet_every_condition(scope, filters):
    """Decision 554: the trajectory filters intersected with the scope in the scope's own rows
    (here two sources: the GTB's trajectories and its registrations)."""
    voorwaarden = _voorwaarden(filters)
    assert len(voorwaarden) == len(filters)
    for user in (scope, f.admin()):
        verwacht = set(
            DossierFilter(filters, queryset=selectors.visible_to(user)).qs.values_list(
                "pk", flat=True
            )
        )
        gevonden = selectors.zichtbare_ids(user, voorwaarden, 1000)
        assert len(gevonden) == len(set(gevonden))  # each dossier once
        assert set(gevonden) == verwacht
        if len(verwacht) > 1:  # at most `tot`
            deel = selectors.zichtbare_ids(user, voorwaarden, len(verwacht) - 1)
            assert len(deel) == len(verwacht) - 1 and set(deel) <= verwacht
    # Nobody's scope, or none of it: nothing.
    assert selectors.zichtbare_ids(f.gebruiker(Rol.COORDINATOR), voorwaarden, 1000) == []
    assert selectors.zichtbare_ids(scope, voorwaarden, 0) == []


def test_a_registered_dossier_without_trajectory_meets_a_not_overdue_filter(scope):
    nieuw = set(Deelnemer.objects.filter(achternaam="Nieuw").values_list("pk", flat=True))
    zichtbaar = set(selectors.visible_to(scope).values_list("pk", flat=True))
    gevonden = set(selectors.zichtbare_ids(scope, _voorwaarden({"overdue": "nee"}), 1000))
    assert nieuw & zichtbaar and nieuw & zichtbaar <= gevonden


def test_more_trajectory_matches_than_the_limit_with_another_filter_are_found_with_it(
    scope, login, monkeypatch
):
    # More scope dossiers with an activeringstraject than the count limit, fewer of them in
    # the other region: counted exactly, listed in order.
    monkeypatch.setattr(views, "TELLING_MAX", 3)
    monkeypatch.setattr(views, "PER_PAGINA", 2)
    monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
    filters = {"soort": "activering", "regio": f.ANDERE_REGIO}
    verwacht = list(
        DossierFilter(filters, queryset=selectors.visible_to(scope)).qs.values_list("pk", flat=True)
    )
    assert len(selectors.zichtbare_ids(scope, _voorwaarden({"soort": "activering"}), 100)) > 4
    assert 0 < len(verwacht) <= 3
    assert _lijst(login(scope), **filters) == [verwacht, len(verwacht), False]


def test_gesorteerde_pagina_sorts_the_rows_it_found_and_counts_them_up_to_its_limit(scope):
    qs = selectors.visible_to(scope)
    for volgorde in (
        ("achternaam", "voornaam", "id"),
        ("-geboortedatum", "achternaam", "voornaam", "id"),
        ("regio__naam", "-id"),
        ("-id",),
    ):
        geordend = qs.order_by(*volgorde)
        alle = list(geordend.values_list("pk", flat=True))
        assert selectors.gesorteerde_pagina(geordend, 0, 100, 1000) == (alle, len(alle))
        assert selectors.gesorteerde_pagina(geordend, 2, 3, 1000) == (alle[2:5], len(alle))
        # Up to the limit: counted as the limit (the order is then not the whole list's).
        assert selectors.gesorteerde_pagina(geordend, 0, 2, 4)[1] == 4
    # Without an order of its own: the participants' order (Meta.ordering).
    assert selectors.gesorteerde_pagina(qs.order_by(), 0, 100, 1000)[0] == list(
        Deelnemer.objects.filter(pk__in=qs.values("pk")).values_list("pk", flat=True)
    )
    # Past the end: no rows, the count; nothing at all.
    assert selectors.gesorteerde_pagina(qs, 500, 3, 1000) == ([], qs.count())
    assert selectors.gesorteerde_pagina(qs.none(), 0, 3, 1000) == ([], 0)


@pytest.mark.parametrize(
    "filters",
    [
        {"sorteer": "regio"},
        {"sorteer": "-regio"},
        {"sorteer": "geboortedatum"},
        {"sorteer": "-naam"},
        {"soort": "activering", "sorteer": "regio"},
        {"status": "afgesloten"},
    ],
    ids=_naam,
)
def test_a_large_scope_lists_the_same_rows_in_the_same_order(scope, login, monkeypatch, filters):
    """In a large scope another order is read in its index (the whole scope's shape), except
    by region, read whole and sorted (decision 546); a filter is found first (545)."""
    monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
    monkeypatch.setattr(views, "PER_PAGINA", 3)
    c = login(scope)
    verwacht = list(
        DossierFilter(filters, queryset=selectors.visible_to(scope)).qs.values_list("pk", flat=True)
    )
    ids, aantal, meer_dan = _lijst(c, **filters)
    assert ids == verwacht and aantal == len(verwacht) and not meer_dan


def test_by_region_is_by_code_only_while_the_codes_sort_as_the_names(scope):
    def volgorde() -> tuple:
        return DossierFilter(
            {"sorteer": "regio"}, queryset=Deelnemer.objects.all()
        ).qs.query.order_by

    assert regiocodes_in_naamvolgorde()
    assert volgorde()[0] == "regio_id"
    # A region renamed out of its code's place (saving a region forgets the cached answer).
    regio = Regio.objects.get(pk=f.ANDERE_REGIO)
    regio.naam = "AAA " + regio.naam
    regio.save()
    assert not regiocodes_in_naamvolgorde()
    assert volgorde()[0] == "regio__naam"
    rijen = list(
        DossierFilter({"sorteer": "regio"}, queryset=Deelnemer.objects.all()).qs.values_list(
            "regio__naam", "achternaam", "voornaam", "id"
        )
    )
    assert rijen == sorted(rijen) and rijen[0][0].startswith("AAA ")


@pytest.mark.parametrize(
    "filters", [{"status": "onbekend"}, {"soort": "x"}, {"sorteer": "wachtwoord"}], ids=str
)
def test_a_refused_filter_value_is_named_beside_its_field(scope, login, monkeypatch, filters):
    """Decision 547 (with 560): the refused value is left out, the rest applies, and the form
    says why in Dutch beside the field; in a small and a large scope, on the page and in the
    htmx answer's form."""
    c = login(scope)
    veld = next(iter(filters))
    for groot in (False, True):
        if groot:
            monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
        r = c.get("/dossiers/", {**filters, "overdue": "nee"})
        zonder = c.get("/dossiers/", {"overdue": "nee"})
        assert r.status_code == 200 and list(r.context["filter"].errors) == [veld]
        assert [x.deelnemer.pk for x in r.context["rijen"]] == [
            x.deelnemer.pk for x in zonder.context["rijen"]
        ]
        assert f'id="id_{veld}_error"' in r.text and "Selecteer een geldige keuze" in r.text
        deel = c.post("/dossiers/", {**filters, "overdue": "nee"}, HTTP_HX_REQUEST="true")
        assert f'id="id_{veld}_error"' in deel.text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_combination_of_filters_lists_the_same_rows_in_a_large_scope(
    scope, gtb, andere_gtb, login, monkeypatch, data
):
    """Decision 554 for every combination: the trajectory filters kept apart and intersected
    with the scope first, the others applied after, give the rows, order and count of the
    filters applied together; with a count limit below them, "more than" and the first page."""
    waarden = {
        "soort": ["activering", "ama-se", "ama-wvg"],
        "status": ["bezig", "afgesloten", "aanvaard", "ingetrokken"],
        "overdue": ["ja", "nee"],
        "regio": [f.REGIO, f.ANDERE_REGIO],
        "casemanager": [gtb.pk, andere_gtb.pk],
        "sorteer": ["geboortedatum", "-naam", "id"],
    }
    filters = {
        k: data.draw(st.sampled_from(v), label=k)
        for k, v in waarden.items()
        if data.draw(st.booleans(), label=f"met {k}")
    }
    limiet = data.draw(st.sampled_from([3, 10_000]), label="TELLING_MAX")
    monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
    monkeypatch.setattr(views, "PER_PAGINA", 3)
    monkeypatch.setattr(views, "TELLING_MAX", limiet)
    verwacht = list(
        DossierFilter(filters, queryset=selectors.visible_to(scope)).qs.values_list("pk", flat=True)
    )
    ids, aantal, meer_dan = _lijst(login(scope), **filters)
    if len(verwacht) > limiet:
        assert (ids, aantal, meer_dan) == (verwacht[:3], limiet, True), filters
    else:
        assert (ids, aantal, meer_dan) == (verwacht, len(verwacht), False), filters
