import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings")

app = Celery("werkzorg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # The worklist email, every working day early morning (Europe/Brussels, CELERY_TIMEZONE).
    "dagoverzicht-aandacht-nodig": {
        "task": "deelnemers.verstuur_dagoverzichten",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon-fri"),
    },
    # The network's notifications (netwerk app): new acties, declined acties, stages, verslagen.
    "netwerk-meldingen": {
        "task": "netwerk.verstuur_netwerkmails",
        "schedule": crontab(hour=6, minute=40, day_of_week="mon-fri"),
    },
    # The search keys of a network's name search checked and repaired, every night (548).
    "zoeksleutels": {
        "task": "deelnemers.herstel_zoeksleutels",
        "schedule": crontab(hour=3, minute=45),
    },
    # Retention: pseudonymise dossiers past WERKZORG_BEWAARTERMIJN_JAREN, monthly at night.
    "bewaartermijn": {
        "task": "privacy.pas_bewaartermijn_toe",
        "schedule": crontab(day_of_month=1, hour=3, minute=15),
    },
}
