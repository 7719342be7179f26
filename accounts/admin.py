from typing import Any

import allauth.mfa.admin  # noqa: F401 - registers Authenticator first, replaced below
from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from accounts.models import Dagoverzicht, Roltoewijzing, User
from accounts.services import (
    deactiveer_gebruiker,
    deactivering_fouten,
    herstel_tweestapsverificatie,
)
from werkzorg.domein.fouten import Geweigerd

# The admin signs in and changes passwords through the same allauth pages as the rest of the
# site, so the authenticator code (and the lockout) cannot be bypassed at /admin/login/.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # replaced on purpose (see above)


def _wachtwoord_wijzigen(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    return redirect("account_change_password")


admin.site.password_change = _wachtwoord_wijzigen  # type: ignore[method-assign,assignment]  # replaced on purpose: allauth's page


class RoltoewijzingInline(admin.TabularInline):
    model = Roltoewijzing
    extra = 1
    filter_horizontal = ["regios"]
    verbose_name = _("rol")
    verbose_name_plural = _("rollen")


class GebruikerWijzigForm(UserChangeForm):
    """The admin's user form: unticking "actief" is a deactivation, refused by the same rule
    as the admin action (`accounts.services.deactivering_fouten`, e.g. a caseload left)."""

    def clean_is_active(self) -> bool:
        actief = bool(self.cleaned_data.get("is_active"))
        if not actief and self.instance.pk and self.instance.is_active:
            fouten = deactivering_fouten(self.instance)
            if fouten:
                raise forms.ValidationError([f.bericht for f in fouten])
        return actief


@admin.register(User)
class GebruikerAdmin(UserAdmin):
    form = GebruikerWijzigForm
    inlines = [RoltoewijzingInline]
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["is_active", "is_staff", "rollen__rol"]
    list_select_related = ["organisatie"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["organisatie"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Organisatie"), {"fields": ["organisatie"]}),
    )
    actions = ["deactiveren", "tweestapsverificatie_herstellen"]

    @admin.action(description=_("Deactiveren en alle sessies beëindigen"))
    def deactiveren(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        gedaan = 0
        for user in queryset:
            try:
                deactiveer_gebruiker(user=user)
            except Geweigerd as e:
                self.message_user(request, f"{user.get_username()}: {e}", level=messages.ERROR)
            else:
                gedaan += 1
        self.message_user(request, _("Gebruikers gedeactiveerd: %d") % gedaan)

    @admin.action(description=_("Tweestapsverificatie opnieuw laten instellen (verloren toestel)"))
    def tweestapsverificatie_herstellen(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> None:
        for user in queryset:
            herstel_tweestapsverificatie(user=user)
        self.message_user(
            request,
            _("Tweestapsverificatie gewist voor %d gebruikers; zij stellen ze opnieuw in.")
            % len(queryset),
        )


# allauth's own admin shows and edits an authenticator's data, i.e. the TOTP secret in clear:
# an admin could then produce a user's codes. Here only who has which factor, and removal.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__username"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields  # type: ignore[assignment]  # flat names: field groups only in the stubs' type

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dagoverzicht)
class DagoverzichtAdmin(admin.ModelAdmin):
    list_display = ["user", "datum", "verzonden_op"]
    list_filter = ["datum"]
    readonly_fields = ["user", "datum", "verzonden_op"]


# --- Dutch names for the third-party apps in the admin -----------------------------------------
# django-axes, allauth and pghistory name their apps and models in English ("Access attempts",
# "MFA", a second "Accounts"). Only the display names change here: `_meta.verbose_name*` and
# the app's `verbose_name`, never `Meta.original_attrs`, so no migration follows from it.
DERDEN_APPS = {
    "axes": _("Aanmeldbeveiliging"),
    "account": _("E-mailadressen"),
    "mfa": _("Tweestapsverificatie"),
    "allauth": _("Aanmelden"),
    "pghistory": _("Wijzigingsgeschiedenis"),
    "pgtrigger": _("Databasetriggers"),
}
DERDEN_MODELLEN = {
    ("axes", "accessattempt"): (_("mislukte aanmeldpoging"), _("mislukte aanmeldpogingen")),
    ("axes", "accesslog"): (_("aanmelding"), _("aanmeldingen")),
    ("axes", "accessfailurelog"): (_("mislukte aanmelding"), _("mislukte aanmeldingen")),
    ("mfa", "authenticator"): (_("authenticator"), _("authenticators")),
    ("account", "emailaddress"): (_("e-mailadres"), _("e-mailadressen")),
    ("account", "emailconfirmation"): (_("e-mailbevestiging"), _("e-mailbevestigingen")),
    ("pghistory", "context"): (_("wijzigingscontext"), _("wijzigingscontexten")),
    ("pghistory", "events"): (_("wijziging"), _("wijzigingen")),
    ("pghistory", "middlewareevents"): (
        _("wijziging via de website"),
        _("wijzigingen via de website"),
    ),
}


def _derden_in_het_nederlands() -> None:
    for label, naam in DERDEN_APPS.items():
        if apps.is_installed(label) or label in apps.app_configs:
            apps.get_app_config(label).verbose_name = naam
    for (app, model), (enkelvoud, meervoud) in DERDEN_MODELLEN.items():
        try:
            opts = apps.get_model(app, model)._meta
        except LookupError:
            continue
        opts.verbose_name = enkelvoud
        opts.verbose_name_plural = meervoud


_derden_in_het_nederlands()
