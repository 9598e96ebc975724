"""Timeline: the component on hand-made events, the reader's sentence link, and the page under AppTest."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from components.reader import highlight
from components.timeline import timeline_figure, timeline_points, timeline_table
from preprocessing import schema

COLS = [c.name for c in schema.TABLES["events"]]


def event(eid, actor="person:ann-lee", place="gpe:oslo", *, date=None, weekday="", planned=False, when="",
          sentence="Ann Lee arrived in Oslo.", action="arrive", note=""):
    art, sent, _ = eid.rsplit(":", 2)
    return {"event_id": eid, "article_id": art, "sent_id": int(sent), "actor_id": actor, "action": action,
            "place_id": place, "when_text": when, "date": date, "weekday": weekday, "planned": planned,
            "date_note": note, "sentence": sentence}


def frame(*rows):
    return pd.DataFrame(list(rows), columns=COLS)


LABELS = {"person:ann-lee": "Ann Lee", "person:bo-kim": "Bo Kim", "gpe:oslo": "Oslo", "gpe:bergen": "Bergen"}
SOURCES = {"a1": "Paper One", "a2": "Paper Two"}


def test_undated_events_are_not_drawn_and_empty_is_empty():
    pts, axis = timeline_points(frame(event("a1:0:0")), SOURCES, LABELS)
    assert pts.empty and axis == "date"
    assert timeline_table(pts).empty
    assert len(timeline_figure(pts, axis).data) == 0


def test_dated_events_on_a_date_axis_one_lane_per_source():
    ev = frame(event("a1:0:0", date=dt.date(2031, 5, 6), weekday="Tuesday"),
               event("a2:3:0", place="gpe:bergen", date=dt.date(2031, 5, 8), weekday="Thursday", planned=True))
    pts, axis = timeline_points(ev, SOURCES, LABELS)
    assert axis == "date" and list(pts["lane"]) == ["Paper One", "Paper Two"]
    fig = timeline_figure(pts, axis)
    assert list(fig.layout.yaxis.ticktext) == ["Paper One", "Paper Two"]
    assert list(fig.layout.yaxis.tickvals) == [1, 0]  # the first lane on top
    assert fig.layout.xaxis.type == "date"
    done = [t for t in fig.data if t.name.endswith("done")][0]
    planned = [t for t in fig.data if t.name.endswith("planned")][0]
    assert list(done.marker.symbol) == ["circle"] and list(planned.marker.symbol) == ["diamond-open"]
    assert "planned" in planned.hovertext[0] and "done" in done.hovertext[0]


def test_weekday_only_event_is_placed_on_the_dated_week_and_outlined():
    ev = frame(event("a1:0:0", date=dt.date(2031, 5, 6), weekday="Tuesday"),  # a Tuesday
               event("a2:1:0", place="gpe:bergen", weekday="Thursday", when="on Thursday"))
    pts, axis = timeline_points(ev, SOURCES, LABELS)
    thursday = pts[pts["weekday"] == "Thursday"].iloc[0]
    assert axis == "date" and thursday["x"] == dt.date(2031, 5, 8) and thursday["placed"] == "week"
    fig = timeline_figure(pts, axis)
    symbols = [s for t in fig.data for s in t.marker.symbol]
    assert "circle-open-dot" in symbols
    assert "weekday only" in timeline_table(pts).iloc[1]["when"]


def test_weekday_the_dated_span_cannot_fix_is_left_out():
    ev = frame(event("a1:0:0", date=dt.date(2031, 5, 1)), event("a1:1:0", date=dt.date(2031, 5, 20)),
               event("a2:1:0", weekday="Thursday"))
    pts, _ = timeline_points(ev, SOURCES, LABELS)
    assert len(pts) == 2 and set(pts["placed"]) == {"date"}


def test_weekdays_only_use_the_shortest_rotation_of_the_week():
    # Saturday, Sunday, Monday: a weekend trip, not a Monday-to-Saturday one.
    ev = frame(event("a1:0:0", weekday="Monday"), event("a1:1:0", weekday="Saturday"),
               event("a2:2:0", weekday="Sunday"))
    pts, axis = timeline_points(ev, SOURCES, LABELS, lanes="person")
    assert axis == "weekday"
    rank = dict(zip(pts["weekday"], pts["x"]))
    assert rank["Saturday"] < rank["Sunday"] < rank["Monday"]
    assert set(pts["lane"]) == {"Ann Lee"}
    fig = timeline_figure(pts, axis, lanes="person")
    assert list(fig.layout.xaxis.ticktext) == ["Saturday", "Sunday", "Monday"]
    assert list(timeline_table(pts)["when"]) == ["Saturday (weekday only)", "Sunday (weekday only)",
                                                 "Monday (weekday only)"]


def test_events_of_one_lane_on_one_day_do_not_hide_each_other():
    ev = frame(event("a1:0:0", weekday="Monday"), event("a1:1:0", actor="person:bo-kim", weekday="Monday"),
               event("a1:2:0", weekday="Monday", planned=True))
    pts, axis = timeline_points(ev, SOURCES, LABELS)
    ys = [y for t in timeline_figure(pts, axis).data for y in t.y]
    assert len(set(ys)) == 3 and all(abs(y) < 0.5 for y in ys)


def test_planned_can_be_hidden():
    ev = frame(event("a1:0:0", weekday="Monday"), event("a1:1:0", weekday="Tuesday", planned=True))
    pts, _ = timeline_points(ev, SOURCES, LABELS, show_planned=False)
    assert list(pts["planned"]) == [False]


def test_hover_is_escaped_and_link_points_at_the_sentence():
    ev = frame(event("a1:7:0", weekday="Monday", sentence="<img src=x onerror=alert(1)> went to Oslo",
                     note="<b>note</b>"))
    pts, axis = timeline_points(ev, {"a1": "<script>"}, LABELS, params={"source": ["<script>"], "lanes": ["person"]})
    hover = timeline_figure(pts, axis).data[0].hovertext[0]
    assert "<img" not in hover and "&lt;img" in hover and "<script>" not in hover and "&lt;b&gt;" in hover
    link = pts.iloc[0]["reader"]
    q = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == "reader"
    assert q == {"article": ["a1"], "sentence": ["7"], "source": ["<script>"]}  # filters kept, page params not


def test_reader_marks_the_linked_sentence():
    text = "First one. Second <b>one</b>. Third."
    mentions = pd.DataFrame(columns=["start", "end", "label", "entity_id"])
    out = highlight(text, mentions, {}, {}, focus=(11, 29))
    assert '<span class="tg-focus" id="tg-focus"' in out and "&lt;b&gt;one&lt;/b&gt;." in out
    assert out.index("tg-focus") < out.index("Second")


# ---- page -----------------------------------------------------------------------------------

@pytest.fixture
def page(open_page):
    return lambda **params: open_page("pages/timeline.py", **params)


def figure(at) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no plotly chart on the page"
    return json.loads(charts[0].proto.spec)


def test_page_draws_the_seed_events(page, seed_tables):
    at = page()
    fig = figure(at)
    ev = seed_tables["events"]
    drawable = ev[ev["date"].notna() | (ev["weekday"] != "")]
    assert sum(len(t["x"]) for t in fig["data"]) == len(drawable) > 0
    lanes = set(fig["layout"]["yaxis"]["ticktext"])
    assert lanes <= set(seed_tables["articles"]["source"])
    tab = at.dataframe[0].value
    assert len(tab) == len(drawable)
    assert all(link.startswith("reader?article=") and "&sentence=" in link for link in tab["reader"])
    assert not at.warning


def test_page_lanes_per_person_and_planned_from_url(page, seed_tables):
    at = page(lanes="person", planned="false")
    lanes = set(figure(at)["layout"]["yaxis"]["ticktext"])
    assert "Kim Jong Un" in lanes
    assert all("planned" not in t["name"] for t in figure(at)["data"])
    assert at.toggle(key="planned").value is False


def test_page_under_source_filter(page, seed_tables):
    source = "003_500b28330caf8db6"
    at = page(source=[source])
    assert set(figure(at)["layout"]["yaxis"]["ticktext"]) == {source}


def test_page_bad_lane_warns(page):
    at = page(lanes="sideways")
    assert any("sideways" in w.value for w in at.warning)
    assert figure(at)


def test_reader_opens_on_the_linked_sentence(open_page, seed_tables):
    s = seed_tables["sentences"]
    row = s[(s["article_id"] == "003_500b28330caf8db6")].iloc[2]
    at = open_page("pages/reader.py", article=row["article_id"], sentence=str(int(row["sent_id"])))
    assert any("Linked sentence" in i.value for i in at.info)
    html = "".join(h.proto.body for h in at.get("html"))
    assert 'class="tg-focus"' in html
    bad = open_page("pages/reader.py", article=row["article_id"], sentence="9999")
    assert any("sentence=9999" in w.value for w in bad.warning)
