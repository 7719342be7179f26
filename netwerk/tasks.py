"""Daily mail of the network's notifications (new acties for dienstverleners; declined acties,
registered stages and written stageverslagen for casemanagers).

Like `deelnemers.tasks`: no personal data leaves the application — the task takes no
arguments (or one user id), the mail holds counts per kind and a link.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk.models import Melding, NetwerkDagmail
from netwerk.selectors import meldingen_voor

logger = logging.getLogger(__name__)

ROLLEN = ("dienstverlener-werk", "dienstverlener-zorg", "casemanager-werk", "casemanager-zorg")


@shared_task(name="netwerk.verstuur_netwerkmails")
def verstuur_netwerkmails() -> int:
    """Queue one mail per active user with an email address who may get notifications."""
    ids = list(
        get_user_model()
        .objects.filter(is_active=True, rollen__rol__in=ROLLEN, organisatie__isnull=False)
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
    )
    for user_id in ids:
        verstuur_netwerkmail.delay(user_id)
    return len(ids)


@shared_task(name="netwerk.verstuur_netwerkmail")
def verstuur_netwerkmail(user_id: int) -> bool:
    """Mail one user the counts of the last day's notifications, at most once a day."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    vandaag = timezone.localdate()
    if NetwerkDagmail.objects.filter(user=user, datum=vandaag).exists():
        return False
    sinds = timezone.now() - timedelta(days=1)
    aantallen = dict(
        meldingen_voor(user)
        .filter(aangemaakt_op__gte=sinds)
        .values_list("soort")
        .annotate(n=Count("pk"))
        .values_list("soort", "n")
    )
    if not aantallen:
        return False
    try:
        with transaction.atomic():
            NetwerkDagmail.objects.create(user=user, datum=vandaag)
            basis = getattr(settings, "WERKZORG_BASIS_URL", "http://localhost:8000").rstrip("/")
            regels = [(Melding.Soort(k).label, n) for k, n in sorted(aantallen.items())]
            send_mail(
                subject=_("Werkzorg: %(n)s nieuwe meldingen van het netwerk")
                % {"n": sum(aantallen.values())},
                message=render_to_string(
                    "netwerk/email/dagmail.txt",
                    {"regels": regels, "link": f"{basis}/netwerk/meldingen/"},
                ),
                from_email=None,
                recipient_list=[user.email],
            )
    except IntegrityError:
        return False
    logger.info("netwerkmail verstuurd naar gebruiker %s", user_id)
    return True
