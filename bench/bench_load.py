"""Load benchmark of the casemanager's pages at 1 000 000 participants, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_load.py --users 20 --duration 60

1. The database `--database` (default `wz_bench`): reused when it holds at least
   `--background` participants, else (re)created, migrated and loaded with `import_bundle` from
   a bundle made by make_bundle.py (`--generator`, default ../shared/tools next to the
   project; the bundle is kept in the temporary folder for the next run), plus the AMA SE
   moments and WVG evaluations a bundle does not carry (`MOMENTEN_SQL`); on a new or a reused
   database the last moments the trajectories keep are then brought up to date with them
   (`herbereken_laatste_momenten`, decision 572).
2. Bench users of different scopes, with their role assignments: a casemanager Werk of the
   smallest GTB (at least 20 dossiers), one of the largest GTB, a netwerkcoördinator, a
   coördinator and an admin (both with an authenticator app, as MFA requires). Their sessions
   are created server-side (a login without the password and TOTP forms).
3. gunicorn as in production (`werkzorg/gunicorn.conf.py`, `werkzorg.settings_production`,
   DEBUG off, 3 workers, port `--port`), behind a pretend TLS proxy (`X-Forwarded-Proto: https`).
4. Single-request service times (one user, no load, median and fastest of 15, at the client
   and in the server from the access log), then `--users` virtual users for `--duration`
   seconds, each repeating its profile's mix (caseload, search by name/INSZ as one htmx POST,
   dossier, trajectory page, a form POST, worklist, dashboard) with `--think` seconds between
   requests. Prints per action: count, errors, p50/p95/p99 (ms) and
   requests/s, plus the load average of the machine and the CPU milliseconds per request of
   gunicorn, the virtual users and the rest (PostgreSQL) (Linux; steadier than a p95).

`--explain`: EXPLAIN ANALYZE of each page's queries instead; `--reeks N`: each page N times one
after the other in this process (p50/p95, e.g. *Aandacht nodig* and the search of the busiest
users), no gunicorn; `--filters N`: each filter and order of the caseload N times, likewise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "tools"
PREFIX = "bench-load-"


# --- the database ---------------------------------------------------------------------------


def db_url(url: str, naam: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{naam}"))


def aantal_deelnemers(url: str) -> int:
    try:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT count(*) FROM deelnemers_deelnemer").fetchone()[0]  # type: ignore[index]  # count(*): always one row
    except psycopg.Error:
        return -1


def bouw_database(args: argparse.Namespace, url: str) -> None:
    generator = Path(args.generator)
    bundel = Path(
        args.bundle
        or Path(tempfile.gettempdir()) / f"werkzorg-bench-bundle-{args.background}-seed{args.seed}"
    )
    if not (bundel / "deelnemers.csv").exists():
        doelen = Path(args.targets or generator.parent / "fixtures/mededeling-2024/published.json")
        print(f"bundel genereren in {bundel} …", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(generator / "make_bundle.py"),
                "--targets",
                str(doelen),
                "--out",
                str(bundel),
                "--seed",
                str(args.seed),
                "--background",
                str(args.background),
            ],
            check=True,
        )
    beheer = db_url(url, "postgres")
    with psycopg.connect(beheer, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    begin = time.perf_counter()
    subprocess.run([*manage, "import_bundle", str(bundel)], check=True, env=env, cwd=ROOT)
    print(f"import: {time.perf_counter() - begin:.0f} s", flush=True)


#: The follow-ups, decisions and evaluations a bundle does not carry (they are entered in the
#: application): AMA SE follow-ups every 3 months and decisions yearly after the match, AMA WVG
#: evaluations yearly after the start, until the end or the bench's day. Without them the
#: worklist's last-moment lookups read empty tables and hide their cost.
MOMENTEN_SQL = """
INSERT INTO trajectories_amasemoment (soort, datum, verslag, beslissing, traject_id)
SELECT s.soort, d::date, '', '', t.id
FROM trajectories_amasetraject t
CROSS JOIN (VALUES ('opvolging', interval '3 months'), ('beslissing', interval '1 year'))
    AS s(soort, stap)
