"""Assertions of the domain tests: a refusal changes nothing; an accepted step leaves an event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import models

from deelnemers.models import Arbeidsmarktpositie, Deelnemer
from organisaties.models import Lidmaatschap, Organisatie
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
    TrajectEvent,
)
from werkzorg.domein.fouten import Geweigerd

MODELLEN: list[type[models.Model]] = [
    TrajectEvent,
    Activeringstraject,
    Doelstelling,
    Actie,
    Stage,
    AmaSeTraject,
    AmaSeMoment,
    AmaWvgOvereenkomst,
    AmaWvgEvaluatie,
    Deelnemer,
    Arbeidsmarktpositie,
    Organisatie,
    Lidmaatschap,
]


def _stand(objecten: tuple[models.Model, ...]) -> tuple[dict, list]:
    tellingen = {m.__name__: m._default_manager.count() for m in MODELLEN}
    rijen = [type(o)._default_manager.filter(pk=o.pk).values().first() for o in objecten]
    return tellingen, rijen


@contextmanager
def geweigerd(
    *objecten: models.Model, code: str = "regel-geschonden", bericht: str | None = None
) -> Iterator[pytest.ExceptionInfo[Geweigerd]]:
    """Expect a refusal with `code` (and a message containing `bericht`) that changed nothing:
    the given rows keep every value and no table gained or lost a row (events included)."""
    voor = _stand(objecten)
    with pytest.raises(Geweigerd) as exc:
        yield exc
    assert exc.value.code == code, exc.value.fouten
    if bericht is not None:
        berichten = [str(fout.bericht) for fout in exc.value.fouten]
        assert any(bericht in b for b in berichten), berichten
    assert _stand(objecten) == voor


def laatste_event(traject_id: str) -> TrajectEvent:
    return TrajectEvent.objects.filter(traject_id=traject_id).latest("id")
