"""A/B of two checkouts on the same pages, in alternating bursts, at 1 M participants.

    git worktree add /tmp/oud <commit>
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wz_bench \\
        .venv/bin/python bench/bench_ab.py /tmp/oud . [--pagina mix] [--rondes 8] [--n 3]

The bench machine's speed changes by a factor of two within an hour (its `cpu-referentie`
read 71 and 170 ms in one session), so two runs of `bench_load.py` one after the other do not
tell whether a change made the pages cheaper. Here each checkout runs in its own process,
in process (Django's test client, no gunicorn, `werkzorg.settings_production`), on the
database that `bench_load.py` built, logged in as its bench users (run `bench_load.py` once
first). The two processes take turns, `--rondes` bursts each, every burst `--n` rounds of
the pages; a slow minute falls on both alike. Prints the median milliseconds per request of
each and the difference.

`--pagina`: `mix` (caseload, name search, INSZ search, worklist, dossier, trajectory page,
for each bench user but the coordinator) or one of them.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROFIELEN = ["cm-klein", "cm-groot", "netwerkcoordinator", "admin"]
PAGINAS = ["caseload", "naam", "insz", "aandacht", "dossier", "traject"]


def werker(root: str, pagina: str) -> None:
    """One checkout's side: reads a number of rounds per line on stdin, answers the
    milliseconds per request of those rounds."""
    sys.path.insert(0, root)
    os.chdir(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings_production")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-ab-" + "x" * 50)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("WERKZORG_PSEUDONIEM_SLEUTEL", "bench-ab-" + "y" * 40)
    # the checkout's Django only once sys.path (the checkout) and the settings are set
    import django

    django.setup()
    logging.disable(logging.CRITICAL)
    # the checkout's code, importable only after django.setup()
    from django.contrib.auth import get_user_model  # after setup: the checkout's apps
    from django.test import Client  # after setup: the checkout's apps

    from accounts.middleware import LAST_SEEN, LOGIN_AT  # after setup: the checkout's code
    from deelnemers.models import Deelnemer  # after setup: the checkout's code
    from deelnemers.selectors import visible_to  # after setup: the checkout's code

    verzoeken: list[tuple[Any, str, str, dict[str, str], dict[str, str]]] = []
    for profiel in PROFIELEN:
        user = get_user_model().objects.get(username=f"bench-load-{profiel}")
        c = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="localhost")
        c.force_login(user, backend="accounts.backends.GebruikerBackend")
        sessie = c.session
        sessie[LOGIN_AT] = sessie[LAST_SEEN] = time.time()
        sessie.save()
        d = visible_to(user).filter(activeringstrajecten__isnull=False).order_by("pk").first()
        t = d.activeringstrajecten.order_by("pk").first() if d is not None else None
        if d is None or t is None:
            continue
        eigen = Deelnemer.objects.get(pk=d.pk)
        hx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "https://localhost/dossiers/"}
        alle = {
            "caseload": (c, "get", "/dossiers/", {}, {}),
            "naam": (c, "post", "/dossiers/", {"q": eigen.achternaam}, hx),
            "insz": (c, "post", "/dossiers/", {"q": (eigen.insz or "85")[:6]}, hx),
            "aandacht": (c, "get", "/aandacht/", {}, {}),
            "dossier": (c, "get", f"/dossiers/{d.pk}/", {}, {}),
            "traject": (c, "get", f"/trajecten/activering/{t.pk}/", {}, {}),
        }
        verzoeken += list(alle.values()) if pagina == "mix" else [alle[pagina]]

    def ronde() -> None:
        for c, methode, url, data, kop in verzoeken:
            r = getattr(c, methode)(url, data, secure=True, **kop)
            if r.status_code not in (200, 302):
                raise SystemExit(f"{url}: {r.status_code}")

    for _ in range(3):
        ronde()
    print("klaar", flush=True)
    for regel in sys.stdin:
        n = int(regel)
        begin = time.perf_counter()
        for _ in range(n):
            ronde()
        print(f"{(time.perf_counter() - begin) / n / len(verzoeken) * 1000:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("oud", help="the checkout to compare against (e.g. a git worktree)")
    parser.add_argument("nieuw", help="the checkout with the change")
    parser.add_argument("--pagina", default="mix", choices=["mix", *PAGINAS])
    parser.add_argument("--rondes", type=int, default=8, help="bursts per checkout")
    parser.add_argument("--n", type=int, default=3, help="rounds of the pages per burst")
    parser.add_argument("--werker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.werker:
        werker(args.werker, args.pagina)
        return
    processen = {
        naam: subprocess.Popen(
            [sys.executable, __file__, "x", "x", "--pagina", args.pagina, "--werker", root],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for naam, root in (
            ("oud", str(Path(args.oud).resolve())),
            ("nieuw", str(Path(args.nieuw).resolve())),
        )
    }
    for naam, p in processen.items():
        assert p.stdout is not None
        if p.stdout.readline().strip() != "klaar":
            raise SystemExit(f"{naam}: de werker startte niet")
    tijden: dict[str, list[float]] = {"oud": [], "nieuw": []}
    for i in range(args.rondes):
        for naam in ("oud", "nieuw") if i % 2 == 0 else ("nieuw", "oud"):
            p = processen[naam]
            assert p.stdin is not None and p.stdout is not None
            p.stdin.write(f"{args.n}\n")
            p.stdin.flush()
            tijden[naam].append(float(p.stdout.readline()))
    for p in processen.values():
        assert p.stdin is not None
        p.stdin.close()
        p.wait()
    for naam, t in tijden.items():
        print(
            f"{args.pagina} {naam}: mediaan {statistics.median(t):.2f} ms per verzoek, "
            f"snelste burst {min(t):.2f} ({len(t)} bursts van {args.n} rondes)"
        )
    verschil = statistics.median(tijden["nieuw"]) / statistics.median(tijden["oud"]) - 1
    print(f"verschil: {verschil * 100:+.1f} %")


if __name__ == "__main__":
    main()
