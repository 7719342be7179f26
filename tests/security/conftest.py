import pytest
from django.test import Client

from tests.web import factories as f


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
def _snelle_wachtwoorden(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
