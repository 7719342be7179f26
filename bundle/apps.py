from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BundleConfig(AppConfig):
    name = "bundle"
    verbose_name = _("Gegevensuitwisseling")
