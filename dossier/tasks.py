"""Celery tasks of the dossier app: ids only in the arguments, never personal data."""

from __future__ import annotations

from celery import shared_task

from dossier.duplicaten_run import voer_uit


@shared_task(name="dossier.zoek_dubbels", ignore_result=True)
def zoek_dubbels(run_id: int) -> None:
    voer_uit(run_id)
