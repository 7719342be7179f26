"""Many participants at once, for the tests where the planner's choices matter (the query-plan
guard, the search keys' bulk writes): written with `generate_series` in one statement per table
(the factories would take minutes), then ANALYZEd, as a large database holds them."""

from __future__ import annotations

from django.db import connection


def vul_deelnemers(aantallen: dict[str, int]) -> None:
    """Per organisation id, in order, that many participants (DP0000001, DP0000002, …; INSZ
    70000000001, …; surnames `Achternaam<i mod 7919>`) in kempen, each with one
    activeringstraject of that GTB (ATP…, the same number), statuses spread over geïnitieerd,
    bezig and afgesloten. The participants and the trajectories are ANALYZEd."""
    totaal = sum(aantallen.values())
    grenzen, params, tot = [], [], 0
    for org_id, n in aantallen.items():
        tot += n
        grenzen.append("WHEN i <= %s THEN %s")
        params += [tot, org_id]
    with connection.cursor() as c:
        c.execute(
            """
            INSERT INTO deelnemers_deelnemer (id, insz, voornaam, achternaam, geboortedatum,
                provincie_id, regio_id, armoede, arbeidsbeperking, kortgeschoold, versie)
            SELECT 'DP' || lpad(i::text, 7, '0'), lpad((70000000000 + i)::text, 11, '0'),
                'Voornaam' || (i %% 997), 'Achternaam' || (i %% 7919),
                date '1970-01-01' + (i %% 15000), 'antwerpen', 'kempen', false, false, false, 1
            FROM generate_series(1, %s) AS i
            """,
            [totaal],
        )
        c.execute(
            f"""
            INSERT INTO trajectories_activeringstraject (id, deelnemer_id, regio_id,
                casemanager_werk_org_id, geinitieerd_op, aanvaard_op, bezig_op,
                eindadvies_motivering, versie)
            SELECT 'ATP' || lpad(i::text, 7, '0'), 'DP' || lpad(i::text, 7, '0'), 'kempen',
                CASE {" ".join(grenzen)} END,
                date '2024-01-01' + (i %% 700),
                CASE WHEN i %% 3 = 0 THEN NULL ELSE date '2024-01-01' + (i %% 700) + 3 END,
                CASE WHEN i %% 3 = 0 THEN NULL ELSE date '2024-01-01' + (i %% 700) + 5 END,
                '', 1
            FROM generate_series(1, %s) AS i
            """,  # noqa: S608 - placeholders only
            [*params, totaal],
        )
        c.execute("ANALYZE deelnemers_deelnemer")
        c.execute("ANALYZE trajectories_activeringstraject")
