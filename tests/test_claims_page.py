"""The claims page under AppTest on the seed corpus: matrix, group detail, filters, bad URLs, empty corpus."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def page(open_page):
    return lambda **params: open_page("pages/claims.py", **params)


def group_with(tables, words: str, kind: str | None = None) -> pd.Series:
    claims, groups = tables["claims"], tables["claim_groups"]
    ids = set(claims.loc[claims["text"].str.contains(words), "group_id"])
    found = groups[groups["group_id"].isin(ids) & (groups["n_sources"] >= 2)]
    if kind:
        found = found[found["conflict"].map(lambda c: kind in list(c))]
    return found.iloc[0]


def matrix(at) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if any(t.get("type") == "heatmap" and t.get("hovertext") and
                                        "states" in json.dumps(t.get("text")) for t in s["data"]))


def cards(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if 'class="tg-claim"' in h.proto.body]


def visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def notes(at) -> str:
    return " ".join(w.value for w in at.warning).replace("\\", "")


def test_page_runs_on_the_seeds(page, seed_tables):
    at = page()
    metrics = {m.label: m.value for m in at.metric}
    groups = seed_tables["claim_groups"]
    assert metrics["Claims"] == f"{len(seed_tables['claims']):,}"
    assert metrics["Shared by ≥2 sources"] == str((groups["n_sources"] >= 2).sum())
    assert metrics["Conflicts"] == str(((groups["n_sources"] >= 2) & groups["conflict"].map(len).gt(0)).sum())
    spec = matrix(at)
    sources = sorted(seed_tables["articles"]["source"])
    assert [html.unescape(t) for t in spec["layout"]["xaxis"]["ticktext"]] == sources
    ticks = spec["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == (groups["n_sources"] >= 2).sum()  # the default view: shared claims
    conflicts = [t for t in ticks if "≠" in t]
    assert conflicts and ticks[:len(conflicts)] == conflicts  # conflicts first
    # the first group is selected and compared, its rows outlined in the matrix
    chosen = at.selectbox(key="group").value
    assert chosen == group_for_first_row(seed_tables)
    assert len(cards(at)) == len(seed_tables["claims"].query("group_id == @chosen"))
    assert not [w for w in at.warning if "Ignored" in w.value]
    tables = {tuple(d.value.columns[:2]) for d in at.dataframe}
    assert ("group", "claim") in tables and ("source a", "source b") in tables


def group_for_first_row(t) -> str:
    from components.claims import ordered_groups

    return ordered_groups(t["claim_groups"])["group_id"].iloc[0]


def test_missile_group_from_the_url(page, seed_tables):
    group = group_with(seed_tables, "ballistic missiles", "numbers")
    at = page(group=group["group_id"])
    assert at.selectbox(key="group").value == group["group_id"]
    assert at.query_params.get("group") == group["group_id"]
    shown = cards(at)
    members = seed_tables["claims"].query("group_id == @group.group_id")
    assert len(shown) == len(members) == 2
    for text in members["text"]:
        assert any(text in visible(c) for c in shown)
    assert any('<mark class="tg-num"' in c for c in shown)  # the differing number is highlighted
    conflict = [w.value for w in at.warning if w.value.startswith("Conflict")]
    assert conflict and "numbers" in conflict[0] and "ballistic missiles" in conflict[0]
    table = next(d.value for d in at.dataframe if "stance" in d.value.columns)
    assert sorted(table["stance"]) == ["states it", "states it differently"]
    assert all(r.startswith("reader?article=") for r in table["reader"])
    assert "▶" in " ".join(matrix(at)["layout"]["yaxis"]["ticktext"])


def test_source_filter_leaves_one_column(page, seed_tables):
    one = sorted(seed_tables["articles"]["source"])[0]
    at = page(source=one)
    spec = matrix(at)
    assert [html.unescape(t) for t in spec["layout"]["xaxis"]["ticktext"]] == [one]
    heat = next(t for t in spec["data"] if t.get("type") == "heatmap")
    ids = set(seed_tables["articles"].loc[seed_tables["articles"]["source"] == one, "article_id"])
    assert len(heat["z"]) == min(60, seed_tables["claims"]["article_id"].isin(ids).groupby(
        seed_tables["claims"]["group_id"]).any().sum())
    assert {m.label: m.value for m in at.metric}["Shared by ≥2 sources"] == "0"
    assert any("No claim is shared" in i.value for i in at.info)
    for d in at.dataframe:
        if "source" in d.value.columns:
            assert set(d.value["source"]) <= {one}


def test_group_outside_the_filters_is_explained(page, seed_tables):
    group = group_with(seed_tables, "ballistic missiles", "numbers")
    source_of = dict(zip(seed_tables["articles"]["article_id"], seed_tables["articles"]["source"]))
    outside = sorted(set(source_of.values()) - {source_of[a] for a in group["article_ids"]})[0]
    at = page(group=group["group_id"], source=outside)
    assert any("no member in the filtered articles" in i.value for i in at.info)
    assert at.selectbox(key="group").value != group["group_id"]


def test_bad_group_gives_a_note(page):
    at = page(group="nonsense", claim_view="banana")
    text = notes(at)
    assert "group=nonsense" in text and "claim_view=banana" in text
    assert "group" not in at.query_params
    assert at.segmented_control(key="claim_view").value == "shared"
    assert cards(at)  # the page still compares its first group


def test_conflicts_view(page, seed_tables):
    at = page(claim_view="conflicts")
    ticks = matrix(at)["layout"]["yaxis"]["ticktext"]
    groups = seed_tables["claim_groups"]
    assert len(ticks) == ((groups["n_sources"] >= 2) & groups["conflict"].map(len).gt(0)).sum()
    assert all("≠" in t for t in ticks)


def test_entity_filter_narrows_the_claims(page, seed_tables):
    whole = page()
    at = page(entity="Vladimir Putin")
    n = lambda a: int({m.label: m.value for m in a.metric}["Claims"].replace(",", ""))
    assert 0 < n(at) < n(whole)


def test_odd_url_parameters(page):
    at = page(group=["", "<script>alert(1)</script>", "g" * 5000], claim_view=["all", "shared"],
              source=["<img src=x onerror=alert(1)>"])
    assert "<script>" not in " ".join(w.value for w in at.warning)
    assert cards(at)


def test_corpus_without_claims_shows_a_message(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "articles" / "blob.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/claims.py").run()
    assert not at.exception
    assert any("make no claim" in i.value for i in at.info)
    assert any("No article could be analysed" in w.value for w in at.warning)
