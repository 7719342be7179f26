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

        # After every migrate: the application role's grants (new tables, history tables).
        from django.db.models.signals import post_migrate

        # ready(): the models it reads are loaded now
        from audit.databaserollen import na_migratie

        post_migrate.connect(na_migratie, sender=self, dispatch_uid="audit-databaserollen")
