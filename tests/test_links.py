"""The link builder: hrefs that round-trip through urllib.parse, carry the filters only, and open the
right page in AppTest."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, parse_qsl, urljoin, urlsplit

from components.links import page_link
from components.registry import CLAIMS, OVERVIEW, READER, page_at

HOSTILE = ["A&B=C", "x?y#z", "50% + 1", "Ünïcødé ✓", "<script>", "a/b", " "]


def test_a_link_round_trips_hostile_values():
    href = page_link(READER, {"article": "a&b#1"}, keep_filters={"source": HOSTILE, "entity": ["Kim (PERSON)"],
                                                                   "dates": ["2023-09-12", "2023-09-14"]})
    parts = urlsplit(href)
    assert parts.path == "reader" and not parts.fragment and not parts.scheme and not parts.netloc
    assert parse_qsl(parts.query, keep_blank_values=True) == (
        [("article", "a&b#1")] + [("source", s) for s in HOSTILE]
        + [("entity", "Kim (PERSON)"), ("dates", "2023-09-12"), ("dates", "2023-09-14")])
    assert re.fullmatch(r"[A-Za-z0-9_.~%+=&-]*", parts.query)  # nothing left unencoded


def test_a_link_keeps_the_filters_only():
    url = {"source": ["S"], "entity": ["E"], "etype": ["GPE"], "article": ["old"], "group": ["g1"], "bogus": ["x"]}
    assert parse_qs(urlsplit(page_link(READER, {"article": "new"}, keep_filters=url)).query) == \
        {"article": ["new"], "source": ["S"], "entity": ["E"], "etype": ["GPE"]}
    assert page_link(READER, {"article": "new"}) == "reader?article=new"  # no filters asked for
    # a filter the link sets replaces the current one; an empty list drops it
    assert parse_qs(urlsplit(page_link(READER, {"entity": ["E", "F"], "source": []}, keep_filters=url)).query) == \
        {"entity": ["E", "F"], "etype": ["GPE"]}


def test_a_link_to_the_default_page_is_the_root():
    assert page_link(OVERVIEW) == "./"
    assert page_link(OVERVIEW, keep_filters={"source": ["S"]}) == "./?source=S"
    assert urljoin("http://host/base/claims", page_link(OVERVIEW, {"source": "S"})) == "http://host/base/?source=S"
    assert urljoin("http://host/base/claims", page_link(READER, {"article": "a"})) == \
        "http://host/base/reader?article=a"
    assert page_link(CLAIMS) == "claims"


def test_a_built_link_opens_the_right_page(open_page, seed_tables):
    arts, m = seed_tables["articles"], seed_tables["mentions"]
    with_putin = set(m.loc[m["entity_id"] == "person:vladimir-putin", "article_id"])
    article = sorted(with_putin)[-1]
    source = arts.set_index("article_id").at[article, "source"]
    href = page_link(READER, {"article": article},
                     keep_filters={"source": [source], "entity": ["Vladimir Putin"], "focus": ["Kim Jong Un"]})
    parts = urlsplit(href)
    page = page_at(parts.path)
    assert page is READER
    at = open_page(page.path, **parse_qs(parts.query))
    assert [t.value for t in at.title] == ["Reader"]
    assert at.selectbox(key="article").value == article
    assert at.multiselect(key="source").value == [source]
    assert at.multiselect(key="entity").value == ["Vladimir Putin"]
    assert not at.warning  # nothing in the link needed a note
    # and the reader's own mention links are built the same way
    body = next(h.proto.body for h in at.get("html") if "tg-article" in h.proto.body)
    hrefs = {html.unescape(h) for h in re.findall(r'href="([^"]+)"', body)}
    assert hrefs and all(urlsplit(h).path == "reader" for h in hrefs)
    assert all(parse_qs(urlsplit(h).query)["article"] == [article] for h in hrefs)
    assert all(parse_qs(urlsplit(h).query)["source"] == [source] for h in hrefs)
