"""The AMA SE contingents page: this year's fill rate per begeleider and next year's places.

The figures are the report's `ama_se_contingent_volgend_jaar` (the 80% rule lives in
`reporting.tables`); this module only adds the begeleider's name and province for the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from organisaties.models import Organisatie
from reporting.tables.ama_se import ama_se_contingent_volgend_jaar


@dataclass(frozen=True)
class ContingentRij:
    organisatie_id: str
    naam: str
    provincie: str
    plaatsen: int
    pct_invulling: float | None
    plaatsen_volgend_jaar: int

    @property
    def verschil(self) -> int:
        return self.plaatsen_volgend_jaar - self.plaatsen


@dataclass(frozen=True)
class Contingenten:
    jaar: int
    peildatum: date
    rijen: list[ContingentRij]

    @property
    def plaatsen(self) -> int:
        return sum(r.plaatsen for r in self.rijen)

    @property
    def plaatsen_volgend_jaar(self) -> int:
        return sum(r.plaatsen_volgend_jaar for r in self.rijen)

    @property
    def verminderd(self) -> int:
        return sum(1 for r in self.rijen if r.verschil < 0)


def contingenten(*, jaar: int, peildatum: date) -> Contingenten:
    """Per begeleider with a contingent in `jaar`: places, fill rate and next year's places."""
    cijfers = ama_se_contingent_volgend_jaar(jaar, peildatum)
    organisaties = {
        o.id: o
        for o in Organisatie.objects.filter(id__in=list(cijfers)).select_related("provincie")
    }
    rijen = []
    for org_id, c in cijfers.items():
        org = organisaties.get(org_id)
        rijen.append(
            ContingentRij(
                organisatie_id=org_id,
                naam=org.naam if org else org_id,
                provincie=org.provincie.naam if org else "",
                plaatsen=int(c["plaatsen"]),
                pct_invulling=c.get("pct_invulling"),
                plaatsen_volgend_jaar=int(c["plaatsen_volgend_jaar"]),
            )
        )
    rijen.sort(key=lambda r: (r.naam.lower(), r.organisatie_id))
    return Contingenten(jaar=jaar, peildatum=peildatum, rijen=rijen)
