from django.apps import AppConfig


class DeelnemersConfig(AppConfig):
    name = "deelnemers"
