from django.apps import AppConfig


class OrganisatiesConfig(AppConfig):
    name = "organisaties"
