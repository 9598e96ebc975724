"""Global filters: how they cut the tables, URL parameter checks, and the sidebar in AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.filtering import Filters, apply_filters, date_bounds, entity_labels, restrict_route
from components.url_params import Param, check_params, md_escape

ROOT = Path(__file__).resolve().parent.parent
KIM, PUTIN = "person:kim-jong-un", "person:vladimir-putin"


def _one_source_reporting_some_stops(route: pd.DataFrame, articles: pd.DataFrame) -> str:
    """A source that reports some but not all of Kim's stops (found from the data, not assumed)."""
    kim = route[route["traveller_id"] == KIM]
    for source, ids in articles.groupby("source")["article_id"]:
        n = sum(bool(set(a) & set(ids)) for a in kim["article_ids"])
        if 0 < n < len(kim):
            return source
    pytest.skip("no seed source reports a strict subset of the stops")


def test_no_filters_keeps_every_analysed_article(seed_tables):
    out = apply_filters(seed_tables, Filters())
    ok = seed_tables["articles"]["status"] == "ok"
    assert len(out["articles"]) == ok.sum()
    assert len(out["mentions"]) == len(seed_tables["mentions"])
    key = ["traveller_id", "stop_order", "name", "n_sources"]
    assert sorted(map(tuple, out["route"][key].to_numpy())) == sorted(map(tuple, seed_tables["route"][key].to_numpy()))


def test_source_filter_cuts_every_table(seed_tables):
    source = _one_source_reporting_some_stops(seed_tables["route"], seed_tables["articles"])
    ids = set(seed_tables["articles"].loc[seed_tables["articles"]["source"] == source, "article_id"])
    out = apply_filters(seed_tables, Filters(sources=(source,)))
    assert set(out["articles"]["article_id"]) == ids
    for name in ("sentences", "mentions", "events"):
        assert set(out[name]["article_id"]) <= ids
        assert len(out[name]) == seed_tables[name]["article_id"].isin(ids).sum()
    kim = out["route"][out["route"]["traveller_id"] == KIM]
    full = seed_tables["route"][seed_tables["route"]["traveller_id"] == KIM]
    assert 0 < len(kim) < len(full)
    assert kim["stop_order"].tolist() == list(range(1, len(kim) + 1))
    assert (kim["n_sources"] == 1).all()
    # the stops kept are in the corpus-wide order
    assert kim["name"].tolist() == [n for n in full["name"] if n in set(kim["name"])]
    # entity counts are recounted inside the filter
    counts = out["mentions"]["entity_id"].value_counts()
    assert dict(zip(out["entities"]["entity_id"], out["entities"]["n_mentions"])) == counts.to_dict()


def test_entity_filter_keeps_matching_sentences_only(seed_tables):
    out = apply_filters(seed_tables, Filters(entities=(PUTIN,)))
    m = seed_tables["mentions"]
    hit = set(zip(m.loc[m["entity_id"] == PUTIN, "article_id"], m.loc[m["entity_id"] == PUTIN, "sent_id"]))
    assert set(zip(out["sentences"]["article_id"], out["sentences"]["sent_id"])) == hit
    assert set(zip(out["mentions"]["article_id"], out["mentions"]["sent_id"])) == hit
    assert set(out["articles"]["article_id"]) == {a for a, _ in hit}
    # any of several entities: the union
    both = apply_filters(seed_tables, Filters(entities=(PUTIN, KIM)))
    assert len(both["sentences"]) >= len(out["sentences"])


def test_date_range_keeps_undated_articles(seed_tables):
    lo, hi = date_bounds(seed_tables["articles"])
    assert lo < hi
    out = apply_filters(seed_tables, Filters(date_range=(lo, lo)))
    arts = seed_tables["articles"]
    dated = arts["published"].notna() | arts["header_date"].notna()
    assert out.undated_kept == (~dated).sum() > 0
    kept_dated = out["articles"][out["articles"]["header_date"].notna() | out["articles"]["published"].notna()]
    assert all(d == lo for d in kept_dated["header_date"].fillna(kept_dated["published"]))
    assert len(out["articles"]) < len(arts)


