from django.apps import AppConfig


class ReferentieConfig(AppConfig):
    name = "referentie"
