"""The hosted paths in AppTest: corpus= links, search to the sentence, upload and zip, metadata edits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from corpus_copies import two_corpora
from streamlit.testing.v1 import AppTest

from preprocessing import rebuild

ROOT = Path(__file__).resolve().parent.parent
NEW = ("Sergei Shoigu flew to Pyongyang on Tuesday for talks with Kim Jong Un, state media said. "
       "The defence minister toured a munitions factory and met senior officers of the Korean People's Army.\n")


@pytest.fixture
def hosted(tmp_path, monkeypatch, seed_data_dir):
    """A writable copy of the seed corpus as the default, and a corpora root with a corpus 'second'."""
    seeds, root = two_corpora(tmp_path, seed_data_dir)
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(seeds))
    monkeypatch.setenv("TRIANGULATE_CORPORA_DIR", str(root))
    return seeds, root


def _app(page: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    for k, v in params.items():
        at.query_params[k] = v if isinstance(v, list) else [v]
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def _articles(at) -> str:
    return {m.label: m.value for m in at.metric}["Articles"]


def test_a_corpus_link_opens_that_corpus(hosted):
    at = _app(corpus="second")
    assert at.selectbox(key="corpus").value == "second" and _articles(at) == "2"
    at.query_params["corpus"] = ["seeds"]  # AppTest changes a URL-bound widget through its parameter
    at.run()
    assert _articles(at) == "5" and not at.exception


@pytest.mark.parametrize("bad", ["../seeds", "/etc", "nope", "second/../..", "x" * 300])
def test_a_corpus_that_is_not_one_is_refused_with_a_note(hosted, bad):
    at = _app(corpus=bad)
    assert _articles(at) == "5"  # the default corpus
    assert any("Ignored 'corpus=" in w.value.replace("\\", "") for w in at.warning)


def test_search_hit_opens_the_exact_sentence(hosted, seed_tables):
    at = _app("pages/search.py", q="cosmodrome")
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "<mark>cosmodrome</mark>" in html.lower().replace("<mark>c", "<mark>c")
    s = seed_tables["sentences"]
    first = s[s["text"].str.contains("cosmodrome", case=False)].sort_values(["article_id", "sent_id"]).iloc[0]
    assert f'reader?article={first.article_id}&amp;sentence={first.sent_id}' in html
    reader = _app("pages/reader.py", article=first.article_id, sentence=str(first.sent_id))
    assert any("Linked sentence" in i.value and "cosmodrome" in i.value.lower() for i in reader.info)


def test_a_long_search_in_the_url_is_refused(hosted):
    at = _app("pages/search.py", q="x" * 1000)
    assert any("longer than 200 characters" in w.value for w in at.warning)


def _zip(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def test_upload_a_file_and_a_zip_then_see_them_after_the_rebuild(hosted):
    seeds, _ = hosted
    at = _app("pages/corpus.py")
    at.file_uploader(key="upload-files-0").set_value([
        ("shoigu.txt", NEW.encode(), "text/plain"),
        ("pack.zip", _zip([("inner/lavrov.md", NEW.replace("Sergei Shoigu", "Sergei Lavrov")),
                           ("../../evil.txt", NEW + "x")]), "application/zip"),
        ("blob.txt", b"\x00\x01", "text/plain")])
    at.run()
    at.button(key="upload-submit").click().run()
    assert not at.exception
    assert any("Added 2 article(s): shoigu.txt, lavrov.md" in s.value.replace("\\", "") for s in at.success)
    notes = " ".join(w.value.replace("\\", "") for w in at.warning)
    assert "pack.zip/../../evil.txt: a path that leads out" in notes and "blob.txt: binary" in notes
    assert not (seeds.parent / "evil.txt").exists()
    assert rebuild.wait(seeds).error is None
    over = _app()
    assert _articles(over) == "7"
    assert {"shoigu", "lavrov"} <= set(over.dataframe[0].value["article"])


def test_paste_text_with_a_title(hosted):
    seeds, _ = hosted
    at = _app("pages/corpus.py")
    at.text_input(key="paste-title-0").input("Shoigu in Pyongyang")
    at.text_area(key="paste-text-0").input(NEW)
    at.button(key="paste-submit").click().run()
    assert any("Shoigu_in_Pyongyang.txt" in s.value.replace("\\", "") for s in at.success)
    rebuild.wait(seeds)
    assert _articles(_app()) == "6"


def test_edit_metadata_names_the_outlet_and_dates_the_timeline(hosted, seed_tables):
    seeds, _ = hosted
    at = _app("pages/corpus.py")
    first = sorted(seed_tables["articles"]["article_id"])[1]  # its events say "on Wednesday"
    key = "meta-seeds"
    at.session_state[key] = {"edited_rows": {"1": {"source": "Reuters", "published": "2023-09-14",
                                                    "url": "javascript:alert(1)"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save-meta").click().run()
    assert any("not an http" in w.value.replace("\\", "") for w in at.warning)
    assert any("Nothing was saved" in e.value for e in at.error)
    assert not (seeds / "sources.csv").exists()
    at.session_state[key] = {"edited_rows": {"1": {"source": "Reuters", "published": "2023-09-14",
                                                    "url": "https://example.org/a"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save-meta").click().run()
    assert not at.exception and (seeds / "sources.csv").exists()
    assert rebuild.wait(seeds).error is None
    over = _app()
    arts = over.dataframe[0].value
    assert "Reuters" in set(arts.get("source", arts.iloc[:, 0]))
    tl = _app("pages/timeline.py", source="Reuters")
    dated = tl.dataframe[0].value
    assert dated.astype(str).apply(lambda c: c.str.contains("2023-09-13")).any().any(), dated.head()
    reader = _app("pages/reader.py", article=first)
    assert any(b.proto.url == "https://example.org/a" for b in reader.get("link_button"))
    assert "published 2023-09-14" in " ".join(c.value for c in reader.caption).replace("\\", "")


def test_hostile_metadata_never_becomes_a_link_or_markup(hosted, seed_tables):
    seeds, _ = hosted
    first = sorted(seed_tables["articles"]["article_id"])[0]
    (seeds / "sources.csv").write_text("article_id,source,title,published,url\n"
                                       f"{first},[evil](javascript:alert(1)),![x](http://tracker.example/p.png),,"
                                       "javascript:alert(document.cookie)\n")
    reader = _app("pages/reader.py", article=first)
    assert not reader.get("link_button")
    heading = reader.subheader[0].value
    assert heading.startswith("\\!\\[x\\]") and "tracker" in heading  # escaped: shown as text, never loaded
    over = _app()
    assert not any("](javascript" in m.value for m in over.markdown)


def test_an_edited_published_date_dates_the_route(hosted, seed_tables):
    """The editor's date is the anchor: 'on Wednesday' in an article published on Thursday 14 September
    2023 is the 13th, on the route map's stops as on the timeline."""
    seeds, _ = hosted
    arts = seed_tables["articles"]
    aid = next(a for a, t in zip(arts["article_id"], arts["text"]) if "Vostochny" in t and "Wednesday" in t)
    at = _app("pages/corpus.py")
    row = list(sorted(arts["article_id"])).index(aid)
    at.session_state["meta-seeds"] = {"edited_rows": {str(row): {"source": "Wire", "published": "2023-09-14"}},
                                      "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save-meta").click().run()
    assert not at.exception and rebuild.wait(seeds).error is None
    stops = _app("pages/route_map.py", source="Wire").dataframe[0].value
    vostochny = stops[stops["stop"].astype(str).str.contains("Vostochny")]
    assert len(vostochny) == 1 and "2023-09-13" in vostochny.astype(str).to_string(), stops
