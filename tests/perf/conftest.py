import pytest
from django.test import Client


@pytest.fixture
def login():
    def _login(user) -> Client:  # noqa: ANN001
        c = Client()
        c.force_login(user)
        return c

    return _login
