"""Celery tasks of reporting: thin wrappers around one service, with ids only as arguments."""

from celery import shared_task

from reporting import services


@shared_task(name="reporting.genereer_rapport", ignore_result=True)
def genereer_rapport(rapport_id: int) -> None:
    """Generate the Mededeling of a waiting `GegenereerdRapport` (see `services.genereer`)."""
    services.genereer(rapport_id=rapport_id)


@shared_task(name="reporting.maak_exportbestand", ignore_result=True)
def maak_exportbestand(bestand_id: int) -> None:
    """Render a download (a PDF) of a waiting `Exportbestand` (see `services.maak_export`)."""
    services.maak_export(bestand_id=bestand_id)
