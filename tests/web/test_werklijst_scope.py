"""The worklist reuses its compiled SQL per scope key (decision 521): it must still follow
every change of the user's organisation and role assignments at the next request, and two
users with the same scope must see the same list."""

from datetime import date

import pytest

from accounts.models import Rol, Roltoewijzing, User
from deelnemers import selectors, worklist
from referentie.models import Regio
from tests import factories as f

pytestmark = pytest.mark.django_db

OP = date(2026, 3, 2)


def _overdue(org, regio=f.REGIO):
    return f.activeringstraject(
        f.deelnemer(regio),
        werk=org,
        regio=regio,
        geinitieerd_op=date(2024, 1, 1),
        aanvaard_op=date(2024, 1, 2),
        bezig_op=date(2024, 1, 3),
    )


def _trajecten(user):
    # A fresh user object, as the next request loads it (role assignments not cached).
    user = User.objects.get(pk=user.pk)
    lijst = worklist.Werklijst(user, op=OP, vooraf=slice(0, 50))
    return {s.traject_id for s in lijst[0:50]}


def test_the_worklist_follows_a_change_of_organisation_and_regions_at_once():
    worklist._GECOMPILEERD.clear()
    gtb, ander = f.organisatie("gtb"), f.organisatie("gtb")
    andere_regio = Regio.objects.exclude(pk=f.REGIO).values_list("pk", flat=True).first()
    hier, daar = _overdue(gtb), _overdue(gtb, andere_regio)
    elders = _overdue(ander)
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)

    assert _trajecten(user) == {hier.pk, daar.pk}

    User.objects.filter(pk=user.pk).update(organisatie=ander)
    assert _trajecten(user) == {elders.pk}

    User.objects.filter(pk=user.pk).update(organisatie=gtb)
    Roltoewijzing.objects.get(user=user).regios.set([f.REGIO])
    assert _trajecten(user) == {hier.pk}

    Roltoewijzing.objects.filter(user=user).delete()
    assert _trajecten(user) == set()


def test_users_with_the_same_scope_share_the_compiled_worklist_and_see_the_same_points():
    worklist._GECOMPILEERD.clear()
    gtb = f.organisatie("gtb")
    t = _overdue(gtb)
    a = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)
    b = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)
    zorg = f.gebruiker(Rol.CASEMANAGER_ZORG, organisatie=gtb, wachtwoord=None)

    assert selectors.scope_sleutel(a) == selectors.scope_sleutel(b)
    assert selectors.scope_sleutel(a) != selectors.scope_sleutel(zorg)
    assert _trajecten(a) == _trajecten(b) == {t.pk}
    assert len(worklist._GECOMPILEERD) == 1
    assert _trajecten(zorg) == set()
    assert len(worklist._GECOMPILEERD) == 2


def test_an_inactive_user_sees_nothing_even_after_an_active_colleague_filled_the_cache():
    worklist._GECOMPILEERD.clear()
    gtb = f.organisatie("gtb")
    _overdue(gtb)
    actief = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)
    weg = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None, is_active=False)
    assert _trajecten(actief)
    assert _trajecten(weg) == set()


def test_a_scope_up_to_10_000_dossiers_is_checked_per_source_and_both_shapes_agree(monkeypatch):
    """Decision 540: a scope whose size hint is below `OMVANG_MAX` gets the worklist with one IN
    per source (hashed), a larger one the semi-join; both list the same points, each compiled
    under its own key."""
    worklist._GECOMPILEERD.clear()
    gtb = f.organisatie("gtb")
    t = _overdue(gtb)
    se = f.ama_se(t.deelnemer, gematcht_op=date(2025, 1, 1))  # no follow-up since: late
    _overdue(f.organisatie("gtb"))  # another organisation's
    f.ama_se(gematcht_op=date(2025, 1, 1))  # someone else's
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, wachtwoord=None)
    vormen: list[bool] = []
    compileer = worklist._compileer

    def spion(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        vormen.append(kwargs["per_bron"])
        return compileer(*args, **kwargs)

    monkeypatch.setattr(worklist, "_compileer", spion)
    per_bron = _trajecten(user)
    monkeypatch.setattr(selectors, "OMVANG_MAX", 1)  # the same scope, now "large"
    semi = _trajecten(user)
    assert vormen == [True, False]
    assert per_bron == semi == {t.pk, se.pk}
    assert len(worklist._GECOMPILEERD) == 2
