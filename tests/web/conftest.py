import pytest
from django.test import Client

from tests.web import factories as f


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
