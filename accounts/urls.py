"""`/accounts/`: django-allauth's login, logout, password and re-authentication pages and its
two-factor pages (`2fa/`). Self-service of e-mail addresses is switched off: an admin manages a
user's address (it is where password-reset links go)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path

from accounts.permissions import PUBLIEK, toegang


@toegang(PUBLIEK)
def niet_beschikbaar(request: HttpRequest, *args: str, **kwargs: str) -> HttpResponse:
    raise Http404


urlpatterns = [
    # Before allauth's own patterns, so these paths never reach its views.
    path("email/", niet_beschikbaar),
    path("confirm-email/", niet_beschikbaar),
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", niet_beschikbaar),
    path("", include("allauth.urls")),
]
