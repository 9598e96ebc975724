"""Routes: the ordering rules on small hand-made event tables, and the seed routes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from geopy.distance import geodesic

from preprocessing import route

TRUE_POSITIONS = {  # general knowledge, degrees
    "Khasan": (42.43, 130.64),
    "Vostochny Cosmodrome": (51.82, 128.25),
    "Komsomolsk-on-Amur": (50.55, 137.01),
    "Vladivostok": (43.12, 131.89),
}


def _tables(rows: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """rows: (article_id, sent_id, place_id, when_text, date, weekday, planned) for person:p."""
    ev = pd.DataFrame([{
        "event_id": f"{a}:{s}:0", "article_id": a, "sent_id": s, "actor_id": "person:p", "action": "visit",
        "place_id": pid, "when_text": w, "date": d, "weekday": wd, "planned": pl, "date_note": "",
        "sentence": f"{a} sentence {s}"} for a, s, pid, w, d, wd, pl in rows])
    coords = {"city:a": (48.0, 2.0), "city:b": (45.0, 5.0), "city:c": (43.0, 7.0), "country:x": (46.0, 3.0)}
    places = pd.DataFrame([{"entity_id": k, "name": k.split(":")[1].upper(), "lat": v[0], "lon": v[1],
                            "kind": "country" if k.startswith("country") else "city", "country": "",
                            "geocoder": "gazetteer", "confidence": 1.0} for k, v in coords.items()])
    ents = pd.DataFrame([{"entity_id": "person:p", "name": "P", "label": "PERSON", "aliases": ["P"],
                          "n_mentions": 3, "n_articles": 2}])
    return ev, places, ents


def _order(rows) -> list[str]:
    return list(route.build_routes(*_tables(rows))["place_id"])


def test_relative_time_beats_narrative_order():
    # Told backwards, but "the following day" says C came after A.
    assert _order([("x", 1, "city:c", "", None, "", False),
                   ("x", 2, "city:a", "", None, "", False),
                   ("y", 1, "city:a", "", None, "", False),
                   ("y", 5, "city:c", "the following day", None, "", False)]) == ["city:a", "city:c"]


def test_dates_beat_everything_and_countries_are_not_stops():
    rows = [("x", 1, "city:b", "", date(2024, 3, 5), "Tuesday", False),
            ("x", 2, "city:a", "then", date(2024, 3, 4), "Monday", False),
            ("x", 3, "country:x", "", None, "", False)]
    out = route.build_routes(*_tables(rows))
    assert list(out["place_id"]) == ["city:a", "city:b"]
    assert out["leg_km"].isna().tolist() == [True, False]
    assert out["leg_km"].iloc[1] == pytest.approx(geodesic((48.0, 2.0), (45.0, 5.0)).km)


def test_weekdays_read_on_the_shortest_week():
    # Saturday → Sunday → Monday, not Monday → Saturday → Sunday.
    assert _order([("x", 1, "city:c", "on Monday", None, "Monday", False),
                   ("y", 1, "city:b", "on Sunday", None, "Sunday", False),
                   ("z", 1, "city:a", "on Saturday", None, "Saturday", False)]) == ["city:a", "city:b", "city:c"]


def test_done_before_planned_and_merging():
    out = route.build_routes(*_tables([("x", 1, "city:b", "", None, "", True),
                                       ("x", 2, "city:a", "", None, "", False),
                                       ("y", 1, "city:b", "", None, "", True)]))
    assert list(out["place_id"]) == ["city:a", "city:b"]
    b = out.set_index("place_id").loc["city:b"]
    assert b["planned"] and b["n_sources"] == 2 and list(b["article_ids"]) == ["x", "y"]
    assert len(b["evidence"]) == 2


def test_completed_evidence_first_even_when_only_a_plan_names_the_day():
    # "a" announces the stop for Thursday, "b" reports it done without a day: the weekday is the
    # plan's (nothing better), the stop is not planned, and the completed report leads the evidence.
    out = route.build_routes(*_tables([("a", 1, "city:b", "on Thursday", None, "Thursday", True),
                                       ("b", 3, "city:b", "", None, "", False),
                                       ("b", 4, "city:b", "on Thursday", None, "Thursday", True)]))
    b = out.iloc[0]
    assert list(b["article_ids"]) == ["b", "a"]
    assert list(b["evidence"]) == ["b sentence 3", "a sentence 1"]
    assert b["weekday"] == "Thursday" and not b["planned"]


def test_sources_are_outlets_not_articles(nlp, tmp_path):
    from preprocessing.build import build

    arts = tmp_path / "articles"
    arts.mkdir()
    texts = {"x1": "Prime Minister Giulia Romano arrived in Lyon on Monday for talks on trade.\n",
             "x2": "Prime Minister Giulia Romano toured a factory in Lyon on Monday, officials said.\n",
             "y1": "Italian Prime Minister Giulia Romano travelled to Lyon, where she met business leaders.\n",
             "z1": "Prime Minister Giulia Romano arrived in Lyon on Monday for a two-day visit.\n"}
    for name, text in texts.items():
        (arts / f"{name}.txt").write_text(text, encoding="utf-8")
    # Two articles from one outlet; z1 has no metadata row, so it is its own source.
    (tmp_path / "sources.csv").write_text("article_id,source,published\nx1,Daily Test,2023-09-12\n"
                                          "x2,Daily Test,2023-09-12\ny1,Other Post,2023-09-13\n",
                                          encoding="utf-8")
    tables = build(arts, tmp_path / "out", nlp_obj=nlp, cache=False).tables
    args = (tables["events"], tables["places"], tables["entities"])
    lyon = route.build_routes(*args, tables["articles"]).set_index("place_id").loc["gpe:lyon"]
    assert sorted(lyon["article_ids"]) == ["x1", "x2", "y1", "z1"]
    assert lyon["n_sources"] == 3
    # Without the articles table every article is its own source.
    assert route.build_routes(*args).set_index("place_id").loc["gpe:lyon"]["n_sources"] == 4


# ---- seeds -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_route(seed_tables):
    return seed_tables["route"]


def test_seed_kim_route(seed_route, seed_tables):
    kim = seed_route[seed_route["traveller_id"] == "person:kim-jong-un"].sort_values("stop_order")
    assert list(kim["name"]) == list(TRUE_POSITIONS)
    for row in kim.itertuples():
        assert geodesic((row.lat, row.lon), TRUE_POSITIONS[row.name]).km < 25, row.name
        assert len(row.article_ids) == len(row.evidence) == row.n_sources >= 2
        assert not row.planned
    # The dashboard's default traveller is the most-mentioned person, and it is Kim.
    ents = seed_tables["entities"]
    top = ents[ents["label"] == "PERSON"].sort_values("n_mentions", ascending=False).iloc[0]
    assert top["entity_id"] == seed_route.iloc[0]["traveller_id"] == "person:kim-jong-un"


def test_seed_non_stops(seed_route):
    kim = seed_route[seed_route["traveller_id"] == "person:kim-jong-un"]
    assert not set(kim["name"]) & {"Moscow", "Washington", "Seoul", "Beijing", "Pyongyang", "Russia",
                                   "North Korea", "Russian Far East"}
    # Putin's Monday in Vladivostok is no evidence for Kim's stop there.
    vlad = kim[kim["name"] == "Vladivostok"].iloc[0]
    assert not any("Monday" in s for s in vlad["evidence"])


def test_seed_putin_and_lavrov(seed_route):
    putin = seed_route[seed_route["traveller_id"] == "person:vladimir-putin"].sort_values("stop_order")
    assert list(putin["name"])[:2] == ["Vladivostok", "Vostochny Cosmodrome"]
    assert putin.iloc[0]["weekday"] == "Monday"
    lavrov = seed_route[seed_route["traveller_id"] == "person:sergei-lavrov"]
    assert list(lavrov["name"]) == ["Pyongyang"] and lavrov["planned"].all()


def test_each_source_keeps_its_own_order():
    # Wire X tells A → B → C; paper Y tells B → A. Together X outweighs Y; Y's own route keeps its order.
    ev, places, ents = _tables([("x", 1, "city:a", "", None, "", False), ("x", 2, "city:b", "then", None, "", False),
                                ("x", 3, "city:c", "then", None, "", False), ("x2", 1, "city:a", "", None, "", False),
                                ("x2", 2, "city:b", "then", None, "", False),
                                ("y", 1, "city:b", "", None, "", False), ("y", 2, "city:a", "then", None, "", False)])
    arts = pd.DataFrame({"article_id": ["x", "x2", "y"], "source": ["Wire X", "Wire X", "Paper Y"]})
    combined = route.build_routes(ev, places, ents, arts)
    assert list(combined["place_id"]) == ["city:a", "city:b", "city:c"]
    own = route.build_source_routes(ev, places, ents, arts)
    by_source = {s: list(g.sort_values("stop_order")["place_id"]) for s, g in own.groupby("source")}
    assert by_source == {"Wire X": ["city:a", "city:b", "city:c"], "Paper Y": ["city:b", "city:a"]}
    assert (own["n_sources"] == 1).all()
    y = own[own["source"] == "Paper Y"].sort_values("stop_order")
    assert y["article_ids"].tolist() == [["y"], ["y"]]
    assert pd.isna(y["leg_km"].iloc[0]) and y["leg_km"].iloc[1] == pytest.approx(geodesic((45.0, 5.0), (48.0, 2.0)).km)


def test_source_routes_on_the_seeds_cover_the_combined_stops(seed_tables):
    combined, own = seed_tables["route"], seed_tables["source_routes"]
    arts = seed_tables["articles"].set_index("article_id")
    for (traveller, place), g in combined.groupby(["traveller_id", "place_id"]):
        sources = {arts.loc[a, "source"] for a in g["article_ids"].iloc[0]}
        mine = own[(own["traveller_id"] == traveller) & (own["place_id"] == place)]
        assert set(mine["source"]) == sources
    # every source's own stops are numbered 1..n
    for _, g in own.groupby(["source", "traveller_id"]):
        assert sorted(g["stop_order"]) == list(range(1, len(g) + 1))


# ---- ordering by one time scale; undated stops placed by votes (hand-made, issue 11) -------------

def test_undated_stop_is_placed_by_votes_not_moved_to_the_end():
    # "x" tells A then B (no days); "y" dates B and C.  A has no date of its own, but the narrative
    # vote puts it before B: it must come first, not after the dated stops.
    assert _order([("x", 1, "city:a", "", None, "", False),
                   ("x", 2, "city:b", "", None, "", False),
                   ("y", 1, "city:b", "on March 5", date(2024, 3, 5), "Tuesday", False),
                   ("y", 2, "city:c", "on March 6", date(2024, 3, 6), "Wednesday", False)]) == \
        ["city:a", "city:b", "city:c"]


def test_undated_stop_between_two_dated_ones_stays_between():
    assert _order([("x", 1, "city:a", "", date(2024, 3, 4), "Monday", False),
                   ("x", 2, "city:b", "", None, "", False),
                   ("y", 1, "city:c", "", date(2024, 3, 8), "Friday", False)]) == ["city:a", "city:b", "city:c"]


def test_weekday_only_stop_is_ordered_against_dated_ones():
    # A is dated Wednesday 6 March; B only "on Tuesday" (the Tuesday of that week, the 5th); narrative
    # order (A told first) would say A→B, the shared time scale says B→A.
    assert _order([("x", 1, "city:a", "", date(2024, 3, 6), "Wednesday", False),
                   ("x", 2, "city:b", "on Tuesday", None, "Tuesday", False)]) == ["city:b", "city:a"]


def test_best_date_is_the_one_most_sources_give_and_names_them():
    ev, places, ents = _tables([("x", 1, "city:a", "", date(2024, 3, 5), "Tuesday", False),
                                ("y", 1, "city:a", "", date(2024, 3, 5), "Tuesday", False),
                                ("z", 1, "city:a", "", date(2024, 3, 4), "Monday", False),
                                ("w", 1, "city:a", "", date(2024, 3, 1), "Friday", True)])
    arts = pd.DataFrame({"article_id": ["x", "y", "z", "w"], "source": ["Xpress", "Ytimes", "Zpost", "Wire"]})
    a = route.build_routes(ev, places, ents, arts).iloc[0]
    assert a["date"] == date(2024, 3, 5) and a["weekday"] == "Tuesday"
    assert a["date_source"] == "Xpress; Ytimes"


def test_weekday_only_stop_names_the_sources_of_its_weekday():
    ev, places, ents = _tables([("x", 1, "city:a", "on Monday", None, "Monday", False),
                                ("y", 1, "city:a", "", None, "", False)])
    arts = pd.DataFrame({"article_id": ["x", "y"], "source": ["Xpress", "Ytimes"]})
    a = route.build_routes(ev, places, ents, arts).iloc[0]
    assert a["date"] is None and a["weekday"] == "Monday" and a["date_source"] == "Xpress"


def test_a_stop_any_source_reports_done_is_done_and_keeps_the_plan_as_evidence():
    out = route.build_routes(*_tables([("x", 1, "city:a", "", None, "", True),
                                       ("y", 1, "city:a", "", None, "", False)]))
    a = out.iloc[0]
    assert not a["planned"] and list(a["article_ids"]) == ["y", "x"] and len(a["evidence"]) == 2