CROSS JOIN LATERAL generate_series(
    t.gematcht_op + s.stap,
    LEAST(COALESCE(t.afgesloten_op, t.stopgezet_op, CURRENT_DATE), CURRENT_DATE),
    s.stap
) AS d
WHERE t.gematcht_op IS NOT NULL;
INSERT INTO trajectories_amawvgevaluatie (datum, verslag, verderzetten, overeenkomst_id)
SELECT d::date, '', TRUE, o.id
FROM trajectories_amawvgovereenkomst o
CROSS JOIN LATERAL generate_series(
    o.start + interval '1 year', LEAST(COALESCE(o.einde, CURRENT_DATE), CURRENT_DATE), interval '1 year'
) AS d;
"""


def werk_bij() -> None:
    """A reused database as a new release finds it: migrated, and its participants in name
    order when they are no longer (`manage.py herorden_deelnemers`, decision 536: a database
    imported before that release, or after many writes). Django must be set up."""
    # Django is set up by main() before this runs
    from django.core.management import call_command

    from deelnemers.management.commands.herorden_deelnemers import correlatie

    call_command("migrate", verbosity=0)
    if (correlatie() or 0) < HERORDEN_ONDER:
        begin = time.perf_counter()
        call_command("herorden_deelnemers")
        print(f"deelnemers herordend in {time.perf_counter() - begin:.1f} s", flush=True)


#: Below this correlation between name and row order a reused database is reordered.
HERORDEN_ONDER = 0.9


def vul_momenten(url: str) -> None:
    """Add `MOMENTEN_SQL`'s moments when the database has none; then bring the last moments
    the trajectories keep up to date with them (`herbereken_laatste_momenten`, which writes only
    the rows that differ: none on a reused database that is right), then VACUUM ANALYZE.
    Django must be set up (for that database)."""
    # Django is set up by main() before this runs
    from django.db import transaction

    from audit import geschiedenis
    from trajectories.models import AmaSeTraject, AmaWvgOvereenkomst, herbereken_laatste_momenten

    with psycopg.connect(url, autocommit=True) as conn:
        leeg = not conn.execute(
            "SELECT EXISTS (SELECT 1 FROM trajectories_amasemoment)"
        ).fetchone()[0]  # type: ignore[index]  # EXISTS: always one row
        if leeg:
            with conn.transaction():
                # The history triggers would copy every row into the event tables: not needed.
                conn.execute("SET LOCAL session_replication_role = replica")
                conn.execute(MOMENTEN_SQL)
            print("AMA SE-momenten en WVG-evaluaties toegevoegd", flush=True)
        begin = time.perf_counter()
        # (their history records nothing of these columns; without the triggers the UPDATE
        # does not even build their transition tables)
        with transaction.atomic(), geschiedenis.zonder_triggers(AmaSeTraject, AmaWvgOvereenkomst):
            n = herbereken_laatste_momenten(alle=True)
        print(f"laatste momenten: {n} rijen bijgewerkt, {time.perf_counter() - begin:.1f} s")
        conn.execute("VACUUM ANALYZE")


#: The trajectplan of every accepted activeringstraject: a werk and a zorg goal with two actions
#: each, carried out by partners of the network of the trajectory's region (chosen by a hash of
#: the goal). An action of an ended trajectory is done; of a running one, the first started
#: (its assignment accepted), the second planned (its assignment new). Day numbers from the
#: trajectory's own dates, so that reruns give the same rows.
TRAJECTPLAN_SQL = """
CREATE TEMP TABLE partner ON COMMIT DROP AS
SELECT l.netwerk_id, l.organisatie_id,
       row_number() OVER (PARTITION BY l.netwerk_id ORDER BY l.organisatie_id) - 1 AS nr,
       count(*) OVER (PARTITION BY l.netwerk_id) AS n
FROM (SELECT DISTINCT netwerk_id, organisatie_id FROM organisaties_lidmaatschap
      WHERE rol = 'netwerk' AND netwerk_id IS NOT NULL) l;

INSERT INTO trajectories_doelstelling (traject_id, soort, omschrijving, aangemaakt_op)
SELECT t.id, s.soort, 'Doelstelling ' || s.soort, t.aanvaard_op::timestamptz
FROM trajectories_activeringstraject t
CROSS JOIN (VALUES ('werk'), ('zorg')) AS s(soort)
WHERE t.aanvaard_op IS NOT NULL;

INSERT INTO trajectories_actie
    (doelstelling_id, dienstverlener_id, omschrijving, status, gepland_op, gestart_op, afgerond_op)
SELECT d.id, p.organisatie_id, 'Actie ' || k,
       CASE WHEN e.einde IS NOT NULL THEN 'afgerond' WHEN k = 1 THEN 'gestart' ELSE 'gepland' END,
       t.aanvaard_op + 7 * k,
       CASE WHEN e.einde IS NOT NULL OR k = 1 THEN t.aanvaard_op + 7 * k END,
       CASE WHEN e.einde IS NOT NULL THEN greatest(e.einde, t.aanvaard_op + 7 * k) END
FROM trajectories_doelstelling d
JOIN trajectories_activeringstraject t ON t.id = d.traject_id
JOIN referentie_regio r ON r.code = t.regio_id
CROSS JOIN LATERAL (
    SELECT least(t.afgesloten_op, t.stopgezet_op, t.ingetrokken_op) AS einde
) e
CROSS JOIN generate_series(1, 2) AS k
JOIN partner p ON p.netwerk_id = r.netwerk_id
    AND p.nr = (hashtext(d.id::text || '-' || k) & 2147483647) % p.n;

