"""The article reader: escaping of untrusted text, highlighting, entity links, and the page itself."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.reader import article_entities, entity_link, highlight, safe_url

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ('Kim Jong Un met Vladimir Putin in Vladivostok on Wednesday. '
           '<script>window.__xss = 1</script> The talks were <b>long</b>. '
           '<img src=x onerror="window.__xss = 2"> Putin said "5 & 6 < 7".\n')


def _mentions(text: str, spans: list[tuple[str, str, str]]) -> pd.DataFrame:
    rows = []
    for surface, label, eid in spans:
        start = text.index(surface)
        rows.append({"start": start, "end": start + len(surface), "label": label, "entity_id": eid, "text": surface})
    return pd.DataFrame(rows)


def _visible_text(markup: str) -> str:
    """The text a reader sees, minus the type tags: our markup removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<sup[^>]*>.*?</sup>", "", markup)))


def test_hostile_markup_is_escaped_and_text_survives():
    m = _mentions(HOSTILE, [("Kim Jong Un", "PERSON", "person:kim"), ("Vladivostok", "GPE", "gpe:vladivostok")])
    out = highlight(HOSTILE, m, {"person:kim": "Kim Jong Un"}, {})
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=&quot;window.__xss = 2&quot;&gt;" in out
    # stripping our own markup gives back exactly the article text
    assert _visible_text(out) == HOSTILE


def test_mentions_link_to_their_entity_filter_keeping_other_params():
    m = _mentions(HOSTILE, [("Vladimir Putin", "PERSON", "person:putin")])
    out = highlight(HOSTILE, m, {"person:putin": "Vladimir Putin"}, {"source": ["Wire & Co"], "article": ["a1"]})
    href = html.unescape(re.search(r'href="([^"]+)"', out).group(1))
    q = parse_qs(urlparse(href).query)
    assert urlparse(href).path == "reader"
    assert q == {"source": ["Wire & Co"], "article": ["a1"], "entity": ["Vladimir Putin"]}
    # already filtered by it: the link does not repeat it
    assert parse_qs(urlparse(entity_link({"entity": ["Vladimir Putin"]}, "Vladimir Putin")).query) == \
        {"entity": ["Vladimir Putin"]}


def test_overlapping_and_out_of_range_mentions_are_skipped():
    text = "Kim Jong Un arrived."
    m = pd.DataFrame({"start": [0, 4, 15], "end": [11, 8, 99], "label": ["PERSON"] * 3,
                      "entity_id": ["p:k", "p:x", "p:y"], "text": ["Kim Jong Un", "Jong", "?"]})
    out = highlight(text, m, {}, {})
    assert out.count('class="tg-ent"') == 1
    assert _visible_text(out) == text


def test_marked_sentences_nest_with_mentions():
    text = "Kim met Putin. Then he left."
    m = _mentions(text, [("Putin", "PERSON", "p:p")])
    out = highlight(text, m, {}, {}, marked={(0, 14)})
    assert out.index('class="tg-hit"') < out.index('class="tg-ent"') < out.index("</span>")
    assert _visible_text(out) == text


def _muted_text(markup: str) -> str:
    """The text inside muted spans (they hold no nested spans in these cases)."""
    return "".join(re.findall(r'<span class="tg-muted"[^>]*>(.*?)</span>', markup, re.S))


@pytest.mark.parametrize("head, tail", [("", "Source: agencies\n"), ("Headline here\n", ""),
                                        ("Headline here\n", "Source: agencies\n"), ("", "")])
def test_only_the_skipped_header_and_credit_lines_are_muted(head, tail):
    """A body starting at offset 0 with a credit line after it once muted the whole article."""
    body = "Kim Jong Un met Vladimir Putin in Vladivostok.\n"
    text = head + body + tail
    mentions = _mentions(text, [("Vladivostok", "GPE", "gpe:vladivostok")])
    out = highlight(text, mentions, {}, {}, body=(len(head), len(head) + len(body)))
    assert _muted_text(out) == head + tail
    assert out.count("<span") == out.count("</span>")


