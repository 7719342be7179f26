from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Inzagelog")

    def ready(self) -> None:
        # The history context of management commands and Celery tasks.
        from audit import geschiedenis

        geschiedenis.koppel()