INSERT INTO netwerk_opdracht (actie_id, status, toegewezen_op, reden)
SELECT a.id, CASE WHEN a.status = 'gepland' THEN 'nieuw' ELSE 'aanvaard' END,
       a.gepland_op, ''
FROM trajectories_actie a;
"""


def vul_trajectplannen(url: str) -> None:
    """Add `TRAJECTPLAN_SQL`'s goals, actions and assignments when the database has none (the
    bundle holds no trajectplan), then VACUUM ANALYZE."""
    with psycopg.connect(url, autocommit=True) as conn:
        leeg = not conn.execute(
            "SELECT EXISTS (SELECT 1 FROM trajectories_doelstelling)"
        ).fetchone()[0]  # type: ignore[index]  # EXISTS: always one row
        if not leeg:
            return
        begin = time.perf_counter()
        with conn.transaction():
            # The history triggers would copy every row into the event tables: not needed.
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute(TRAJECTPLAN_SQL)
        conn.execute("VACUUM ANALYZE")
        aantal = conn.execute("SELECT count(*) FROM trajectories_actie").fetchone()[0]  # type: ignore[index]
        print(f"trajectplannen toegevoegd: {aantal} acties, {time.perf_counter() - begin:.1f} s")


# --- users and sessions (Django, in this process) ------------------------------------------


def maak_gebruikers() -> dict[str, dict[str, Any]]:
    """The bench users with their sessions and the ids their mix uses."""
    # Django is set up by main() before this runs
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.db.models import Count

    from accounts.middleware import LAST_SEEN, LOGIN_AT
    from accounts.models import Rol, Roltoewijzing, User
    from deelnemers import selectors
    from deelnemers.forms import KenmerkenForm
    from netwerk import selectors as netwerk_selectors
    from netwerk.models import Opdracht
    from referentie.models import Netwerk
    from trajectories.models import Actie, Activeringstraject

    # Dossiers per casemanager Werk organisation and region: the small casemanager works in
    # the smallest region (at least 20 dossiers), the large one for the largest organisation.
    per_regio = list(
        Activeringstraject.objects.exclude(casemanager_werk_org=None)
        .values("casemanager_werk_org", "regio")
        .annotate(n=Count("deelnemer", distinct=True))
        .order_by("n")
    )
    klein = next(r for r in per_regio if r["n"] >= 20)
    per_org = list(
        Activeringstraject.objects.exclude(casemanager_werk_org=None)
        .values("casemanager_werk_org")
        .annotate(n=Count("deelnemer", distinct=True))
        .order_by("n")
    )
    groot = per_org[-1]
    netwerk = Netwerk.objects.order_by("pk").first()
    # The dienstverlener with the most open actions.
    drukste = (
        Actie.objects.exclude(status=Actie.Status.AFGEROND)
        .values("dienstverlener")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    profielen = {
        "cm-klein": (Rol.CASEMANAGER_WERK, klein["casemanager_werk_org"], None, [klein["regio"]]),
        "cm-groot": (Rol.CASEMANAGER_WERK, groot["casemanager_werk_org"], None, []),
        "netwerkcoordinator": (
            Rol.NETWERKCOORDINATOR,
            None,
            netwerk.pk if netwerk else None,
            [],
        ),
        "coordinator": (Rol.COORDINATOR, None, None, []),
        "admin": (Rol.ADMIN, None, None, []),
    }
    if drukste:
        profielen["dienstverlener"] = (
            Rol.DIENSTVERLENER_WERK,
            drukste["dienstverlener"],
            None,
            [],
        )
    uit: dict[str, dict[str, Any]] = {}
    for naam, (rol, org, netwerk_id, regios) in profielen.items():
        user, _nieuw = User.objects.update_or_create(
            username=PREFIX + naam,
            defaults={"organisatie_id": org, "is_active": True, "email": ""},
        )
        user.set_unusable_password()
        user.save()
        Roltoewijzing.objects.filter(user=user).delete()
        Roltoewijzing.objects.create(user=user, rol=rol, netwerk_id=netwerk_id).regios.set(regios)
        if rol in (Rol.ADMIN, Rol.COORDINATOR, Rol.NETWERKCOORDINATOR):
            if not Authenticator.objects.filter(user=user).exists():
                TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        sessie = SessionStore()
        sessie[SESSION_KEY] = str(user.pk)
        sessie[BACKEND_SESSION_KEY] = "accounts.backends.GebruikerBackend"
        sessie[HASH_SESSION_KEY] = user.get_session_auth_hash()
        sessie[LOGIN_AT] = sessie[LAST_SEEN] = time.time()
        sessie.create()
        zicht = list(
            selectors.visible_to(user).order_by("?").values("pk", "achternaam", "insz")[:20]
        )
        trajecten = list(
            selectors.activeringstrajecten_visible_to(user).values_list("pk", flat=True)[:20]
        )
        if rol == Rol.DIENSTVERLENER_WERK:
            # Its organisation's accepted actions have the bench user as executor, as
            # accepting them in the application does (`?wie=ik`).
            if Opdracht.objects.filter(
                actie__dienstverlener_id=org, status=Opdracht.Status.AANVAARD, uitvoerder=None
            ).update(uitvoerder=user):
                with connection.cursor() as c:
                    c.execute("ANALYZE netwerk_opdracht")
            # The trajectories of its open actions (the network's trajectory page).
            trajecten = list(
                netwerk_selectors.acties_voor(user)
                .exclude(status=Actie.Status.AFGEROND)
                .order_by("?")
                .values_list("doelstelling__traject_id", flat=True)[:20]
            )
        formulier = None
        if zicht and rol == Rol.CASEMANAGER_WERK:
            d = selectors.visible_to(user).get(pk=zicht[0]["pk"])
            formulier = (d.pk, _formdata(KenmerkenForm.initial_van(d)))
        uit[naam] = {
            "sessie": sessie.session_key,
            "dossiers": [z["pk"] for z in zicht],
            "namen": [z["achternaam"] for z in zicht if z["achternaam"]],
            "insz": [z["insz"][:6] for z in zicht if z["insz"]],
            "trajecten": trajecten,
            "formulier": formulier,
            "omvang": selectors.visible_to(user).count() if rol != Rol.ADMIN else None,
            "open_acties": netwerk_selectors.acties_voor(user)
            .exclude(status=Actie.Status.AFGEROND)
            .count(),
        }
    return uit


def _formdata(initial: dict[str, Any]) -> dict[str, str]:
    """A form's initial values as the browser posts them (unchecked boxes left out)."""
    data = {}
    for k, v in initial.items():
        if v is None or v is False:
            continue
        data[k] = "on" if v is True else str(getattr(v, "pk", v))
    return data


