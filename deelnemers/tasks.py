"""Daily email with the user's worklist counts.

No personal data leaves the application: the task takes no arguments (or one user id), the
email holds only counts per category and a link to "Aandacht nodig".
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dagoverzicht
from deelnemers.worklist import CATEGORIEEN, aandacht_voor, tellingen
from deelnemers.zoeken import herbouw_zoeksleutels, zoeksleutel_afwijkingen

logger = logging.getLogger(__name__)


@shared_task(name="deelnemers.verstuur_dagoverzichten")
def verstuur_dagoverzichten() -> int:
    """Queue one summary per active user with an email address and a role; returns the count."""
    ids = list(
        get_user_model()
        .objects.filter(is_active=True, rollen__isnull=False)
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
    )
    for user_id in ids:
        verstuur_dagoverzicht.delay(user_id)
    return len(ids)


@shared_task(name="deelnemers.verstuur_dagoverzicht")
def verstuur_dagoverzicht(user_id: int) -> bool:
    """Email one user their worklist counts, at most once a day (a `Dagoverzicht` row).

    Returns True when an email was sent. Nothing is sent when the list is empty.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    vandaag = timezone.localdate()
    if Dagoverzicht.objects.filter(user=user, datum=vandaag).exists():
        return False
    aantallen = tellingen(aandacht_voor(user, op=vandaag, namen=False))
    if not sum(aantallen.values()):
        return False
    try:
        with transaction.atomic():
            # The unique (user, datum) row claims today's email; a concurrent run fails here.
            Dagoverzicht.objects.create(user=user, datum=vandaag)
            basis = getattr(settings, "WERKZORG_BASIS_URL", "http://localhost:8000").rstrip("/")
            context = {
                "regels": [(CATEGORIEEN[k], n) for k, n in aantallen.items() if n],
                "link": f"{basis}/aandacht/",
                "datum": vandaag,
            }
            send_mail(
                subject=_("Werkzorg: %(n)s punten vragen uw aandacht")
                % {"n": sum(aantallen.values())},
                message=render_to_string("deelnemers/email/dagoverzicht.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
    except IntegrityError:
        return False
    logger.info("dagoverzicht verstuurd naar gebruiker %s", user_id)
    return True


@shared_task(name="deelnemers.herstel_zoeksleutels")
def herstel_zoeksleutels() -> int:
    """Every night: the search keys that differ from the trajectories rewritten (decision 548;
    `manage.py zoeksleutels --herstel` by hand); returns how many differed. Only the count is
    logged."""
    afwijkend = zoeksleutel_afwijkingen()
    if afwijkend:
        with transaction.atomic():
            herbouw_zoeksleutels()
        logger.warning("zoeksleutels hersteld: %d", afwijkend)
    return afwijkend