def test_safe_url_only_allows_http():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("") is None


def test_article_entities_counts_on_seeds(seed_tables):
    mentions = seed_tables["mentions"]
    first = seed_tables["articles"]["article_id"].iloc[0]
    m = mentions[mentions["article_id"] == first]
    labels = dict(zip(seed_tables["entities"]["entity_id"], seed_tables["entities"]["name"]))
    table = article_entities(m, seed_tables["entities"], labels)
    assert table["mentions"].sum() == len(m)
    assert table["mentions"].is_monotonic_decreasing
    assert "Kim Jong Un" in set(table["entity"])


@pytest.fixture
def reader(seed_data_dir, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(seed_data_dir))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def test_reader_page_shows_article_with_highlights(reader, seed_tables):
    art = seed_tables["articles"].iloc[2]
    reader.query_params["article"] = [art["article_id"]]
    reader.run()
    reader.switch_page("pages/reader.py").run()
    assert not reader.exception
    assert reader.selectbox(key="article").value == art["article_id"]
    body = [h.proto.body for h in reader.get("html") if "tg-article" in h.proto.body][0]
    n = (seed_tables["mentions"]["article_id"] == art["article_id"]).sum()
    assert 0 < body.count('class="tg-ent"') <= n
    assert _visible_text(body) == art["text"]


def test_reader_entity_filter_underlines_matching_sentences(reader, seed_tables):
    reader.query_params["entity"] = ["Vladimir Putin"]
    reader.run()
    reader.switch_page("pages/reader.py").run()
    assert not reader.exception
    article_id = reader.selectbox(key="article").value
    body = [h.proto.body for h in reader.get("html") if "tg-article" in h.proto.body][0]
    m, s = seed_tables["mentions"], seed_tables["sentences"]
    hits = m[(m["article_id"] == article_id) & (m["entity_id"] == "person:vladimir-putin")]["sent_id"].nunique()
    assert body.count('class="tg-hit"') == hits > 0
    # the article list only holds articles that mention Putin
    options = reader.selectbox(key="article").options
    putin_articles = set(m.loc[m["entity_id"] == "person:vladimir-putin", "article_id"])
    assert set(options) == putin_articles


def test_reader_bad_article_param_gives_a_note(reader):
    reader.query_params["article"] = ["no-such-article"]
    reader.run()
    reader.switch_page("pages/reader.py").run()
    assert not reader.exception
    assert any("no-such-article" in w.value.replace("\\", "") for w in reader.warning)


def test_reader_shows_hostile_article_as_text(tmp_path, nlp, monkeypatch):
    from preprocessing.build import build

    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "articles" / "hostile.txt").write_text(HOSTILE)
    build(data / "articles", data / "processed", data_dir=data, nlp_obj=nlp, cache=False)
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/reader.py").run()
    assert not at.exception
    body = [h.proto.body for h in at.get("html") if "tg-article" in h.proto.body][0]
    assert "<script" not in body and "<img" not in body
    assert _visible_text(body) == HOSTILE


def test_highlight_colour_is_a_tint_of_the_types_colour_everywhere():
    from components.entity_types import type_colour, type_tint

    for label in ("PERSON", "GPE", "ORG", "SOMETHING_NEW"):
        base = [int(type_colour(label)[i:i + 2], 16) for i in (1, 3, 5)]
        tint = [int(type_tint(label)[i:i + 2], 16) for i in (1, 3, 5)]
        assert all(t >= b for t, b in zip(tint, base)) and sum(tint) > sum(base)  # lighter, same hue order
        assert sorted(range(3), key=lambda i: base[i]) == sorted(range(3), key=lambda i: tint[i])
    m = _mentions(HOSTILE, [("Kim Jong Un", "PERSON", "person:kim")])
    assert f"background:{type_tint('PERSON')}" in highlight(HOSTILE, m, {}, {})
