"""The only writers of trajectories: one service per trajectory kind.

Each service runs in one transaction, locks the row (`select_for_update`), checks the optimistic
`versie` the user saw, checks the allowed-transition table and the rules of `rules.py`, saves the
changed fields (`update_fields`), appends a `TrajectEvent`, and runs side effects on commit.
A refusal raises `rules.Geweigerd` with Dutch messages and changes nothing.

CONTRACT (names and keyword arguments are used by the web forms, the API and the tasks; a
helper implementing this module may add keyword arguments with defaults, but must keep these):

    nieuw_activeringstraject(*, door, deelnemer_id, regio_id, geinitieerd_op,
                             casemanager_werk_org_id=None, casemanager_zorg_org_id=None,
                             notitie="") -> Activeringstraject
    activering_stap(*, door, traject_id, stap, datum=None, versie=None, eindadvies_id=None,
                    motivering="", stopreden_id=None, verlengd_tot=None, notitie="")
        -> Activeringstraject            # stap in rules.ACTIVERING_STAPPEN
    toegelaten_activering_stappen(traject, *, op) -> list[rules.Stap]   # buttons to show
    voeg_doelstelling_toe(*, door, traject_id, soort, omschrijving) -> Doelstelling
    voeg_actie_toe(*, door, doelstelling_id, dienstverlener_id, omschrijving,
                   gepland_op=None) -> Actie   # dienstverlener: netwerk member of the region's network
    wijzig_actie(*, door, actie_id, status, datum=None) -> Actie
    voeg_stage_toe(*, door, traject_id, werkplek, start, einde, organisatie_id=None) -> Stage
    verwijder_planitem(*, door, soort, item_id) -> None     # soort: doelstelling | actie | stage

    nieuw_ama_se_traject(*, door, deelnemer_id, begeleider_id, gematcht_op, notitie="")
        -> AmaSeTraject
    ama_se_stap(*, door, traject_id, stap, datum, versie=None, eindadvies_id=None,
                stopreden_id=None, notitie="") -> AmaSeTraject   # stap in rules.AMA_SE_STAPPEN
    registreer_ama_se_moment(*, door, traject_id, soort, datum, verslag="", beslissing="")
        -> AmaSeMoment

    nieuwe_wvg_overeenkomst(*, door, deelnemer_id, begeleider_id, werkpost, start, einde=None)
        -> AmaWvgOvereenkomst
    beeindig_wvg_overeenkomst(*, door, overeenkomst_id, einde, versie=None, notitie="")
        -> AmaWvgOvereenkomst
    registreer_wvg_evaluatie(*, door, overeenkomst_id, datum, verslag="", verderzetten=True)
        -> AmaWvgEvaluatie
"""
