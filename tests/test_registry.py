"""The page registry: every page and URL parameter declared once, and the page scripts agree with it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from components.registry import FILTER_NAMES, FILTERS, OVERVIEW, PAGE_PARAM_NAMES, PAGES, READER, filter_param, page_at

ROOT = Path(__file__).resolve().parent.parent


def _calls(path: Path):
    return [n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Call)]


def _kw(call: ast.Call, name: str):
    return next((k.value.value for k in call.keywords if k.arg == name and isinstance(k.value, ast.Constant)), None)


def bound_keys(path: Path) -> set[str]:
    """Keys of the widgets a script binds to the URL (``bind="query-params"``)."""
    return {_kw(c, "key") for c in _calls(path) if _kw(c, "bind") == "query-params"}


def checked_names(path: Path) -> set[str]:
    """Names a page script checks through ``PAGE.param("name", …)``."""
    return {c.args[0].value for c in _calls(path) if isinstance(c.func, ast.Attribute) and c.func.attr == "param"
            and isinstance(c.func.value, ast.Name) and c.func.value.id == "PAGE"}


# ---- the registry -----------------------------------------------------------------------------

def test_every_page_is_a_file_with_its_own_url():
    for p in PAGES:
        assert (ROOT / p.path).is_file(), p.path
    assert [p for p in PAGES if p.default] == [OVERVIEW]
    assert len({p.url_path for p in PAGES}) == len(PAGES)
    assert all(page_at(p.url_path) is p for p in PAGES) and page_at("/") is OVERVIEW
    with pytest.raises(KeyError):
        page_at("nowhere")


def test_every_page_file_is_registered():
    files = {str(f.relative_to(ROOT)) for f in (ROOT / "pages").glob("*.py") if f.name != "__init__.py"}
    assert {p.path for p in PAGES} == files


def test_every_registered_parameter_is_known_and_named_once():
    names = [q.name for p in PAGES for q in p.params]
    assert len(names) == len(set(names)), "two pages declare the same parameter"
    assert set(names) == PAGE_PARAM_NAMES
    assert not PAGE_PARAM_NAMES & FILTER_NAMES
    assert FILTER_NAMES == {"corpus", "source", "entity", "etype", "dates"} == {f.name for f in FILTERS}
    for p in PAGES:
        for q in p.params:
            assert q.kind in {"multi", "one", "int", "bool", "dates", "text"}, (p.title, q)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.title)
def test_a_page_binds_and_checks_exactly_its_declared_parameters(page):
    declared = {q.name for q in page.params}
    script = ROOT / page.path
    # The claim group is not a bound widget (its id, not its label, goes in the URL): checked all the same.
    assert bound_keys(script) <= declared
    assert checked_names(script) == declared


def test_the_entry_script_binds_exactly_the_filters():
    assert bound_keys(ROOT / "pages" / "__init__.py") == FILTER_NAMES


def test_readme_documents_every_parameter():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| parameter | page | value |"):]
    table = table[:table.index("\n\n")]
    assert {n for n in re.findall(r"`(\w+)`", table)} >= PAGE_PARAM_NAMES | FILTER_NAMES
    for p in PAGES:
        if p.params:
            assert p.title in table or p.title.lower() in table.lower(), p.title


def test_run_time_fields_fill_in_a_declared_parameter_only():
    article = READER.param("article", choices=["a"])
    assert (article.kind, article.choices, article.what) == ("one", ["a"], "article among the filtered ones")
    assert READER.params[0].choices == ()  # the declaration is not changed
    assert filter_param("dates", lo=1, hi=2).kind == "dates"
    with pytest.raises(KeyError):
        READER.param("traveller")
    with pytest.raises(KeyError):
        filter_param("article")
