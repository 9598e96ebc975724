"""The preprocessing layout: stage packages, one ordered stage list, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from preprocessing import schema
from preprocessing.stages import STAGES, cache_modules

PKG = Path(__file__).resolve().parent.parent / "preprocessing"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(importer: str, is_pkg: bool, level: int, module: str | None) -> str:
    base = importer.split(".")
    base = base if is_pkg else base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def import_graph() -> nx.DiGraph:
    """Module-level imports between preprocessing modules (imports inside functions are lazy, not cycles)."""
    modules = {_module_name(p): p for p in PKG.rglob("*.py")}
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                mod = _resolve(name, path.name == "__init__.py", node.level, node.module) if node.level else node.module
                subs = [f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in modules]
                targets = subs or [mod]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            g.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return g


def test_no_import_cycles():
    g = import_graph()
    # a package's __init__ re-exporting its own modules is not a cycle of stages
    stage_edges = [(a, b) for a, b in g.edges if not b.startswith(a + ".")]
    cycles = list(nx.simple_cycles(nx.DiGraph(stage_edges)))
    assert cycles == []
    assert g.number_of_edges() > 20  # the scan does see the imports


def test_every_module_says_what_it_owns():
    missing = [str(p.relative_to(PKG)) for p in PKG.rglob("*.py") if not ast.get_docstring(ast.parse(p.read_text()))]
    assert missing == []


def test_stage_packages_have_extract_or_resolve():
    for pkg in ("ingest", "nlp", "entities", "geo", "events", "route", "claims"):
        assert (PKG / pkg / "__init__.py").exists(), pkg
    for pkg in ("entities", "events", "claims"):
        assert (PKG / pkg / "extract.py").exists() and (PKG / pkg / "resolve.py").exists(), pkg
    for pkg in ("geo", "route"):
        assert (PKG / pkg / "resolve.py").exists(), pkg


def test_stages_produce_every_table_once():
    produced = [t for s in STAGES for t in s.produces]
    assert len(produced) == len(set(produced))
    assert set(produced) | {"articles"} == set(schema.TABLES)
    names = [s.name for s in STAGES]
    assert len(names) == len(set(names))
    for s in STAGES:
        assert s.extract is None or s.rows, s.name
        assert set(s.trims) <= set(s.produces), s.name


def test_cache_key_modules_exist_and_cover_every_extract_step():
    for rel in cache_modules():
        assert (PKG / rel).exists(), rel
    for s in STAGES:
        if s.extract is not None:
            home = s.extract.__module__.split(".")
            # the extract step's own package, or (for thin adapters in stages.py) the package it calls
            assert s.modules, s.name
            assert all((PKG / m).exists() for m in s.modules), s.name
            assert home[0] == "preprocessing"
