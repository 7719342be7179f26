import pytest
from django.test import Client

from tests import factories as f


@pytest.fixture
def gtb(db):
    return f.organisatie("gtb", naam="GTB Kempen")


@pytest.fixture
def andere_gtb(db):
    return f.organisatie("gtb", naam="GTB Elders")


@pytest.fixture
def zorgorg(db):
    return f.organisatie("caw", naam="CAW Kempen")


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login


@pytest.fixture(autouse=True)
def _snelle_wachtwoorden(settings):
    # PBKDF2 makes every login/set_password cost ~0.3 s; tests need no strong hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