def test_restrict_route_remeasures_legs():
    route = pd.DataFrame({
        "traveller_id": ["p"] * 3, "stop_order": [1, 2, 3], "place_id": ["a", "b", "c"], "name": ["A", "B", "C"],
        "lat": [0.0, 0.0, 0.0], "lon": [0.0, 1.0, 2.0], "date": [None] * 3, "weekday": [""] * 3,
        "planned": [False] * 3, "n_sources": [2, 1, 1], "article_ids": [["x", "y"], ["y"], ["x"]],
        "evidence": [["ex", "ey"], ["ey2"], ["ex3"]], "leg_km": [None, 111.3, 111.3]})
    arts = pd.DataFrame({"article_id": ["x"], "source": ["X"]})
    out = restrict_route(route, arts)
    assert out["name"].tolist() == ["A", "C"]
    assert out["evidence"].tolist() == [["ex"], ["ex3"]]
    assert pd.isna(out["leg_km"].iloc[0]) and out["leg_km"].iloc[1] == pytest.approx(222.6, abs=1)
    assert restrict_route(route, arts.iloc[0:0]).empty


def test_entity_labels_are_unique_and_readable():
    ents = pd.DataFrame({"entity_id": ["gpe:georgia", "person:georgia", "person:kim"],
                         "name": ["Georgia", "Georgia", "Kim"], "label": ["GPE", "PERSON", "PERSON"]})
    labels = entity_labels(ents)
    assert labels == {"gpe:georgia": "Georgia (GPE)", "person:georgia": "Georgia (PERSON)", "person:kim": "Kim"}


def test_check_params_reports_bad_values_and_unknown_names():
    params = [Param("source", "multi", ["A", "B"], what="source"), Param("w", "int", lo=1, hi=10),
              Param("t", "bool"), Param("d", "dates", lo=dt.date(2023, 9, 1), hi=dt.date(2023, 9, 30))]
    raw = {"source": ["A", "Z"], "w": ["abc"], "t": ["yes"], "d": ["2023-09-05", "2023-13-01"],
           "nope": ["1"], "elsewhere": ["x"]}
    notes, unknown = check_params(raw, params, known_elsewhere={"elsewhere"})
    text = " ".join(notes)
    assert "source=Z" in text and "source=A" not in text
    assert "w=abc" in text and "t=yes" in text and "d=2023-13-01" in text
    assert unknown == ["nope"] and "'nope'" in text
    assert check_params({"w": ["11"]}, params)[0]  # out of range
    assert check_params({"source": [""], "w": ["3"], "t": ["true"]}, params) == ([], [])


def test_md_escape_neutralises_markup():
    s = md_escape("**bold** [link](javascript:x) <b>")
    assert "\\*\\*bold\\*\\*" in s and "\\[link\\]" in s and "\\<b\\>" in s


@pytest.fixture
def app(seed_data_dir, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(seed_data_dir))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def test_url_filters_set_the_sidebar_and_shrink_the_overview(app, seed_tables):
    source = seed_tables["articles"]["source"].iloc[1]
    app.query_params["source"] = [source]
    app.query_params["entity"] = ["Vladimir Putin"]
    app.run()
    assert not app.exception
    assert app.multiselect(key="source").value == [source]
    assert app.multiselect(key="entity").value == ["Vladimir Putin"]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Articles"] == "1" and metrics["Sources"] == "1"
    assert len(app.dataframe[0].value) == 1


def test_bad_url_parameters_give_notes_not_errors(app):
    app.query_params.update({"source": ["nobody"], "entity": ["<b>Nobody</b>"], "dates": ["not-a-date"],
                             "zzz": ["1"]})
    app.run()
    assert not app.exception
    notes = " ".join(w.value.replace("\\", "") for w in app.warning)
    assert "source=nobody" in notes and "<b>Nobody</b>" in notes and "not-a-date" in notes and "'zzz'" in notes
    assert app.multiselect(key="source").value == []
    assert "zzz" not in app.query_params
    assert {m.label: m.value for m in app.metric}["Articles"] == "5"


def test_filters_survive_a_page_switch(app):
    app.query_params["entity"] = ["Kim Jong Un"]
    app.run()
    app.switch_page("pages/reader.py").run()
    assert not app.exception
    assert app.multiselect(key="entity").value == ["Kim Jong Un"]
    app.switch_page("pages/overview.py").run()
    assert app.multiselect(key="entity").value == ["Kim Jong Un"]


def test_clear_filters_button(app):
    app.query_params["entity"] = ["Kim Jong Un"]
    app.run()
    app.button(key="clear-filters").click().run()
    assert not app.exception
    assert app.multiselect(key="entity").value == []
