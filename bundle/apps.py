from django.apps import AppConfig


class BundleConfig(AppConfig):
    name = "bundle"
