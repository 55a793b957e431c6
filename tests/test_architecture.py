"""The architecture rules, checked on the source (docs/architecture.md):

* ``lib/`` never imports streamlit; the pages live in ``app_pages/`` (never ``pages/``, which Streamlit would run
  as a v1 multipage app);
* SQL only in the db modules (``lib/core/db*.py``);
* layers: core < ingest < ui/text < feature packages < composition roots (cli, embedded); feature packages do
  not import each other;
* no import cycle between modules, and no import hidden inside a function unless allow-listed with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "lib"
FEATURES = {"overview", "explorer", "cases", "sharing", "admin", "agenda", "initiatives", "access"}
#: What each layer may import from lib (besides itself).
ALLOWED = {
    "core": set(),
    "ingest": {"core"},
    "text": set(),
    "ui": {"core", "text"},
    **{f: {"core", "ingest", "ui", "text"} for f in FEATURES},
    "cli": None,        # composition roots: anything
    "embedded": None,
    "__main__": None,
    "__init__": set(),
}
#: Imports inside functions, each with its measured reason.
_FIRST_LOAD = "matplotlib only when a figure is drawn: ~0.25 s off a server's first load (issue 13, docs/benchmarks.md)"
INNER_IMPORTS_ALLOWED: dict[str, str] = {
    "lib/ui/safe_export.py:matplotlib": _FIRST_LOAD,
    "lib/overview/exports.py:matplotlib": _FIRST_LOAD,
    "lib/overview/exports.py:matplotlib.figure": _FIRST_LOAD,
    "lib/overview/exports.py:matplotlib.backends.backend_agg": _FIRST_LOAD,
    "lib/overview/exports.py:matplotlib.patches": _FIRST_LOAD,
}
# SQL keywords are written in upper case in this code base (a lower-case "select … from" is prose)
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+"
                 r"(TABLE|INDEX|VIEW)|DROP\s+TABLE|ALTER\s+TABLE|COPY\s*\(|CHECKPOINT|ATTACH\s)", re.S)


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(LIB.rglob("*.py")):
        rel = p.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        out[name.removesuffix(".__init__")] = p
    return out


MODULES = _modules()


def _imports(path: Path, top_level_only: bool = False) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, in_func):
        for child in ast.iter_child_nodes(node):
            inner = in_func or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_func) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for a in child.names:
                    full = f"{child.module}.{a.name}"
                    found.append((full if full in MODULES else child.module, child.lineno, in_func))
            visit(child, inner)

    visit(tree, False)
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_pages_folder_is_not_named_pages():
    assert not (ROOT / "pages").exists(), "Streamlit runs a folder named pages/ as a v1 multipage app"
    assert (ROOT / "app_pages").is_dir()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_lib_never_imports_streamlit(module):
    bad = [m for m, _, _ in _imports(MODULES[module]) if m == "streamlit" or m.startswith("streamlit")]
    assert not bad, f"{module} imports {bad}"


def _sql_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            out.append((node.lineno, node.value[:60]))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if SQL.search(text):
                out.append((node.lineno, text[:60]))
    return sorted(set(out))


def test_sql_only_in_db_modules():
    offenders = []
    for path in [*LIB.rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"]:
        if path.parent == LIB / "core" and path.name.startswith("db"):
            continue
        offenders += [f"{path.relative_to(ROOT)}:{line}: {text!r}" for line, text in _sql_strings(path)]
    assert not offenders, "SQL outside lib/core/db*.py:\n" + "\n".join(offenders)


def test_the_sql_detector_finds_sql(tmp_path):
    f = tmp_path / "x.py"
    f.write_text('q = "SELECT a FROM b"\nw = f"DELETE FROM {t} WHERE x = 1"\nok = "select a box from the list"\n')
    assert sorted({line for line, _ in _sql_strings(f)}) == [1, 2]


def test_layers_and_feature_packages():
    offenders = []
    for module, path in MODULES.items():
        allowed = ALLOWED.get(_layer(module), set())
        if allowed is None:
            continue
        for imported, line, _ in _imports(path):
            if not imported.startswith("lib.") or imported == "lib":
                continue
            target = _layer(imported)
            if target != _layer(module) and target not in allowed:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {imported}")
    assert not offenders, "imports across layers or between feature packages:\n" + "\n".join(offenders)


def test_no_import_cycle():
    graph = {m: {i for i, _, _ in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " → ".join(stack[stack.index(n):] + [n]))
            if n not in state:
                dfs(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            dfs(m)


def test_no_imports_hidden_in_functions():
    offenders = []
    for path in [*LIB.rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"]:
        rel = str(path.relative_to(ROOT))
        offenders += [f"{rel}:{line}: {m}" for m, line, inner in _imports(path)
                      if inner and f"{rel}:{m}" not in INNER_IMPORTS_ALLOWED]
    assert not offenders, "imports inside functions (hoist them, or allow-list with a measured reason):\n" + \
        "\n".join(offenders)
