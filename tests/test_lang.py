"""Rules as data: the word lists live in preprocessing/lang/en, each defined once.

An AST scan of every module under preprocessing/: a module-level set, frozenset or dict of string
literals with more than a few entries is a word list, and belongs in preprocessing/lang/.
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest
from source_scan import module_assignments

PACKAGE = Path(__file__).resolve().parent.parent / "preprocessing"
LANG = PACKAGE / "lang"
MAX_ENTRIES = 3  # a word list has more entries than this

# Module-level string sets/dicts that are not vocabulary, with why (path relative to preprocessing/).
ALLOWED = {
    ("ingest/files.py", "EXTENSIONS"): "file extensions → how the file is read",
    ("ingest/sources.py", "SOURCES_COLUMNS"): "sources.csv's column names and their synonyms: a file format",
    ("schema.py", "_OWN_TELLING"): "documentation of the source_routes columns",
}


def _modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _literal_entries(node: ast.AST) -> int | None:
    """Entries of a string word-list literal (set, frozenset/set call, dict, union of them), else None."""
    if isinstance(node, ast.Set):
        if node.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            return len(node.elts)
        return None
    if isinstance(node, ast.Dict):
        if node.keys and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys) \
                and all(isinstance(v, ast.Constant) and isinstance(v.value, (str, int, float)) for v in node.values):
            return len(node.keys)
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("set", "frozenset", "dict") \
            and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, (ast.List, ast.Tuple, ast.Set)) and arg.elts \
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in arg.elts):
            return len(arg.elts)
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "split" \
                and isinstance(arg.func.value, ast.Constant) and isinstance(arg.func.value.value, str):
            return len(arg.func.value.value.split())
        return _literal_entries(arg)
    if isinstance(node, ast.BinOp):
        sides = [_literal_entries(node.left), _literal_entries(node.right)]
        if any(n is not None for n in sides):
            return sum(n or 0 for n in sides)
    return None


def _assignments(path: Path):
    """(name, value node) of every module-level assignment."""
    for _, name, value in module_assignments(path.read_text(encoding="utf-8")):
        yield name, value


def _word_lists_outside_lang() -> dict[tuple[str, str], int]:
    found = {}
    for path in _modules(PACKAGE):
        if LANG in path.parents:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        for name, value in _assignments(path):
            n = _literal_entries(value)
            if n is not None and n > MAX_ENTRIES:
                found[(rel, name)] = n
    return found


def test_the_scan_finds_word_lists():
    def entries(src):
        return _literal_entries(ast.parse(src).body[0].value)
    assert entries('X = {"a", "b", "c", "d"}') == 4
    assert entries('X = frozenset("a b c d e".split())') == 5
    assert entries('X = frozenset({"a", "b"}) | {"c", "d"}') == 4
    assert entries('X = {"one": 1, "two": 2}') == 2
    assert entries('X = ("a", "b", "c", "d")') is None  # an ordered tuple is a record, not a word set
    assert entries('X = {"a": f(1)}') is None


def test_no_word_list_outside_lang():
    found = _word_lists_outside_lang()
    stray = {k: n for k, n in found.items() if k not in ALLOWED}
    assert not stray, "word lists belong in preprocessing/lang/en: " + ", ".join(
        f"{path} {name} ({n} entries)" for (path, name), n in sorted(stray.items()))


def test_allow_list_is_current():
    found = _word_lists_outside_lang()
    assert not [k for k in ALLOWED if k not in found], "stale ALLOWED entries"


def _lang_modules() -> list[Path]:
    return [p for p in _modules(LANG / "en") if p.name != "__init__.py"]


def test_each_lang_name_is_defined_once():
    where = defaultdict(list)
    for path in _lang_modules():
        for name, _ in _assignments(path):
            where[name].append(path.name)
    twice = {name: files for name, files in where.items() if len(files) > 1}
    assert not twice, f"defined more than once in lang/en: {twice}"
    # … and not again, under the same name, by an algorithm module
    shadowed = []
    for path in _modules(PACKAGE):
        if LANG in path.parents:
            continue
        shadowed += [f"{path.relative_to(PACKAGE)} {name}" for name, _ in _assignments(path) if name in where]
    assert not shadowed, f"lang/en names redefined outside lang: {shadowed}"


@pytest.mark.parametrize("path", [LANG / "__init__.py", LANG / "en" / "__init__.py", *_lang_modules()],
                         ids=lambda p: p.relative_to(LANG).as_posix())
def test_lang_modules_are_documented_data(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} needs a docstring saying what it owns"
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not imports, f"{path.name}: language data imports nothing"
    if path.name == "__init__.py":
        return
    module = importlib.import_module("preprocessing.lang.en." + path.stem)
    for name, value in vars(module).items():
        if name.isupper():
            assert not isinstance(value, (set, list)), f"{path.name} {name}: use a frozenset (or a tuple)"
            if isinstance(value, (frozenset, dict)):
                assert value and all(isinstance(w, str) for w in value), f"{path.name} {name}"
