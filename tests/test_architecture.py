"""The package's floors, read from its import statements: each layer imports only the
layers below it, no module imports its own importers (no circles), and no import of
the package hides inside a function (only optional heavy third-party packages may load
late).  docs/architecture.md draws the same picture."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "extract"

#: the floors, lowest first; a module may import its own floor and those before it
LAYERS = ["core", "ingest", "find", "checks", "report", "index", "evaluate", "web", "cli"]
#: third-party packages that may be imported inside a function: optional, or heavy to load
LAZY_OK = {"pandas", "psycopg", "distributed", "dask", "pdfminer", "pypdfium2", "docx", "openpyxl", "pyarrow",
           "xlrd", "spacy", "underthesea", "rich", "tqdm", "playwright", "starlette", "uvicorn", "jinja2",
           "numpy", "pytesseract", "PIL", "olefile", "html5lib"}


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        rel = p.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


MODULES = _modules()


def _layer(mod: str) -> int | None:
    parts = mod.split(".")
    if len(parts) < 2:
        return None  # the package's front door (extract/__init__.py) may name any floor
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else -1


def _imports(path: Path, mod: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, int, bool]] = []
    pkg = mod if path.name == "__init__.py" else mod.rpartition(".")[0]

    def visit(node: ast.AST, in_func: bool) -> None:
        for ch in ast.iter_child_nodes(node):
            f = in_func or isinstance(ch, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(ch, ast.Import):
                out.extend((a.name, ch.lineno, in_func) for a in ch.names)
            elif isinstance(ch, ast.ImportFrom):
                if ch.level:
                    base = pkg.split(".")[: len(pkg.split(".")) - ch.level + 1]
                    name = ".".join(base + ([ch.module] if ch.module else []))
                else:
                    name = ch.module or ""
                for a in ch.names:  # "from extract.find import tables" imports a module
                    sub = f"{name}.{a.name}"
                    out.append((sub if sub in MODULES else name, ch.lineno, in_func))
            visit(ch, f)

    visit(tree, False)
    return out


def _internal(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def test_every_module_is_on_a_floor():
    stray = [m for m in MODULES if _layer(m) == -1]
    assert not stray, f"modules outside the floors {LAYERS}: {stray}"


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_imports_go_down_only(mod):
    mine = _layer(mod)
    if mine is None:
        return
    bad = []
    for name, line, _in_func in _imports(MODULES[mod], mod):
        target = _internal(name)
        if target is None or target == "extract":
            if name.split(".")[0] == "extract" and target == "extract" and mod != "extract":
                bad.append(f"line {line}: imports the front door 'extract' (import from its floor instead)")
            continue
        theirs = _layer(target)
        if theirs is not None and theirs > mine:
            bad.append(f"line {line}: {target} is on floor {LAYERS[theirs]!r}, above {LAYERS[mine]!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_no_imports_inside_functions(mod):
    bad = []
    for name, line, in_func in _imports(MODULES[mod], mod):
        if not in_func:
            continue
        top = name.split(".")[0]
        if top == "extract" or top in sys.stdlib_module_names or top not in LAZY_OK:
            bad.append(f"line {line}: import {name} inside a function")
    assert not bad, "\n".join(bad)


def test_no_import_circles():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for mod, path in MODULES.items():
        for name, _line, _f in _imports(path, mod):
            target = _internal(name)
            if target and target != mod and target != "extract":
                graph[mod].add(target)
    # packages import their modules (re-exports) and modules import their package's
    # siblings, which Python resolves through the package: a package's __init__ is
    # not a node of its own here
    def node(m: str) -> str:
        return m
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if MODULES[w].name == "__init__.py" and v.startswith(w + "."):
                continue  # a module and its own package's __init__ (re-exports) are one unit
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            strong(v)
    assert not cycles, f"import circles: {cycles}"
