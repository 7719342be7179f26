from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferentieConfig(AppConfig):
    name = "referentie"
    verbose_name = _("Referentiegegevens")
