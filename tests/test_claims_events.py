"""Events above claim groups: every claim in one event, the seed meeting as one event, updates vs conflicts."""

from __future__ import annotations

import datetime as dt

import pytest

import pandas as pd

from preprocessing.claims.events import article_days, first_reports
from preprocessing.claims.resolve import group_conflicts


def member(article, source, certainty, day=None, numbers=(), days=()):
    return {"article_id": article, "source": source, "certainty": certainty, "numbers": list(numbers),
            "days": list(days), "day": day}


def test_expected_before_and_fact_after_is_an_update_not_a_conflict():
    found = dict(group_conflicts([member("a", "Wire", "expected", day=10), member("b", "Daily", "fact", day=12)]))
    assert "certainty" not in found and "update" in found


def test_fact_before_expected_or_undated_stays_a_certainty_conflict():
    assert "certainty" in dict(group_conflicts([member("a", "Wire", "expected", day=12),
                                                member("b", "Daily", "fact", day=10)]))
    assert "certainty" in dict(group_conflicts([member("a", "Wire", "expected"), member("b", "Daily", "fact", day=10)]))


def test_a_denial_is_a_conflict_whatever_the_days():
    assert "denial" in dict(group_conflicts([member("a", "Wire", "denied", day=10), member("b", "Daily", "fact", day=12)]))


def test_publication_days_come_from_sources_csv_else_a_dateline_never_a_crawl_date():
    arts = pd.DataFrame({"article_id": ["a", "b", "c"],
                         "published": [dt.date(2024, 3, 1), None, None],
                         "header_date": [None, dt.date(2024, 3, 2), dt.date(2024, 3, 3)],
                         "header_date_kind": ["", "dateline", "crawl"]})
    days = article_days(arts)
    assert set(days) == {"a", "b"} and days["b"] - days["a"] == 1
    assert first_reports([0, 1, 2], ["b", "a", "c"], days) == ("a", ["b"])
    assert first_reports([0], ["a"], days) == ("", [])


def test_every_claim_is_in_exactly_one_event(seed_tables):
    claims, events = seed_tables["claims"], seed_tables["event_groups"]
    listed = [c for ids in events["claim_ids"] for c in ids]
    assert sorted(listed) == sorted(claims["claim_id"]) and len(set(listed)) == len(listed)
    assert set(claims["event_id"]) == set(events["event_id"])


def test_the_vostochny_meeting_and_the_missile_launch_sit_in_multi_source_events(seed_tables):
    claims, events = seed_tables["claims"], seed_tables["event_groups"].set_index("event_id")
    meeting = claims[claims["text"].str.contains("Vostochny") & claims["text"].str.contains("welcomed")]
    event = events.loc[meeting.iloc[0]["event_id"]]
    assert event["n_sources"] >= 4
    # the meeting's claim group lies inside its event
    group = meeting.iloc[0]["group_id"]
    assert set(claims.loc[claims["group_id"] == group, "event_id"]) <= set(events.index)
    assert group in list(event["claim_groups"])


def test_the_claims_page_lists_events_by_sources(open_page, seed_tables):
    at = open_page("pages/claims.py")
    frames = [d.value for d in at.dataframe if "what happened" in d.value.columns]
    assert len(frames) == 1
    ev = frames[0]
    assert list(ev["sources"]) == sorted(ev["sources"], reverse=True) and ev["sources"].iloc[0] >= 4
    sources = sorted(set(seed_tables["articles"]["source"]))
    assert set(sources) <= set(ev.columns)


def test_the_headline_is_found_among_header_lines_and_credits_are_not():
    from preprocessing.claims.extract import headline_span

    text = ("Tue. Mar 5th, 2024\nFerry Operator Cuts Winter Crossings to Orkney\nBy Jane Example\n"
            "The operator said on Monday that it would run two crossings a week.")
    body = text.index("The operator")
    start, end = headline_span(text, body)
    assert text[start:end] == "Ferry Operator Cuts Winter Crossings to Orkney"
    assert headline_span("By Jane Example\nPhoto: Agency Staff\nThe body.", len("By Jane Example\nPhoto: Agency Staff\n")) is None
    assert headline_span(" date 2024-03-05 The body", 17) is None


def test_a_headline_claim_names_its_entities(nlp):
    from preprocessing import nlp as nlp_mod
    from preprocessing.claims.extract import HEADLINE_SENT, headline_claims

    line = "Chilean President Visits Copper Mine in Antofagasta"
    found = headline_claims(nlp(nlp_mod.normalise(line)), 10, " " * 10 + line)
    assert found and all(c["sent_id"] == HEADLINE_SENT for c in found)
    assert any("Antofagasta" in n for c in found for n in c["names"])
    assert all((" " * 10 + line)[c["start"]:c["end"]] == c["text"] for c in found)


def test_an_evidence_link_opens_the_reader_at_that_claims_sentence(open_page, seed_tables):
    claims = seed_tables["claims"]
    c = claims[claims["text"].str.contains("ballistic missiles") & (claims["sent_id"] >= 0)].iloc[0]
    at = open_page("pages/reader.py", article=c["article_id"], claim=c["claim_id"])
    assert not at.exception
    assert any(c["text"] in i.value for i in at.info)
    body = " ".join(h.proto.body for h in at.get("html"))
    assert body.count('class="tg-hit"') == 1
    # the claims page links carry the claim
    page = open_page("pages/claims.py")
    cards = [h.proto.body for h in page.get("html") if 'class="tg-claim"' in h.proto.body]
    assert cards and all("claim=" in card for card in cards)


def test_an_event_from_the_url_shows_each_sources_claims_side_by_side(open_page, seed_tables):
    claims, events = seed_tables["claims"], seed_tables["event_groups"]
    top = events.iloc[0]
    at = open_page("pages/claims.py", event=top["event_id"])
    assert not at.exception
    cards = [h.proto.body for h in at.get("html") if 'class="tg-event"' in h.proto.body]
    assert len(cards) == top["n_sources"]
    assert all("claim=" in c for c in cards)
    bad = open_page("pages/claims.py", event="e-not-an-event")
    assert not bad.exception and "event" in " ".join(w.value for w in bad.warning)


@pytest.mark.parametrize("text, kept", [
    ("By Jane Example, Moscow correspondent", False),
    ("Photo: Agency Staff via the Oslo Times", False),
    ("Reporting by Jane Example in Oslo; editing by John Example", False),
    ("By Tuesday the Oslo council had voted to close 12 schools.", True),
])
def test_bylines_and_credits_in_the_body_are_not_claims(nlp, text, kept):
    from preprocessing import nlp as nlp_mod
    from preprocessing.claims.extract import doc_claims

    found = doc_claims(nlp(nlp_mod.normalise(text)), 0, text)
    assert bool(found) == kept, found
