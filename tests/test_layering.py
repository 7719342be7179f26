"""The layering of docs/architecture.md, enforced on the source (AST, no Django needed).

Every project module outside migrations and tests belongs to one layer:

    5 tools       bench/, scripts/, manage.py (nothing imports them)
    4 interface   views, forms, urls, admin, middleware, templatetags, apps, management
                  commands, api/, bundle/ and the project wiring (settings, urls, celery)
    3 domain      selectors, services, worklist, tasks, reports (reporting/tables), privacy
    2 data        <app>.models and <app>.rules, in the app order APP_VOLGORDE
    1 recording   audit.geschiedenis, audit.models
    0 core        werkzorg.domein, werkzorg.ids, werkzorg.formats

Checked, each finding naming file:line:
(a) a module imports from its own layer and the layers below, never above; in the data layer a
    model or rule imports the models/rules of its own app and the apps to its left only;
(b) no import cycle between apps: within each layer the graph app -> app of the imports is
    acyclic (a cycle of modules always lies within one layer, so this forbids those too; the
    data layer is acyclic by its order);
(c) an import inside a function or method says why on its line or the line directly above
    (a run of such imports, blank lines between them allowed, shares the comment above the
    first).

A module the naming rules do not place (`laag`) must be placed in `LAGEN`: a new kind of
module fails the test until someone decided its layer.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

KERN, OPNAME, DATA, DOMEIN, INTERFACE, GEREEDSCHAP = range(6)
LAAG_NAAM = {
    KERN: "core",
    OPNAME: "recording",
    DATA: "data",
    DOMEIN: "domain",
    INTERFACE: "interface",
    GEREEDSCHAP: "tools",
}

#: The data layer's order: a model or rule knows only the data of apps to its left.
APP_VOLGORDE = (
    "referentie",
    "organisaties",
    "accounts",
    "audit",
    "deelnemers",
    "trajectories",
    "ladder",
    "netwerk",
    "privacy",
    "reporting",
    "api",
    "dossier",
    "bundle",
)

#: Modules (or packages, for everything under them) the naming rules of `laag` do not place.
LAGEN: dict[str, int] = {
    "werkzorg.domein": KERN,
    "werkzorg.ids": KERN,
    "werkzorg.formats": KERN,
    "audit.geschiedenis": OPNAME,
    "audit.models": OPNAME,
    # domain: rules about who may act, reads and writes that views, tasks and commands share
    "accounts.permissions": DOMEIN,
    "accounts.mfa": DOMEIN,
    "accounts.demo": DOMEIN,
    "audit.log": DOMEIN,
    "audit.databaserollen": DOMEIN,
    "deelnemers.duplicaten": DOMEIN,
    "deelnemers.zoeken": DOMEIN,
    "deelnemers.geschiedenis": DOMEIN,
    "dossier.afdruk": DOMEIN,
    "dossier.duplicaten_run": DOMEIN,
    "dossier.inhoud": DOMEIN,
    "dossier.overdracht": DOMEIN,
    "dossier.samenvoegen": DOMEIN,
    "ladder.exports": DOMEIN,
    "ladder.report": DOMEIN,
    "ladder.sankey": DOMEIN,
    "netwerk.permissions": DOMEIN,
    "netwerk.sturing": DOMEIN,
    "reporting.contingenten": DOMEIN,
    "reporting.dashboard": DOMEIN,
    "reporting.exports": DOMEIN,
    "reporting.labels": DOMEIN,
    "reporting.mededeling": DOMEIN,
    "reporting.permissions": DOMEIN,
    # interface: request handling, framework hooks and the project wiring
    "accounts.adapter": INTERFACE,
    "accounts.verzoek": INTERFACE,
    "accounts.backends": INTERFACE,
    "accounts.checks": INTERFACE,
    "accounts.decorators": INTERFACE,
    "accounts.ip": INTERFACE,
    "deelnemers.filters": INTERFACE,
    "netwerk.api": INTERFACE,
    "netwerk.signals": INTERFACE,
    "reporting.jaarkeuze": INTERFACE,
    "werkzorg": INTERFACE,
    "werkzorg.celery": INTERFACE,
    "werkzorg.foutpaginas": INTERFACE,
    "werkzorg.gunicorn.conf": INTERFACE,
    "werkzorg.settings": INTERFACE,
    "werkzorg.settings_production": INTERFACE,
    "werkzorg.urls": INTERFACE,
    "werkzorg.wsgi": INTERFACE,
    "bench": GEREEDSCHAP,
    "scripts": GEREEDSCHAP,
    "manage": GEREEDSCHAP,
}

_INTERFACE_NAMEN = {"views", "forms", "urls", "admin", "middleware", "templatetags", "apps"}
_DOMEIN_NAMEN = {"selectors", "services", "worklist", "tasks"}
_NIET_DOORLOPEN = {"migrations", "tests", "node_modules", "__pycache__", "static", "templates"}
_PRAGMA = re.compile(
    r"^\s*(noqa(:\s*[A-Z]+[0-9]+(,\s*[A-Z]+[0-9]+)*)?|type:\s*ignore(\[[^\]]*\])?"
    r"|pragma:\s*no\s*cover|nosec|fmt:\s*\w+)\s*",
    re.IGNORECASE,
)


def laag(module: str) -> int | None:
    """The layer of `module`, None when nothing places it."""
    deel = module.split(".")
    for i in range(len(deel), 0, -1):
        if ".".join(deel[:i]) in LAGEN:
            return LAGEN[".".join(deel[:i])]
    app, naam = deel[0], (deel[1] if len(deel) > 1 else "")
    if naam == "management" or naam in _INTERFACE_NAMEN:
        return INTERFACE
    if naam in ("models", "rules"):
        return DATA
    if app in ("api", "bundle"):
        return INTERFACE
    if naam in _DOMEIN_NAMEN or module.startswith("reporting.tables") or app == "privacy":
        return DOMEIN
    return None


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    pad: str  # its file, relative to the project root
    regel: int
    doel: str  # the imported project module
    in_functie: bool
    met_reden: bool  # (in a function) a comment says why


def _commentaren(bron: str) -> tuple[dict[int, str], set[int]]:
    """Comment text per line, and the lines holding nothing but a comment."""
    tekst: dict[int, str] = {}
    alleen: set[int] = set()
    code: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(bron).readline):
        if tok.type == tokenize.COMMENT:
            tekst[tok.start[0]] = tok.string.lstrip("#").strip()
        elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            code.update(range(tok.start[0], tok.end[0] + 1))
    alleen = {r for r in tekst if r not in code}
    return tekst, alleen


def _zegt_waarom(commentaar: str | None) -> bool:
    """A comment that says more than a linter pragma (`# noqa: F401 - registers the checks`
    says why; `# noqa: F401` does not): two words at least once the pragma is taken off."""
    tekst = _PRAGMA.sub("", commentaar or "")
    return len(re.findall(r"\w+", tekst)) >= 2


def _doelen(node: ast.Import | ast.ImportFrom, pakket: str, modules: set[str]) -> list[str]:
    """The project modules an import statement loads (the deepest existing one per name)."""
    if isinstance(node, ast.Import):
        namen = [a.name for a in node.names]
    else:
        if node.level:
            basis = pakket.split(".")[: len(pakket.split(".")) - node.level + 1]
            van = ".".join([*basis, *([node.module] if node.module else [])])
        else:
            van = node.module or ""
        namen = [f"{van}.{a.name}" for a in node.names]
    doelen = []
    for naam in namen:
        deel = naam.split(".")
        for i in range(len(deel), 0, -1):
            if ".".join(deel[:i]) in modules:
                doelen.append(".".join(deel[:i]))
                break
    return doelen


def imports_van(module: str, pad: str, bron: str, modules: set[str]) -> list[Import]:
    """The imports of project modules in `bron`, and every import inside a function (project or
    not: rule (c) holds for all of them; `doel` is "" for a non-project module)."""
    boom = ast.parse(bron, filename=pad)
    tekst, alleen = _commentaren(bron)
    regels = bron.splitlines()
    pakket = module if pad.endswith("__init__.py") else module.rpartition(".")[0]
    gevonden: list[Import] = []
    gedekt: set[int] = set()  # last lines of in-function imports that have their reason

    def bezoek(node: ast.AST, in_functie: bool) -> None:
        for kind in ast.iter_child_nodes(node):
            if isinstance(kind, ast.Import | ast.ImportFrom):
                met_reden = True
                if in_functie:
                    boven = kind.lineno - 1
                    vorige = boven  # the last non-blank line above (a run may hold blank lines)
                    while vorige > 0 and not regels[vorige - 1].strip():
                        vorige -= 1
                    met_reden = (
                        _zegt_waarom(tekst.get(kind.lineno))
                        or _zegt_waarom(tekst.get(kind.end_lineno or kind.lineno))
                        or (boven in alleen and _zegt_waarom(tekst.get(boven)))
                        or vorige in gedekt
                    )
                    if met_reden:
                        gedekt.add(kind.end_lineno or kind.lineno)
                doelen = _doelen(kind, pakket, modules)
                if in_functie and not doelen:
                    doelen = [""]
                for doel in doelen:
                    if doel != module:
                        gevonden.append(
                            Import(module, pad, kind.lineno, doel, in_functie, met_reden)
                        )
            else:
                bezoek(
                    kind,
                    in_functie or isinstance(kind, ast.FunctionDef | ast.AsyncFunctionDef),
                )

    bezoek(boom, False)
    return gevonden


def _app(module: str) -> str:
    return module.split(".")[0]


def fouten_in(bronnen: dict[str, tuple[str, str]]) -> list[str]:
    """All findings for `bronnen` (module -> (path, source)), each starting with file:line."""
    modules = set(bronnen)
    fouten: list[str] = []
    imports: list[Import] = []
    for module, (pad, bron) in sorted(bronnen.items()):
        if laag(module) is None and bron.strip():
            fouten.append(
                f"{pad}:1: {module} has no layer: place it in LAGEN (tests/test_layering.py) "
                "and in docs/architecture.md"
            )
        imports += imports_van(module, pad, bron, modules)

    for imp in imports:
        if imp.in_functie and not imp.met_reden:
            fouten.append(
                f"{imp.pad}:{imp.regel}: import inside a function without a comment saying why "
                "(e.g. `# circular: ...`, `# heavy: ...`) - or move it to the top"
            )
    projectimports = [i for i in imports if i.doel]
    for imp in projectimports:
        van, naar = laag(imp.module), laag(imp.doel)
        if van is None or naar is None:
            continue
        if naar > van:
            fouten.append(
                f"{imp.pad}:{imp.regel}: {imp.module} ({LAAG_NAAM[van]}) imports {imp.doel} "
                f"({LAAG_NAAM[naar]}), a layer above it"
            )
        elif van == naar == DATA and _app(imp.module) != _app(imp.doel):
            links = APP_VOLGORDE.index(_app(imp.doel)) < APP_VOLGORDE.index(_app(imp.module))
            if not links:
                fouten.append(
                    f"{imp.pad}:{imp.regel}: {imp.module} imports {imp.doel}: a model or rule "
                    f"knows only the apps to its left in {' > '.join(APP_VOLGORDE)}"
                )
    fouten += _kringen(projectimports)
    return list(dict.fromkeys(fouten))  # an import of several names is one finding


def _kringen(imports: list[Import]) -> list[str]:
    """(b): per layer, the cycles of the graph app -> app (with the imports making them)."""
    randen: dict[tuple[int, str], dict[str, list[Import]]] = defaultdict(lambda: defaultdict(list))
    for imp in imports:
        van, naar = laag(imp.module), laag(imp.doel)
        # (the data layer is ordered by APP_VOLGORDE, so check (a) already keeps it acyclic)
        if van is not None and van == naar != DATA and _app(imp.module) != _app(imp.doel):
            randen[(van, _app(imp.module))][_app(imp.doel)].append(imp)
    fouten = []
    gemeld: set[frozenset[str]] = set()
    for (laag_, begin), _ in sorted(randen.items()):
        # depth-first search for a path back to `begin` within this layer
        stapel: list[tuple[str, list[str]]] = [(begin, [begin])]
        bezocht: set[str] = set()
        while stapel:
            app, pad = stapel.pop()
            for volgende in sorted(randen[(laag_, app)]):
                if volgende == begin:
                    kring = frozenset(pad)
                    if kring not in gemeld:
                        gemeld.add(kring)
                        stappen = [*pad, begin]
                        bewijs = "; ".join(
                            f"{a} -> {b} at {randen[(laag_, a)][b][0].pad}:"
                            f"{randen[(laag_, a)][b][0].regel}"
                            for a, b in zip(stappen, stappen[1:], strict=False)
                        )
                        eerste = randen[(laag_, pad[0])][stappen[1]][0]
                        fouten.append(
                            f"{eerste.pad}:{eerste.regel}: import cycle between apps in the "
                            f"{LAAG_NAAM[laag_]} layer: {' -> '.join(stappen)} ({bewijs})"
                        )
                elif volgende not in bezocht:
                    bezocht.add(volgende)
                    stapel.append((volgende, [*pad, volgende]))
    return fouten


def project_bronnen() -> dict[str, tuple[str, str]]:
    """Every project .py file outside migrations and tests: module -> (path, source)."""
    bronnen = {}
    for pad in sorted(ROOT.rglob("*.py")):
        relatief = pad.relative_to(ROOT)
        mappen = relatief.parts[:-1]
        if any(m.startswith(".") or m in _NIET_DOORLOPEN for m in mappen):
            continue
        deel = list(relatief.with_suffix("").parts)
        if deel[-1] == "__init__":
            deel = deel[:-1]
        bronnen[".".join(deel)] = (str(relatief), pad.read_text(encoding="utf-8"))
    return bronnen


def test_the_project_keeps_its_layers():
    bronnen = project_bronnen()
    # the walk sees the apps (a wrong root would make every check pass on nothing)
    assert {f"{app}.models" for app in APP_VOLGORDE if app != "bundle"} <= set(bronnen)
    assert any(i.doel for m, (p, b) in bronnen.items() for i in imports_van(m, p, b, set(bronnen)))
    fouten = fouten_in(bronnen)
    assert not fouten, "\n" + "\n".join(fouten)


# --- self-test: each check fails on a synthetic module -----------------------------------------


def _synthetisch(**modules: str) -> list[str]:
    return fouten_in({m: (m.replace(".", "/") + ".py", bron) for m, bron in modules.items()})


def test_an_import_from_a_layer_above_is_named_with_file_and_line():
    fouten = _synthetisch(
        **{
            "deelnemers.models": "import os\n\nfrom deelnemers.views import lijst\n",
            "deelnemers.views": "lijst = []\n",
        }
    )
    assert fouten == [
        "deelnemers/models.py:3: deelnemers.models (data) imports deelnemers.views (interface), "
        "a layer above it"
    ]


def test_a_model_importing_an_app_to_its_right_is_refused_and_to_its_left_accepted():
    fouten = _synthetisch(
        **{
            "deelnemers.models": "from trajectories.models import Traject\n",
            "trajectories.models": "from deelnemers.models import Deelnemer\nTraject = 1\n",
        }
    )
    assert len(fouten) == 1
    assert fouten[0].startswith("deelnemers/models.py:1: deelnemers.models imports trajectories")


def test_an_import_cycle_between_apps_within_a_layer_is_refused():
    fouten = _synthetisch(
        **{
            "deelnemers.selectors": "from trajectories.selectors import a\n",
            "trajectories.selectors": "x = 1\n\n\ndef f():\n"
            "    from deelnemers.selectors import b  # circular: deelnemers imports us\n",
        }
    )
    assert len(fouten) == 1
    assert "import cycle between apps in the domain layer" in fouten[0]
    assert "deelnemers/selectors.py:1" in fouten[0]
    assert "trajectories/selectors.py:5" in fouten[0]
    # one way only: no cycle
    assert not _synthetisch(
        **{
            "deelnemers.selectors": "from trajectories.selectors import a\n",
            "trajectories.selectors": "a = 1\n",
        }
    )


def test_an_import_in_a_function_needs_a_comment_saying_why():
    bron = (
        "def zonder():\n"
        "    import json\n"  # 2: no comment
        "\n"
        "def pragma():\n"
        "    import json  # noqa: PLC0415\n"  # 5: a pragma is no reason
        "\n"
        "def ernaast():\n"
        "    import weasyprint  # heavy: loaded only for PDFs\n"
        "\n"
        "def erboven():\n"
        "    # Django app registry not ready when this module loads\n"
        "    from django.apps import apps\n"
        "\n"
        "    from deelnemers.models import Deelnemer\n"  # 14: shares the comment above 12
        "    x = 1\n"
        "    import os\n"  # 16: the run was broken by code
        "\n"
        "class K:\n"
        "    def methode(self):\n"
        '        s = "# not a comment"; import re\n'  # 20: a string is not a comment
        "\n"
        "def met_pragma_en_reden():\n"
        "    from accounts import checks  # noqa: F401 - registers the deploy checks\n"
    )
    fouten = _synthetisch(**{"deelnemers.services": bron, "deelnemers.models": "x = 1\n"})
    assert [f.split(" ")[0] for f in fouten] == [
        "deelnemers/services.py:2:",
        "deelnemers/services.py:5:",
        "deelnemers/services.py:16:",
        "deelnemers/services.py:20:",
    ]


def test_a_module_without_a_layer_is_named():
    fouten = _synthetisch(**{"deelnemers.nieuw": "x = 1\n"})
    assert fouten == [
        "deelnemers/nieuw.py:1: deelnemers.nieuw has no layer: place it in LAGEN "
        "(tests/test_layering.py) and in docs/architecture.md"
    ]
