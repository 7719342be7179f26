""" "Wachtwoord vergeten" does the same work for a known and an unknown address before it
answers: the reset token and the mail come after the response (`accounts.adapter`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.db import connection
from django.http.response import HttpResponseBase
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from tests import factories as f

pytestmark = pytest.mark.django_db

BEKEND = "ilse@gtb.example"
ONBEKEND = "niemand@example.org"


@pytest.fixture
def bij_het_antwoord(monkeypatch):
    """What had happened when the response was handed to the server (its `close()` runs the
    deferred work): mails sent, reset tokens made, queries run, jobs waiting."""
    tokens: list[Any] = []
    maak = PasswordResetTokenGenerator.make_token

    def make_token(self, user):
        tokens.append(user.pk)
        return maak(self, user)

    monkeypatch.setattr(PasswordResetTokenGenerator, "make_token", make_token)
    toestand: list[dict[str, Any]] = []
    sluit = HttpResponseBase.close

    def close(self):
        toestand.append(
            {
                "mails": len(mail.outbox),
                "tokens": len(tokens),
                "queries": len(getattr(bij_het_antwoord, "queries", [])),
                "jobs": len(self._resource_closers),
                "status": self.status_code,
                "location": self.get("Location"),
            }
        )
        sluit(self)

    monkeypatch.setattr(HttpResponseBase, "close", close)

    class Meting:
        pass

    bij_het_antwoord = Meting()

    def meet(client, email: str) -> dict[str, Any]:
        """The state when the answer to a reset request for `email` was handed over, and
        (`na`) the mails and tokens once its deferred work ran."""
        mail.outbox.clear()
        tokens.clear()
        with CaptureQueriesContext(connection) as q:
            bij_het_antwoord.queries = q.captured_queries
            client.post("/accounts/password/reset/", {"email": email})
        del bij_het_antwoord.queries
        return {**toestand[-1], "na": ([m.to for m in mail.outbox], len(tokens))}

    return meet


def test_a_known_and_an_unknown_address_do_the_same_work_before_the_answer(
    client, gtb, bij_het_antwoord
):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, email=BEKEND)
    # Warm up: the first request of a client pays for its session and the like.
    client.post("/accounts/password/reset/", {"email": "opwarmen@example.org"})
    bekend = bij_het_antwoord(client, BEKEND)
    onbekend = bij_het_antwoord(client, ONBEKEND)
    # The same answer, after the same number of queries, with the same jobs waiting; no
    # token made and no mail sent yet.
    assert bekend.pop("na") == ([[BEKEND]], 1)  # after the response: the mail, one token
    assert onbekend.pop("na") == ([], 0)
    assert bekend == onbekend
    assert (bekend["mails"], bekend["tokens"]) == (0, 0)
    assert bekend["location"] == "/accounts/password/reset/done/"
    assert bekend["jobs"] >= 1


def test_without_the_middleware_the_deferred_work_runs_at_once(rf):
    from accounts.middleware import na_het_antwoord

    gedaan = []
    na_het_antwoord(rf.get("/"), lambda: gedaan.append(True))
    assert gedaan == [True]


def test_a_failing_deferred_job_is_logged_and_does_not_break_the_response(rf, caplog):
    from django.http import HttpResponse

    from accounts.middleware import NaHetAntwoordMiddleware, na_het_antwoord

    def view(request):
        na_het_antwoord(request, lambda: 1 / 0)
        return HttpResponse("ok")

    response = NaHetAntwoordMiddleware(view)(rf.get("/"))
    response.close()
    assert response.content == b"ok"
    assert "na-het-antwoord-mislukt" in caplog.text
