"""Root URL conf. Apps that are not (yet) present are skipped, so a missing module never
breaks the site."""

import importlib.util

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Werkzorg — beheer")
admin.site.site_title = _("Werkzorg beheer")
admin.site.index_title = _("Beheer")


def _optional_include(prefix: str, module: str) -> list:
    # Only apps that are installed and have a urls module (apps are written in parallel).
    app = module.split(".")[0]
    if app not in settings.INSTALLED_APPS or importlib.util.find_spec(module) is None:
        return []
    return [path(prefix, include(module))]


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    *_optional_include("rapportering/", "reporting.urls"),
    *_optional_include("ladder/", "ladder.urls"),
    *_optional_include("trajecten/", "trajectories.urls"),
    *_optional_include("netwerk/", "netwerk.urls"),
    *_optional_include("api/", "api.urls"),
    path("audit/", include("audit.urls")),
    *_optional_include("privacy/", "privacy.urls"),
    *_optional_include("dossierbeheer/", "dossier.urls"),
    path("", include("deelnemers.urls")),
]

# Dutch error pages in the site layout (werkzorg/foutpaginas.py).
handler400 = "werkzorg.foutpaginas.fout_400"
handler403 = "werkzorg.foutpaginas.fout_403"
handler404 = "werkzorg.foutpaginas.fout_404"
handler500 = "werkzorg.foutpaginas.fout_500"
