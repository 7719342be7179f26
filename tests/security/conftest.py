import pytest
from django.test import Client

from tests import factories as f


@pytest.fixture
def gtb(db):
    return f.organisatie("gtb", naam="GTB Kempen")


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login


@pytest.fixture(autouse=True)
def _lege_cache():
    # allauth keeps its rate limits and the TOTP codes already used in the cache; a test must
    # not inherit another test's logins.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _snelle_wachtwoorden(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
