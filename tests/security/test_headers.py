"""Security headers and the production settings."""

import os
import re
import secrets
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from accounts.models import Rol
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY_ENV = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG"}


@pytest.fixture
def casemanager_met_dossier(gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    d = f.deelnemer()
    f.activeringstraject(d, werk=gtb, aanvaard_op=date(2025, 2, 1))
    return user, d


def _directives(header: str) -> dict[str, set[str]]:
    out = {}
    for part in header.split(";"):
        naam, *waarden = part.split()
        out[naam] = set(waarden)
    return out


@pytest.mark.django_db
def test_pages_carry_a_csp_without_unsafe_inline_or_eval(casemanager_met_dossier, login):
    user, d = casemanager_met_dossier
    r = login(user).get(f"/dossiers/{d.pk}/")
    csp = r["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    directives = _directives(csp)
    assert directives["default-src"] == {"'self'"}
    assert directives["style-src"] == {"'self'"}
    assert directives["frame-ancestors"] == {"'none'"}
    assert directives["form-action"] == {"'self'"}
    assert directives["base-uri"] == {"'self'"}


@pytest.mark.django_db
@pytest.mark.parametrize("pad", ["/dossiers/", "/dossiers/{pk}/", "/aandacht/", "/ladder/"])
def test_the_pages_hold_no_inline_script_or_style_the_csp_would_block(
    casemanager_met_dossier, login, pad
):
    user, d = casemanager_met_dossier
    html = login(user).get(pad.format(pk=d.pk)).content.decode()
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<style", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.django_db
def test_a_dossier_page_is_never_cached(casemanager_met_dossier, login):
    user, d = casemanager_met_dossier
    r = login(user).get(f"/dossiers/{d.pk}/")
    assert "no-store" in r["Cache-Control"]


def test_the_production_settings_pass_the_deploy_check():
    alfabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    sleutel = "".join(secrets.choice(alfabet) for _ in range(50))
    # A deployment's environment: not the test run's (the browser tests allow async-unsafe
    # ORM calls through the environment, which the deploy check rightly refuses).
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="werkzorg.settings_production",
        DJANGO_SECRET_KEY=sleutel,
        WERKZORG_PSEUDONIEM_SLEUTEL=secrets.token_urlsafe(48),
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "werkzorg.settings_production"
    result = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_deploy_check_asks_for_a_shared_cache(settings):
    from django.core.checks import run_checks

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "werkzorg.W001" in {c.id for c in run_checks(include_deployment_checks=True)}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    assert "werkzorg.W001" not in {c.id for c in run_checks(include_deployment_checks=True)}


def test_a_response_without_cache_headers_gets_no_store_and_a_cacheable_one_loses_it(rf):
    """The middleware default: every response `no-store`, also one a view marked cacheable;
    a view's own `no-store` is kept as it is."""
    from django.http import HttpResponse

    from accounts.middleware import GeenCacheMiddleware

    def zonder(request):
        return HttpResponse("x")

    def publiek(request):
        r = HttpResponse("x")
        r["Cache-Control"] = "public, max-age=3600"
        return r

    def eigen(request):
        r = HttpResponse("x")
        r["Cache-Control"] = "no-store"
        return r

    assert "no-store" in GeenCacheMiddleware(zonder)(rf.get("/dossiers/"))["Cache-Control"]
    cc = GeenCacheMiddleware(publiek)(rf.get("/api/v1/deelnemers"))["Cache-Control"]
    assert "no-store" in cc and "public" not in cc
    assert GeenCacheMiddleware(eigen)(rf.get("/audit/"))["Cache-Control"] == "no-store"
    statisch = GeenCacheMiddleware(publiek)(rf.get("/static/css/app.css"))
    assert statisch["Cache-Control"] == "public, max-age=3600"
