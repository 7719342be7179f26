import pytest
from django.test import Client

from accounts.models import Rol
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
def wereld(gtb):
    """A casemanager of `gtb` with three dossiers whose names need the search's accent and
    case rules (Öztürk, Aydın, De Smet), and an Öztürk outside the scope (`buiten`)."""
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    ozturk = f.deelnemer(voornaam="Ayşe", achternaam="Öztürk", insz="84062282233")
    aydin = f.deelnemer(voornaam="Benoît", achternaam="Aydın")
    smet = f.deelnemer(voornaam="Jan", achternaam="De Smet")
    t = f.activeringstraject(ozturk, werk=gtb)
    for d in (aydin, smet):
        f.activeringstraject(d, werk=gtb)
    buiten = f.deelnemer(voornaam="Ayşe", achternaam="Öztürk-Buiten")
    return {"user": user, "ozturk": ozturk, "aydin": aydin, "smet": smet, "t": t, "buiten": buiten}


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
