"""The DPO page: who viewed a participant between two dates, and who has access (art. 9)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts.permissions import is_admin, toegang
from accounts.verzoek import Verzoek
from audit import selectors
from audit.forms import InzageZoekForm


@toegang(is_admin, weigering=404)
def index(request: Verzoek) -> HttpResponse:
    # Not for other users: a 404, so the page's existence is not disclosed.
    if not is_admin(request.user):
        raise Http404
    form = InzageZoekForm(request.GET or None)
    inzages = None
    if form.is_valid():
        inzages = selectors.inzages_van(
            deelnemer_id=form.cleaned_data["deelnemer"],
            van=form.cleaned_data["van"],
            tot=form.cleaned_data["tot"],
        )
    response = render(
        request,
        "audit/index.html",
        {"form": form, "inzages": inzages, "toegang": selectors.toegangslijst()},
    )
    response["Cache-Control"] = "no-store"
    return response
