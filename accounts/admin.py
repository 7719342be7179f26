from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Dagoverzicht, Roltoewijzing, User
from accounts.services import deactiveer_gebruiker


class RoltoewijzingInline(admin.TabularInline):
    model = Roltoewijzing
    extra = 1
    filter_horizontal = ["regios"]
    verbose_name = _("rol")
    verbose_name_plural = _("rollen")


@admin.register(User)
class GebruikerAdmin(UserAdmin):
    inlines = [RoltoewijzingInline]
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["is_active", "is_staff", "rollen__rol"]
    list_select_related = ["organisatie"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["organisatie"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Organisatie"), {"fields": ["organisatie"]}),
    )
    actions = ["deactiveren"]

    @admin.action(description=_("Deactiveren en alle sessies beëindigen"))
    def deactiveren(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            deactiveer_gebruiker(user=user)
        self.message_user(request, _("Gebruikers gedeactiveerd: %d") % len(queryset))


@admin.register(Dagoverzicht)
class DagoverzichtAdmin(admin.ModelAdmin):
    list_display = ["user", "datum", "verzonden_op"]
    list_filter = ["datum"]
    readonly_fields = ["user", "datum", "verzonden_op"]