# --- the virtual users ----------------------------------------------------------------------


class Klant:
    def __init__(self, basis: str, profiel: str, gegevens: dict[str, Any]) -> None:
        # optional: requests is no dependency of the project (pip install requests)
        import requests

        self.basis = basis
        self.profiel = profiel
        self.g = gegevens
        self.http = requests.Session()
        self.http.headers.update({"X-Forwarded-Proto": "https", "Host": "localhost"})
        self.http.cookies.set("sessionid", gegevens["sessie"])
        self.csrf: str | None = None

    def _url(self, pad: str) -> str:
        return self.basis + pad

    def _csrf(self) -> str:
        if self.csrf is None:
            r = self.http.get(self._url("/dossiers/"), allow_redirects=False)
            m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
            self.csrf = m.group(1) if m else ""
            # The cookie is Secure (production): over the bench's plain HTTP the client would
            # not send it back, so it is set again without the flag.
            if "csrftoken" in r.cookies:
                self.http.cookies.set("csrftoken", r.cookies["csrftoken"])
        return self.csrf

    def _post(self, pad: str, data: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        data = {**data, "csrfmiddlewaretoken": self._csrf()}
        return self.http.post(
            self._url(pad),
            data=data,
            headers={"Referer": "https://localhost" + pad, **(headers or {})},
        )

    def _zoek(self, term: str) -> Any:
        """The search as the browser does it (decision 560): htmx posts the form and gets the
        results part in the same request (the token URL in `HX-Push-Url`), no redirect."""
        return self._post(
            "/dossiers/",
            {"q": term},
            {"HX-Request": "true", "HX-Current-URL": "https://localhost/dossiers/"},
        )

    def acties(self) -> list[str]:
        if self.profiel == "coordinator":
            return ["home", "dashboard"]
        if self.profiel == "dienstverlener":
            return ["acties", "acties-ik", "netwerk-traject"]
        mix = ["caseload", "zoek-naam", "zoek-insz", "dossier", "traject", "aandacht"]
        if self.g["formulier"]:
            mix.append("formulier")
        if self.profiel in ("admin", "netwerkcoordinator"):
            mix.append("dashboard")
        return mix

    def doe(self, actie: str) -> Any:
        g = self.g
        if actie == "home":
            return self.http.get(self._url("/"))
        if actie == "dashboard":
            return self.http.get(self._url("/rapportering/dashboard/"))
        if actie == "caseload":
            return self.http.get(self._url("/dossiers/"))
        if actie == "zoek-naam":
            return self._zoek(random.choice(g["namen"] or ["Peeters"]))
        if actie == "zoek-insz":
            return self._zoek(random.choice(g["insz"] or ["840622"]))
        if actie == "dossier":
            return self.http.get(self._url(f"/dossiers/{random.choice(g['dossiers'])}/"))
        if actie == "traject":
            return self.http.get(
                self._url(f"/trajecten/activering/{random.choice(g['trajecten'])}/")
            )
        if actie == "aandacht":
            return self.http.get(self._url("/aandacht/"))
        if actie == "acties":
            return self.http.get(self._url("/netwerk/acties/"))
        if actie == "acties-ik":
            return self.http.get(self._url("/netwerk/acties/?wie=ik"))
        if actie == "netwerk-traject":
            return self.http.get(self._url(f"/netwerk/trajecten/{random.choice(g['trajecten'])}/"))
        if actie == "formulier":
            pk, data = g["formulier"]
            return self._post(f"/dossiers/{pk}/kenmerken/", data)
        raise ValueError(actie)


def _meet(
    klant: Klant, actie: str, ids: list[str] | None = None
) -> tuple[float, bool, list[tuple[str, float]]]:
    """The action's time (ms) and error, and per HTTP request of a redirecting action (the
    form: POST, then the dossier it redirects to) its own time: `(actie/post, ms)` and
    `(actie/doel, ms)`. The search is one request (htmx, decision 560). `ids` gets the
    request ids (`X-Request-ID`) of the action's requests, to find them in the access log."""
    begin = time.perf_counter()
    delen: list[tuple[str, float]] = []
    try:
        r = klant.doe(actie)
        fout = r.status_code >= 400 or "/accounts/" in r.url
        if ids is not None:
            ids.extend(h.headers.get("X-Request-ID", "") for h in [*r.history, r])
        if r.history:
            # A redirect (the search's and the form's POST, the coordinator's home): each URL
            # apart. `elapsed`: from sending the request to its response's headers.
            eerste = sum(h.elapsed.total_seconds() for h in r.history) * 1000
            delen = [(f"{actie}/{r.history[0].request.method.lower()}", eerste)]
    except Exception:  # noqa: BLE001 - a failed request is an error of the run
        fout = True
    ms = (time.perf_counter() - begin) * 1000
    if delen:
        delen.append((f"{actie}/doel", ms - delen[0][1]))
    return ms, fout, delen


def _pct(waarden: list[float], p: float) -> float:
    s = sorted(waarden)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def _servertijden(logboek: Path) -> dict[str, float]:
    """Per request id the time gunicorn spent on the request (ms), from the bench's access log
    (`%(D)s`, microseconds from the parsed request to the written response)."""
    tijden: dict[str, float] = {}
    for regel in logboek.read_text().splitlines():
        delen = regel.split()
        if len(delen) == 2 and delen[0].isdigit():
            tijden[delen[1]] = int(delen[0]) / 1000
    return tijden


def servicetijden(
    basis: str,
    gebruikers: dict[str, dict[str, Any]],
    workers: int,
    logboek: Path,
    rondes: int = 15,
) -> None:
    """Per user and action the median of `rondes` requests one at a time, after 2 per worker to
    warm every gunicorn worker up (its first request of a page loads templates and code).

    The rounds are interleaved: each round requests every user's every action once, so a slow
    minute of a shared machine (its speed drifts by up to 2x, docs/operations.md) falls on all
    pages alike instead of on whichever was measured then. Also printed: the fastest request,
    what the page costs when the machine is not in the way.

    Two times per action: at the client (from sending the request to the whole response read,
    what a user waits for on the same machine, the bench's own HTTP client included) and in
    the server (gunicorn's access log: from the parsed request to the written response, the
    time the application serves; the sum over the requests of a redirecting action)."""
    print(
        f"\nservicetijd (1 verzoek tegelijk, mediaan / snelste van {rondes}, door elkaar, ms; "
        "bij de klant [in de server]):"
    )
    klanten = {p: Klant(basis, p, g) for p, g in gebruikers.items()}
    for k in klanten.values():
        for actie in k.acties():
            for _ in range(2 * workers):
                _meet(k, actie)
    tijden: dict[tuple[str, str], list[float]] = defaultdict(list)
    verzoeken: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for _ in range(rondes):
        for profiel, k in klanten.items():
            for actie in k.acties():
                ids: list[str] = []
                tijden[profiel, actie].append(_meet(k, actie, ids)[0])
                verzoeken[profiel, actie].append(ids)
    time.sleep(0.5)  # gunicorn writes a request's log line after its response
    server = _servertijden(logboek)
    for profiel, k in klanten.items():
        regels = []
        for a in k.acties():
            t = tijden[profiel, a]
            s = [
                sum(server[i] for i in ids)
                for ids in verzoeken[profiel, a]
                if ids and all(i in server for i in ids)
            ]
            binnen = f" [{statistics.median(s):.0f}/{min(s):.0f}]" if s else ""
            regels.append(f"{a} {statistics.median(t):.0f}/{min(t):.0f}{binnen}")
        print(f"  {profiel:20} " + ", ".join(regels), flush=True)


def belasting(
    basis: str,
    gebruikers: dict[str, dict[str, Any]],
    n: int,
    duur: float,
    denktijd: float,
    profielen: list[str],
    gunicorn_pid: int,
) -> None:
    metingen: dict[str, list[float]] = defaultdict(list)
    fouten: dict[str, int] = defaultdict(int)
    slot = threading.Lock()
    einde = time.monotonic() + duur

    def gebruiker(i: int) -> None:
        profiel = profielen[i % len(profielen)]
        k = Klant(basis, profiel, gebruikers[profiel])
        acties = k.acties()
        time.sleep(random.random() * denktijd)
        while time.monotonic() < einde:
            actie = random.choice(acties)
            ms, fout, delen = _meet(k, actie)
            with slot:
                metingen[actie].append(ms)
                fouten[actie] += fout
                for url, deel_ms in delen:
                    metingen[url].append(deel_ms)
                    fouten[url] += 0
            time.sleep(denktijd)

    draden = [threading.Thread(target=gebruiker, args=(i,)) for i in range(n)]
    begin = time.monotonic()
    cpu_voor = cpu_stand(gunicorn_pid)
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    cpu_na = cpu_stand(gunicorn_pid)
    verstreken = time.monotonic() - begin
    # Requests: the actions, plus the second request of each redirecting one (its first is
    # counted with the action; the `/post`|`/get` and `/doel` lines are its two URLs).
    totaal = sum(len(v) for a, v in metingen.items() if "/" not in a) + sum(
        len(v) for a, v in metingen.items() if a.endswith("/doel")
    )
    print(f"\n{n} gebruikers, {verstreken:.0f} s, denktijd {denktijd} s, load {_load()}:")
    print(f"  {'actie':16} {'aantal':>7} {'fout':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>6}")
    for actie in sorted(metingen):
        t = metingen[actie]
        print(
            f"  {actie:16} {len(t):7d} {fouten[actie]:5d} {_pct(t, 50):7.0f} {_pct(t, 95):7.0f} "
            f"{_pct(t, 99):7.0f} {len(t) / verstreken:6.1f}"
        )
    print(
        f"  {'verzoeken':16} {totaal:7d} {sum(fouten.values()):5d} {'':23} {totaal / verstreken:6.1f}"
    )
    print(f"  cpu per verzoek (ms): {cpu_per_verzoek(cpu_voor, cpu_na, totaal)}")


def _dienstverlener_paginas(g: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    """The dienstverlener's pages: its worklist (all, and only what is assigned to the user)
    and a trajectory of one of its open actions."""
    return {
        "acties": lambda c: c.get("/netwerk/acties/"),
        "acties-ik": lambda c: c.get("/netwerk/acties/?wie=ik"),
        "netwerk-traject": lambda c, g=g: (
            c.get(f"/netwerk/trajecten/{g['trajecten'][0]}/") if g["trajecten"] else None
        ),
    }


def explain(gebruikers: dict[str, dict[str, Any]]) -> None:
    """EXPLAIN ANALYZE of every query each page sends (in this process, Django's test client):
    per page the slowest query's execution time and the sum over the page's queries."""
    # Django is set up by main() before this runs
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print("\nEXPLAIN ANALYZE per pagina (traagste query / som van de queries, ms):")
    for profiel, g in gebruikers.items():
        c = Client()
        c.force_login(get_user_model().objects.get(username=PREFIX + profiel))
        paginas: dict[str, Callable[..., Any]] = {
            "caseload": lambda c: c.get("/dossiers/"),
            "zoek-naam": lambda c, g=g: c.post(
                "/dossiers/", {"q": (g["namen"] or ["x"])[0]}, follow=True
            ),
            "zoek-insz": lambda c, g=g: c.post(
                "/dossiers/", {"q": (g["insz"] or ["84"])[0]}, follow=True
            ),
            "aandacht": lambda c: c.get("/aandacht/"),
            "dossier": lambda c, g=g: (
                c.get(f"/dossiers/{g['dossiers'][0]}/") if g["dossiers"] else None
            ),
        }
        if profiel == "coordinator":
            paginas = {"home": lambda c: c.get("/", follow=True)}
        elif profiel == "dienstverlener":
            paginas = _dienstverlener_paginas(g)
        regels = []
        for naam, doe in paginas.items():
            with CaptureQueriesContext(connection) as ctx:
                if doe(c) is None:
                    continue
            tijden = []
            for q in ctx.captured_queries:
                sql = q["sql"]
                if sql.startswith("SELECT set_config('pghistory."):
                    # pghistory's context in front of a statement not starting with SELECT
                    # (e.g. the worklist's WITH …): explain the statement itself.
                    sql = sql.split("; ", 1)[1]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    (rij,) = cur.fetchone()
                plan = (json.loads(rij) if isinstance(rij, str) else rij)[0]
                tijden.append(plan["Planning Time"] + plan["Execution Time"])
            if tijden:
                regels.append(f"{naam} {max(tijden):.1f}/{sum(tijden):.1f}")
        print(f"  {profiel:20} " + ", ".join(regels), flush=True)


def reeks(gebruikers: dict[str, dict[str, Any]], n: int) -> None:
    """Each page of each user `n` times one after the other, in this process (Django's test
    client: middleware, templates, the read log; no network, no queue): p50/p95 in ms."""
    # Django is set up by main() before this runs
    from django.contrib.auth import get_user_model
    from django.test import Client

    print(f"\n{n} verzoeken na elkaar per pagina (in dit proces), p50/p95 ms, load {_load()}:")
    for profiel, g in gebruikers.items():
        if profiel == "coordinator":
            continue
        c = Client()
        c.force_login(get_user_model().objects.get(username=PREFIX + profiel))
        naam, insz = (g["namen"] or ["Peeters"])[0], (g["insz"] or ["840622"])[0]
        paginas: dict[str, Callable[..., Any]] = {
            "caseload": lambda c: c.get("/dossiers/"),
            # As the browser: one htmx POST answered with the results part (decision 560).
            "zoek-naam": lambda c, q=naam: c.post("/dossiers/", {"q": q}, HTTP_HX_REQUEST="true"),
            "zoek-insz": lambda c, q=insz: c.post("/dossiers/", {"q": q}, HTTP_HX_REQUEST="true"),
            "aandacht": lambda c: c.get("/aandacht/"),
        }
        if profiel == "dienstverlener":
            paginas = _dienstverlener_paginas(g)
        regels = []
        for actie, doe in paginas.items():
            if doe(c) is None:
                continue
            tijden = []
            for _ in range(n):
                begin = time.perf_counter()
                doe(c)
                tijden.append((time.perf_counter() - begin) * 1000)
            regels.append(f"{actie} {_pct(tijden, 50):.0f}/{_pct(tijden, 95):.0f}")
        print(f"  {profiel:20} " + ", ".join(regels), flush=True)


#: The caseload's filters and orders `--filters` times (decisions 544-546).
FILTERS = [
    "soort=activering",
    "soort=ama-se",
    "soort=ama-wvg",
    "status=bezig",
    "status=aanvaard",
    "status=afgesloten",
    "overdue=ja",
    "overdue=nee",
    "regio=regio-antwerpen",
    "regio=regio-gent",
    "sorteer=-naam",
    "sorteer=geboortedatum",
    "sorteer=-geboortedatum",
    "sorteer=regio",
    "sorteer=-regio",
    "soort=activering&sorteer=regio",
]


def filters(gebruikers: dict[str, dict[str, Any]], n: int) -> None:
    """Each filter and order of the caseload (`FILTERS`) of each user `n` times one after the
    other, in this process (as `reeks`): median and slowest in ms."""
    # Django is set up by main() before this runs
    from django.contrib.auth import get_user_model
    from django.test import Client

    print(f"\ncaseload met filter, {n} keer na elkaar (in dit proces), mediaan/traagste ms:")
    for profiel in gebruikers:
        if profiel in ("coordinator", "dienstverlener"):  # no caseload
            continue
        c = Client()
        c.force_login(get_user_model().objects.get(username=PREFIX + profiel))
        regels = []
        for f in FILTERS:
            c.get(f"/dossiers/?{f}")
            tijden = []
            for _ in range(n):
                begin = time.perf_counter()
                r = c.get(f"/dossiers/?{f}")
                tijden.append((time.perf_counter() - begin) * 1000)
                assert r.status_code == 200, (profiel, f, r.status_code)
            regels.append(f"{f} {statistics.median(tijden):.0f}/{max(tijden):.0f}")
        print(f"  {profiel}:\n    " + "\n    ".join(regels), flush=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _klok(pid: int) -> float:
    """CPU seconds (user + system) a process used so far; 0 when it is gone (Linux /proc)."""
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def cpu_stand(gunicorn_pid: int) -> dict[str, float] | None:
    """CPU seconds used so far by gunicorn (master and workers), this process (the virtual
    users) and the whole machine (/proc/stat), so that the load's CPU per request can be
    printed: a figure that varies far less between runs than a p95 and tells whether a change
    made the pages cheaper. None off Linux."""
    if not Path("/proc/stat").exists():
        return None
    try:
        kinderen = Path(f"/proc/{gunicorn_pid}/task/{gunicorn_pid}/children").read_text().split()
    except OSError:
        kinderen = []
    eerste = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    bezet = sum(int(x) for i, x in enumerate(eerste) if i not in (3, 4))  # not idle, iowait
    return {
        "gunicorn": sum(_klok(p) for p in [gunicorn_pid, *map(int, kinderen)]),
        "bench": sum(os.times()[:2]),
        "machine": bezet / os.sysconf("SC_CLK_TCK"),
    }


def cpu_per_verzoek(voor: dict[str, float] | None, na: dict[str, float] | None, n: int) -> str:
    """The CPU milliseconds per request between two `cpu_stand`s: gunicorn, the virtual users
    (this process), the rest of the machine (PostgreSQL, whose backends come and go with
    `CONN_MAX_AGE`, and the system) and the machine in all."""
    if not voor or not na or not n:
        return "onbekend"
    d = {k: na[k] - voor[k] for k in ("gunicorn", "bench", "machine")}
    delen = {
        "gunicorn": d["gunicorn"],
        "bench": d["bench"],
        "PostgreSQL en systeem": d["machine"] - d["gunicorn"] - d["bench"],
        "machine": d["machine"],
    }
    return ", ".join(f"{k} {v / n * 1000:.1f}" for k, v in delen.items())


def cpu_referentie() -> float:
    """The fastest of five runs of a fixed Python loop (ms): how fast one core of this machine
    runs Python right now, printed beside the load so that service times measured on other
    machines or at other hours can be compared (a page's time is mostly Python)."""
    tijden = []
    for _ in range(5):
        t = time.perf_counter()
        som = 0
        for i in range(2_000_000):
            som += i
        tijden.append((time.perf_counter() - t) * 1000)
    return min(tijden)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--database", default="wz_bench")
    parser.add_argument("--background", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generator", default=str(GENERATOR), help="folder of make_bundle.py")
    parser.add_argument("--targets", help="published.json (default: ../fixtures/mededeling-2024)")
    parser.add_argument("--bundle", help="bundle folder (made when missing)")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the database")
    parser.add_argument(
        "--profiles",
        nargs="+",
        default=["cm-klein", "cm-klein", "cm-groot", "coordinator", "admin", "dienstverlener"],
        help="the virtual users' profiles, assigned round robin",
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the pages, no load")
    parser.add_argument(
        "--reeks", type=int, metavar="N", help="each page N times in a row in process, no load"
    )
    parser.add_argument(
        "--filters",
        type=int,
        metavar="N",
        help="each filter and order of the caseload N times in process, no load",
    )
    args = parser.parse_args()

    bron = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not urlsplit(bron).scheme.startswith("postgres"):
        sys.exit("DATABASE_URL moet naar PostgreSQL wijzen")
    url = db_url(bron, args.database)

    os.environ["DATABASE_URL"] = url
    # The sessions made here are signed with this key: gunicorn gets the same one.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings")
    if args.explain or args.reeks or args.filters:
        # In process: the figures, not a log line per page (the load's server keeps its log).
        os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Django only once sys.path and DJANGO_SETTINGS_MODULE are set (it connects when first used)
    import django

    django.setup()

    aantal = aantal_deelnemers(url)
    if args.rebuild or aantal < args.background:
        bouw_database(args, url)
    else:
        print(f"databank {args.database} hergebruikt: {aantal} deelnemers", flush=True)
        werk_bij()
    vul_momenten(url)
    vul_trajectplannen(url)

    gebruikers = maak_gebruikers()
    for profiel, g in gebruikers.items():
        print(
            f"  {profiel:20} {g['omvang'] if g['omvang'] is not None else 'alle'} dossiers, "
            f"{g['open_acties']} open acties"
        )
    if args.explain:
        explain(gebruikers)
        return
    if args.reeks:
        reeks(gebruikers, args.reeks)
        return
    if args.filters:
        filters(gebruikers, args.filters)
        return

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "werkzorg.settings_production",
        "DJANGO_ENV": "production",
        "WERKZORG_PSEUDONIEM_SLEUTEL": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    logboek = Path(tempfile.mkdtemp(prefix="werkzorg-bench-")) / "access.log"
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "werkzorg/gunicorn.conf.py",  # the production configuration and hooks
            "--access-logfile",
            str(logboek),  # written (as in production), not printed
            # per request: its time in the server (microseconds) and its id, no personal data
            "--access-logformat",
            "%(D)s %({x-request-id}o)s",
            "werkzorg.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
    )
    basis = f"http://127.0.0.1:{args.port}"
    try:
        # optional: requests is no dependency of the project (pip install requests)
        import requests

        for _ in range(120):
            try:
                requests.get(
                    basis + "/",
                    timeout=5,
                    allow_redirects=False,
                    headers={"X-Forwarded-Proto": "https", "Host": "localhost"},
                )
                break
            except requests.RequestException:
                time.sleep(0.5)
        print(f"load voor de meting: {_load()}; cpu-referentie {cpu_referentie():.0f} ms")
        servicetijden(basis, gebruikers, args.workers, logboek)
        for n in args.users:
            # (a profile the database cannot give, e.g. no dienstverlener with actions, left out)
            profielen = [p for p in args.profiles if p in gebruikers]
            belasting(basis, gebruikers, n, args.duration, args.think, profielen, gunicorn.pid)
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        shutil.rmtree(logboek.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
