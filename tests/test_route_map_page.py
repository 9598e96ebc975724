"""Route map: the component on hand-made stops, and the page under AppTest on the seed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.filtering import entity_labels
from components.route_geometry import bearing, fit_ranges
from components.route_map import (hover_escape, route_figure, source_map, source_orders, stops_of, stops_table,
                                  total_km, travellers)
from preprocessing import schema

ROOT = Path(__file__).resolve().parent.parent
KIM = "person:kim-jong-un"
PUTIN = "person:vladimir-putin"


# ---- component ------------------------------------------------------------------------------

def stop(order, name, lat, lon, *, planned=False, articles=("a1",), evidence=None, leg=None, traveller="p:x",
         date=None, weekday=""):
    evidence = [f"{name} was visited." for _ in articles] if evidence is None else evidence
    return {"traveller_id": traveller, "stop_order": order, "place_id": f"gpe:{name.lower()}", "name": name,
            "lat": lat, "lon": lon, "date": date, "weekday": weekday, "planned": planned,
            "n_sources": len(set(articles)), "article_ids": list(articles), "evidence": evidence, "leg_km": leg, "date_source": ""}


def frame(*stops):
    return pd.DataFrame(list(stops), columns=[c.name for c in schema.TABLES["route"]])


def traces(fig, name):
    return [t for t in fig.data if t.name == name]


def test_empty_stops():
    stops = schema.empty("route")
    fig = route_figure(stops, source_of={}, other_places=None, by_source=False)
    assert len(fig.data) == 0
    assert fig.layout.geo.resolution == 50
    assert stops_table(stops, {}).empty
    assert total_km(stops) == pytest.approx(0)
    assert travellers(stops, {"p:x": "X"}) == []


def test_single_stop_has_no_legs():
    stops = frame(stop(1, "Oslo", 59.9, 10.7))
    fig = route_figure(stops, source_of={"a1": "Paper"}, by_source=False)
    modes = [t.mode for t in fig.data]
    assert modes == ["markers+text"]  # no leg line, no arrow
    lat, lon = fig.layout.geo.lataxis.range, fig.layout.geo.lonaxis.range
    assert lat[0] < 59.9 < lat[1] and lon[0] < 10.7 < lon[1]
    tab = stops_table(stops, {"a1": "Paper"})
    assert list(tab["stop"]) == ["Oslo"] and pd.isna(tab["leg km"].iloc[0])
    assert total_km(stops) == pytest.approx(0)


def test_planned_stop_is_open_marker_with_dashed_leg():
    stops = frame(stop(1, "Oslo", 59.9, 10.7), stop(2, "Bergen", 60.4, 5.3, planned=True, leg=300.0))
    fig = route_figure(stops, source_of={}, by_source=False)
    dashed = traces(fig, "planned leg")
    assert len(dashed) == 1 and dashed[0].line.dash == "dash"
    assert not traces(fig, "reported leg")
    marks = [t for t in fig.data if t.mode == "markers+text"][0]
    assert list(marks.marker.symbol) == ["circle", "circle-open"]
    assert "planned" in marks.hovertext[1] and "planned" not in marks.hovertext[0]
    # the one arrow sits between the stops and points west (Bergen is west of Oslo)
    arrow = [t for t in fig.data if t.marker and t.marker.symbol == "arrow"][0]
    assert 5.3 < arrow.lon[0] < 10.7
    assert 240 < arrow.marker.angle[0] % 360 < 300
    assert stops_table(stops, {})["planned"].tolist() == [False, True]


def test_colour_bar_counts_sources():
    stops = frame(stop(1, "Oslo", 59.9, 10.7, articles=("a1", "a2")), stop(2, "Bergen", 60.4, 5.3, leg=300.0))
    fig = route_figure(stops, source_of={"a1": "P", "a2": "Q"}, by_source=False, max_sources=4)
    marks = [t for t in fig.data if t.mode == "markers+text"][0]
    assert list(marks.marker.color) == [2, 1]
    assert marks.marker.colorbar.title.text == "sources"
    assert marks.marker.cmin == 1 and marks.marker.cmax == 4
    assert [t.startswith(f"<b>{k}</b>") for k, t in enumerate(marks.text, 1)] == [True, True]  # numbered in order


def test_missing_sentence_and_escaping():
    stops = frame(stop(1, "Oslo", 59.9, 10.7, articles=("a1", "a2"), evidence=[None, "<b>bold</b> & " + "x " * 60]),
                  stop(2, "Bergen", 60.4, 5.3, articles=("a3",), evidence=[], leg=300.0))
    source_of = {"a1": "P<script>", "a2": "Q", "a3": "R"}
    fig = route_figure(stops, source_of=source_of, by_source=False)
    hover = [t for t in fig.data if t.mode == "markers+text"][0].hovertext
    assert "no evidence sentence" in hover[0] and "no evidence sentence" in hover[1]
    assert "<script>" not in hover[0] and "&lt;script&gt;" in hover[0]
    assert "<b>bold</b>" not in hover[0] and "&lt;b&gt;bold" in hover[0]
    assert hover[0].count("<br>") > 4  # long sentence wrapped
    tab = stops_table(stops, source_of)
    assert "(no sentence)" in tab["evidence"].iloc[0] and "(no sentence)" in tab["evidence"].iloc[1]
    assert tab["outlets"].iloc[0] == "P<script>, Q"  # the table is plain data, escaped by st.dataframe
    assert hover_escape("a <b>") == "a &lt;b&gt;"


def test_by_source_draws_each_sources_version():
    stops = frame(stop(1, "Oslo", 59.9, 10.7, articles=("a1", "a2")),
                  stop(2, "Bergen", 60.4, 5.3, articles=("a1",), leg=300.0),
                  stop(3, "Tromso", 69.6, 18.9, articles=("a2",), leg=1200.0))
    fig = route_figure(stops, source_of={"a1": "P", "a2": "Q"}, by_source=True)
    lines = [t for t in fig.data if (t.legendgroup or "").startswith("source:") and t.showlegend is not False]
    assert sorted(t.name for t in lines) == ["P", "Q"]
    by_name = {t.name: t for t in lines}
    assert list(by_name["P"].lon) == pytest.approx([10.7, 5.3])
    assert list(by_name["Q"].lon) == pytest.approx([10.7, 18.9])
    assert by_name["P"].line.color != by_name["Q"].line.color


def test_by_source_follows_each_sources_own_order_and_flags_it():
    stops = frame(stop(1, "Oslo", 59.9, 10.7, articles=("a1", "a2")),
                  stop(2, "Bergen", 60.4, 5.3, articles=("a1", "a2"), leg=300.0),
                  stop(3, "Tromso", 69.6, 18.9, articles=("a1",), leg=1200.0))
    # Q tells Bergen before Oslo
    versions = pd.DataFrame([
        {**stop(1, "Oslo", 59.9, 10.7, articles=("a1",)), "source": "P"},
        {**stop(2, "Bergen", 60.4, 5.3, articles=("a1",)), "source": "P"},
        {**stop(3, "Tromso", 69.6, 18.9, articles=("a1",)), "source": "P"},
        {**stop(1, "Bergen", 60.4, 5.3, articles=("a2",)), "source": "Q"},
        {**stop(2, "Oslo", 59.9, 10.7, articles=("a2",)), "source": "Q"}])
    fig = route_figure(stops, source_of={"a1": "P", "a2": "Q"}, by_source=True, versions=versions)
    by_name = {t.name: t for t in fig.data if (t.legendgroup or "").startswith("source:")}
    assert list(by_name["Q"].lon) == pytest.approx([5.3, 10.7])
    assert list(by_name["P"].lon) == pytest.approx([10.7, 5.3, 18.9])
    assert "its stop 1: Bergen" in by_name["Q"].hovertext[0]
    orders = source_orders(stops, versions).set_index("source")
    assert orders.loc["P", "agrees"] and orders.loc["P", "its order"] == "Oslo → Bergen → Tromso"
    assert not orders.loc["Q", "agrees"] and orders.loc["Q", "differs"] == "Bergen before Oslo"
    assert source_orders(stops, versions.iloc[0:0]).empty


def test_other_places_layer():
    stops = frame(stop(1, "Oslo", 59.9, 10.7))
    others = pd.DataFrame({"entity_id": ["gpe:a", "gpe:b"], "name": ["A<i>", "B"], "lat": [1.0, None],
                           "lon": [2.0, None], "kind": ["city", "unresolved"]})
    fig = route_figure(stops, source_of={}, other_places=others, by_source=False)
    faint = traces(fig, "other places mentioned")
    assert len(faint) == 1 and list(faint[0].lat) == pytest.approx([1.0])  # unlocated places are left out
    assert "&lt;i&gt;" in faint[0].hovertext[0]


def test_helpers():
    route = frame(stop(1, "Oslo", 59.9, 10.7, traveller="p:b"), stop(1, "Rome", 41.9, 12.5, traveller="p:a"),
                  stop(2, "Bari", 41.1, 16.9, traveller="p:a", leg=380.0))
    assert travellers(route, {"p:b": "B", "p:c": "C", "p:a": "A"}) == ["p:b", "p:a"]
    assert list(stops_of(route, "p:a")["name"]) == ["Rome", "Bari"]
    assert bearing((0, 0), (10, 0)) == pytest.approx(0, abs=1e-9) and bearing((0, 0), (0, 10)) == pytest.approx(90)
    lat, lon = fit_ranges([40.0, 50.0], [120.0, 140.0])
    assert lat[0] < 40 and lat[1] > 50 and lon[0] < 120 and lon[1] > 140
    assert source_map(pd.DataFrame({"article_id": ["a", "b"], "source": ["S", ""]})) == {"a": "S", "b": "b"}


# ---- page -----------------------------------------------------------------------------------

@pytest.fixture
def page(open_page):
    return lambda **params: open_page("pages/route_map.py", **params)


def figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no plotly chart on the page"
    return json.loads(charts[0].proto.spec)


def shown_stops(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def test_page_default_traveller(page, seed_tables):
    at = page()
    route = seed_tables["route"]
    expected = list(route[route["traveller_id"] == KIM].sort_values("stop_order")["name"])
    assert expected == ["Khasan", "Vostochny Cosmodrome", "Komsomolsk-on-Amur", "Vladivostok"]
    assert at.selectbox(key="traveller").value == "Kim Jong Un"
    tab = shown_stops(at)
    assert list(tab["stop"]) == expected
    fig = figure(at)
    assert fig["layout"]["geo"]["resolution"] == 50
    assert any(t["type"] == "scattergeo" for t in fig["data"])
    total = {m.label: m.value for m in at.metric}["Total distance"]
    total_km = float(total.replace(",", "").replace("km", ""))
    legs = tab["leg km"].dropna()
    assert total_km > 0 and abs(total_km - legs.sum()) <= len(legs)  # legs are shown in whole km
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert "topojsonURL" in config


def test_page_traveller_from_url(page, seed_tables):
    route = seed_tables["route"]
    at = page(traveller="Vladimir Putin")
    assert at.selectbox(key="traveller").value == "Vladimir Putin"
    assert list(shown_stops(at)["stop"]) == list(route[route["traveller_id"] == PUTIN]
                                                  .sort_values("stop_order")["name"])


def test_page_source_filter_shrinks_route(page, seed_tables):
    route, articles = seed_tables["route"], seed_tables["articles"]
    kim = route[route["traveller_id"] == KIM].sort_values("stop_order")
    source_of = dict(zip(articles["article_id"], articles["source"]))
    # a source that reports some but not all of Kim's stops
    sources = sorted({source_of[a] for ids in kim["article_ids"] for a in ids})
    counts = {s: sum(any(source_of[a] == s for a in ids) for ids in kim["article_ids"]) for s in sources}
    source = next(s for s in sources if 0 < counts[s] < len(kim))
    expected = [n for n, ids in zip(kim["name"], kim["article_ids"]) if any(source_of[a] == source for a in ids)]
    label = entity_labels(seed_tables["entities"])[KIM]
    at = page(source=[source], traveller=label)
    tab = shown_stops(at)
    assert list(tab["stop"]) == expected and len(tab) < len(kim)
    assert set(tab["sources"]) == {1}
    full = dict(zip(kim["name"], kim["n_sources"]))
    assert any(full[n] > 1 for n in expected)  # the count really dropped
    assert list(tab["#"]) == list(range(1, len(tab) + 1))


def test_page_unknown_traveller_warns(page):
    at = page(traveller="Nobody")
    assert any("Nobody" in w.value for w in at.warning)
    assert at.selectbox(key="traveller").value == "Kim Jong Un"  # falls back to the default


def test_page_without_any_route(tmp_path, seed_data_dir, monkeypatch):
    """A corpus whose route table is empty (nobody travels) gets an explanation, not an error."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(seed_data_dir, data)
    schema.empty("route").to_parquet(data / "processed" / "route.parquet")
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/route_map.py").run()
    assert not at.exception
    assert any("No traveller" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_page_by_source(page, seed_tables):
    route, articles = seed_tables["route"], seed_tables["articles"]
    source_of = dict(zip(articles["article_id"], articles["source"]))
    kim = route[route["traveller_id"] == KIM]
    reporting = {source_of[a] for ids in kim["article_ids"] for a in ids}
    at = page(by_source="true")
    assert at.toggle(key="by_source").value is True
    fig = figure(at)
    lines = [t for t in fig["data"]
             if str(t.get("legendgroup", "")).startswith("source:") and t.get("showlegend", True)]
    assert sorted(t["name"] for t in lines) == sorted(reporting)
    assert len({t["line"]["color"] for t in lines}) == len(lines)
    # each line follows its source's own telling (source_routes), and the order table lists every source
    own = seed_tables["source_routes"]
    for t in lines:
        mine = own[(own["source"] == t["name"]) & (own["traveller_id"] == KIM)].sort_values("stop_order")
        assert list(t["lon"]) == pytest.approx(list(mine["lon"]), abs=1e-4)  # 1e-4 degrees: about 11 m
    orders = at.dataframe[1].value
    assert sorted(orders["source"]) == sorted(reporting)


def test_page_faint_places(page, seed_tables):
    at = page(faint_places="true")
    fig = figure(at)
    faint = [t for t in fig["data"] if t.get("name") == "other places mentioned"]
    assert len(faint) == 1
    stops = set(seed_tables["route"].loc[lambda r: r["traveller_id"] == KIM, "name"])
    names = {h.split(" <i>")[0] for h in faint[0]["hovertext"]}
    assert names and not names & stops


def test_in_frame_counts_places_on_the_map():
    from components.route_map import in_frame

    stops = frame(stop(1, "Oslo", 59.9, 10.7), stop(2, "Bergen", 60.4, 5.3, leg=300.0))
    others = pd.DataFrame({"name": ["Stavanger", "Rome"], "lat": [58.97, 41.9], "lon": [5.73, 12.5]})
    fig = route_figure(stops, source_of={}, other_places=others, by_source=False)
    assert in_frame(others, fig) == 1
