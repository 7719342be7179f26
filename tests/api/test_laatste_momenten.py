"""A moment or an evaluation posted through the API is kept on its trajectory (decision 570),
and the API shows nothing of what the trajectory keeps."""

from __future__ import annotations

from datetime import date

from trajectories.models import AmaSeTraject, AmaWvgOvereenkomst


def test_a_posted_moment_and_evaluation_are_the_last_ones_of_their_trajectory(world, client_for):
    se = client_for(world.users["se1"])
    for soort, datum in (("opvolging", "2025-06-01"), ("opvolging", "2025-04-01")):
        response = se.post(
            "/api/v1/ama-se-trajecten/SE1/momenten",
            {"soort": soort, "datum": datum, "verslag": "Gesprek"},
            format="json",
        )
        assert response.status_code == 201, response.json()
    response = se.post(
        "/api/v1/ama-se-trajecten/SE1/momenten",
        {"soort": "beslissing", "datum": "2025-05-15", "beslissing": "verderzetten"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    t = AmaSeTraject.objects.get(pk="SE1")
    assert (t.laatste_opvolging_op, t.laatste_beslissing_op) == (
        date(2025, 6, 1),
        date(2025, 5, 15),
    )

    response = client_for(world.users["wvg1"]).post(
        "/api/v1/ama-wvg-overeenkomsten/W1/evaluaties",
        {"datum": "2025-06-10", "verslag": "Jaarlijkse evaluatie"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert AmaWvgOvereenkomst.objects.get(pk="W1").laatste_evaluatie_op == date(2025, 6, 10)

    admin = client_for(world.users["admin"])
    se_velden = admin.get("/api/v1/ama-se-trajecten/SE1").json()
    wvg_velden = admin.get("/api/v1/ama-wvg-overeenkomsten/W1").json()
    assert "gematcht_op" in se_velden and "start" in wvg_velden
    assert not {k for k in (*se_velden, *wvg_velden) if k.startswith("laatste_")}
