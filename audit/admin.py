from django.contrib import admin
from django.http import HttpRequest

from audit.models import DossierInzage


class AlleenLezen(admin.ModelAdmin):
    """A record of what happened (a log, a delivery, a submitted report): never added, changed
    or deleted by hand. The admin of every such model derives from this one."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DossierInzage)
class DossierInzageAdmin(AlleenLezen):
    """Read-only: the log is append-only (the database refuses changes anyway)."""

    list_display = ["tijdstip", "username", "organisatie_id", "deelnemer_id", "kanaal"]
    list_filter = ["kanaal"]
    search_fields = ["=deelnemer_id", "=username", "=request_id"]
    date_hierarchy = "tijdstip"
