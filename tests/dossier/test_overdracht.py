"""Caseload transfer: one step, same organisation, notified, recorded; no orphaned dossiers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import deactiveer_gebruiker
from audit.models import DossierInzage
from dossier.models import Behandelaar
from dossier.overdracht import caseload_van, draag_over
from werkzorg.domein.fouten import Geweigerd


def test_the_registering_casemanager_holds_the_dossier_until_it_is_transferred(wereld):
    assert list(caseload_van(wereld.cm)) == [wereld.d]
    assert list(caseload_van(wereld.collega)) == []


def test_an_admin_transfers_the_whole_caseload_and_the_colleague_is_notified(
    wereld, client_voor, django_capture_on_commit_callbacks
):
    c = client_voor(wereld.admin)
    r = c.get(reverse("dossier:caseload"), {"van": wereld.cm.pk})
    assert r.status_code == 200 and "Öztürk" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            reverse("dossier:caseload"),
            {"van": wereld.cm.pk, "naar": wereld.collega.pk, "alles": "1"},
        )
    assert r.status_code == 302
    assert list(caseload_van(wereld.collega)) == [wereld.d] and list(caseload_van(wereld.cm)) == []
    assert Behandelaar.objects.get(deelnemer=wereld.d).user == wereld.collega
    assert [m.to for m in mail.outbox] == [["tom@example.org"]]
    assert "Öztürk" not in mail.outbox[0].body  # a count, never a name
    assert DossierInzage.objects.filter(user_id=wereld.admin.pk, deelnemer_id=wereld.d.pk).exists()


def test_a_colleague_of_another_organisation_is_refused(wereld):
    with pytest.raises(Geweigerd):
        draag_over(door=wereld.admin, van=wereld.cm, naar=wereld.buiten)
    assert list(caseload_van(wereld.cm)) == [wereld.d]


def test_deactivating_a_user_with_a_caseload_is_refused_until_it_is_transferred(wereld):
    with pytest.raises(Geweigerd):
        deactiveer_gebruiker(user=wereld.cm)
    wereld.cm.refresh_from_db()
    assert wereld.cm.is_active
    draag_over(door=wereld.admin, van=wereld.cm, naar=wereld.collega, deelnemer_ids=[wereld.d.pk])
    deactiveer_gebruiker(user=wereld.cm)
    wereld.cm.refresh_from_db()
    assert not wereld.cm.is_active


@pytest.mark.parametrize("wie", ["cm", "cmz", "buiten"])
def test_no_one_but_the_admin_may_transfer(wereld, client_voor, wie):
    c = client_voor(getattr(wereld, wie))
    assert c.get(reverse("dossier:caseload"), {"van": wereld.cm.pk}).status_code == 404
    r = c.post(
        reverse("dossier:caseload"), {"van": wereld.cm.pk, "naar": wereld.collega.pk, "alles": "1"}
    )
    assert r.status_code == 404
    assert list(caseload_van(wereld.cm)) == [wereld.d]
    assert c.get(reverse("dossier:dubbels")).status_code == 404
