"""Root URL conf: each app's pages under its prefix; the participants' pages at the root."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Werkzorg — beheer")
admin.site.site_title = _("Werkzorg beheer")
admin.site.index_title = _("Beheer")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("rapportering/", include("reporting.urls")),
    path("ladder/", include("ladder.urls")),
    path("trajecten/", include("trajectories.urls")),
    path("netwerk/", include("netwerk.urls")),
    path("api/", include("api.urls")),
    path("audit/", include("audit.urls")),
    path("privacy/", include("privacy.urls")),
    path("dossierbeheer/", include("dossier.urls")),
    path("", include("deelnemers.urls")),
]

# Dutch error pages in the site layout (werkzorg/foutpaginas.py).
handler400 = "werkzorg.foutpaginas.fout_400"
handler403 = "werkzorg.foutpaginas.fout_403"
handler404 = "werkzorg.foutpaginas.fout_404"
handler500 = "werkzorg.foutpaginas.fout_500"
