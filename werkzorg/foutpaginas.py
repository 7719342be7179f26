"""The error pages (400, 403, 404, 500) in Dutch, in the site layout.

Django's own handlers answer in English ("403 Forbidden") or with its technical page; these
render `templates/<code>.html` (which extend base.html) and are wired up in werkzorg/urls.py.
A 500 page is rendered without the request context: whatever broke the request (the
database, a context processor) must not break the error page too.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def fout_400(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def fout_403(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def fout_404(request, exception=None):
    return render(request, "404.html", {"pad": request.path}, status=404)


@requires_csrf_token
def fout_500(request):
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def csrf_fout(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or missing form token, explained in Dutch."""
    return render(request, "403_csrf.html", status=403)
