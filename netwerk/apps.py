from django.apps import AppConfig


class NetwerkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "netwerk"
    verbose_name = "Netwerk van dienstverleners"

    def ready(self) -> None:
        from netwerk import signals  # noqa: F401  (a new actie notifies its organisation)
