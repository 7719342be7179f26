"""Celery task of privacy: the periodic retention run. No arguments, so no personal data in
the queue; the period comes from the setting `WERKZORG_BEWAARTERMIJN_JAREN`."""

from celery import shared_task

from privacy.models import Kanaal
from privacy.retentie import pas_bewaartermijn_toe


@shared_task(name="privacy.pas_bewaartermijn_toe", ignore_result=True)
def bewaartermijn_toepassen() -> int:
    """Pseudonymise the dossiers past the retention period; returns how many."""
    return pas_bewaartermijn_toe(kanaal=Kanaal.TAAK).aantal
