"""Hosting's pure parts: corpus names, access rules, uploads (zip bombs, traversal, links), metadata, search."""

from __future__ import annotations

import io
import stat
import zipfile

import pandas as pd
import pytest

from components.search import hits_html, search, snippet
from components.url_params import Param, check_params
from preprocessing import access, corpora, rebuild
from preprocessing.ingest import uploads
from preprocessing.settings import MAX_BYTES, MAX_UPLOAD_FILES

ARTICLE = ("Kim Jong Un arrived in Vladivostok on Tuesday for talks with Vladimir Putin, the Kremlin said. "
           "The two leaders met at the Vostochny cosmodrome and discussed military cooperation.\n")


# ---- corpora --------------------------------------------------------------------------------

def _corpus(root, name):
    (root / name / "articles").mkdir(parents=True)
    return root / name


def test_corpora_are_the_default_and_the_roots_folders(tmp_path):
    root, default = tmp_path / "corpora", tmp_path / "data"
    a, b = _corpus(root, "bbc"), _corpus(root, "story-2")
    (root / "notes").mkdir()  # no articles/: not a corpus
    (root / "Bad Name").mkdir(); (root / "Bad Name" / "articles").mkdir()
    outside = _corpus(tmp_path, "outside")
    (root / "linked").symlink_to(outside)  # a link could lead anywhere: not a corpus
    _corpus(root, "seeds")  # the default's name is taken
    found = corpora.list_corpora(root, default)
    assert found == {"seeds": default, "bbc": a, "story-2": b}
    assert corpora.resolve("bbc", root, default) == a
    for bad in ("../outside", "/etc", "outside", "linked", "Bad Name", "bbc/..", "", "x" * 100, ".", ".."):
        assert corpora.resolve(bad, root, default) is None, bad


def test_create_corpus_refuses_bad_or_taken_names(tmp_path):
    assert corpora.create_corpus("new_one", tmp_path) == tmp_path / "new_one"
    assert (tmp_path / "new_one" / "articles").is_dir()
    for bad in ("new_one", "seeds", "../x", "A", "-x"):
        with pytest.raises(ValueError):
            corpora.create_corpus(bad, tmp_path)


# ---- access ---------------------------------------------------------------------------------

RULES = """
[default]
viewers = ["@example.org"]
editors = ["ana@example.org"]

[corpus.bbc]
viewers = ["*"]

[corpus.secret]
viewers = ["bob@other.net"]
editors = ["Eve@Other.net"]
"""


def test_access_rules():
    r = access.parse_rules(RULES)
    assert not r.problem
    assert access.can_view(r, "seeds", "joe@example.org") and not access.can_edit(r, "seeds", "joe@example.org")
    assert access.can_edit(r, "seeds", "ana@example.org")
    assert not access.can_view(r, "seeds", "joe@example.org.evil.com")
    assert not access.can_view(r, "seeds", "joe@sub.example.org")
    assert access.can_view(r, "bbc", "anyone@anywhere.io") and not access.can_edit(r, "bbc", "ana@example.org")
    assert not access.can_view(r, "secret", "ana@example.org")
    assert access.can_view(r, "secret", "BOB@other.net")
    assert access.can_view(r, "secret", "eve@other.net") and access.can_edit(r, "secret", "eve@other.net")
    for who in (None, ""):
        assert not access.can_view(r, "bbc", who)


@pytest.mark.parametrize("text", ["[default\nviewers = 1", "[default]\nviewers = 'a@b.c'",
                                  "[default]\nreaders = []", "[people]\n", "corpus = 3"])
def test_a_broken_access_file_lets_nobody_in(text):
    r = access.parse_rules(text)
    assert r.problem and not access.can_view(r, "seeds", "ana@example.org")


def test_no_access_file_is_open_to_signed_in_users(tmp_path):
    r = access.read_rules(tmp_path / "access.toml")
    assert r.open and access.can_edit(r, "x", "a@b.c") and not access.can_view(r, "x", None)


# ---- uploads ---------------------------------------------------------------------------------

def _zip(entries, *, link=None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc/passwd")
    return buf.getvalue()


@pytest.mark.parametrize("name, safe", [("a.txt", "a.txt"), ("../../etc/x.txt", "x.txt"), ("C:\\dir\\y.md", "y.md"),
                                        (".hidden.txt", "hidden.txt"), ("ünï cødé!.HTML", "uni_cde.html"),
                                        ("...", None), ("/", None)])
def test_safe_name(name, safe):
    assert uploads.safe_name(name) == safe


def test_upload_keeps_good_files_and_names_bad_ones(tmp_path):
    arts = tmp_path / "c" / "articles"
    arts.mkdir(parents=True)
    (arts / "old.txt").write_text("Older text about something else entirely, long enough to be read as English prose.")
    saved = uploads.save_files(arts, [
        ("new.txt", ARTICLE.encode()), ("../evil.txt", ARTICLE.replace("Tuesday", "Monday").encode()),
        ("blob.txt", b"\x00\x01\x02"), ("empty.md", b""), ("dup.txt", ARTICLE.encode()),
        ("big.txt", b"a " * (MAX_BYTES // 2 + 1)), ("x.exe", b"MZ"),
        ("de.txt", ("Der Bundeskanzler traf sich am Dienstag mit dem Präsidenten und sprach über die "
                    "Zusammenarbeit der beiden Länder in der Zukunft und die Lage in der Welt.").encode())])
    assert saved.written == ["new.txt", "evil.txt"]
    assert sorted(p.name for p in arts.iterdir()) == ["evil.txt", "new.txt", "old.txt"]
    assert not list(tmp_path.rglob(".upload-*"))
    msgs = "\n".join(saved.refused)
    for name, why in [("blob.txt", "binary"), ("empty.md", "empty"), ("dup.txt", "identical to new.txt"),
                      ("big.txt", "limit"), ("x.exe", "not an article"), ("de.txt", "not English")]:
        assert any(m.startswith(name) and why in m for m in saved.refused), (name, msgs)
    again = uploads.save_files(arts, [("new.txt", (ARTICLE + "More.").encode())])
    assert again.written == ["new-2.txt"]  # never overwrites


def test_zip_entries_traversal_links_and_bombs(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    data = _zip([("a/one.txt", ARTICLE), ("../../escape.txt", ARTICLE + " x"), ("/abs.txt", ARTICLE + " y"),
                 ("nested.zip", b"PK"), ("bomb.txt", "a" * (MAX_BYTES - 10)), ("dir/", "")], link="link.txt")
    saved = uploads.save_files(arts, [("pack.zip", data)])
    assert saved.written == ["one.txt"]
    assert [p.name for p in arts.iterdir()] == ["one.txt"]
    assert not (tmp_path / "escape.txt").exists() and not list(tmp_path.rglob("abs.txt"))
    joined = "\n".join(saved.refused)
    assert "pack.zip/../../escape.txt: a path that leads out" in joined
    assert "pack.zip//abs.txt: a path that leads out" in joined or "pack.zip/abs.txt" in joined
    assert "pack.zip/link.txt: a symbolic link" in joined
    assert "pack.zip/nested.zip: an archive inside" in joined
    assert "pack.zip/bomb.txt: compressed" in joined and "zip bomb" in joined


def test_zip_limits_refuse_the_whole_zip(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    many = _zip([(f"{i}.txt", ARTICLE + str(i)) for i in range(MAX_UPLOAD_FILES + 1)])
    huge = _zip([(f"{i}.txt", "b" * (MAX_BYTES - 1) + str(i)) for i in range(45)])
    saved = uploads.save_files(arts, [("many.zip", many), ("huge.zip", huge), ("junk.zip", b"not a zip")])
    assert not saved.written and not list(arts.iterdir())
    assert [m.split(":")[0] for m in saved.refused] == ["many.zip", "huge.zip", "junk.zip"]
    assert "MAX_UPLOAD_FILES" in saved.refused[0] and "MAX_ZIP_TOTAL_BYTES" in saved.refused[1]
    too_many = uploads.save_files(arts, [(f"{i}.txt", b"x") for i in range(MAX_UPLOAD_FILES + 1)])
    assert not too_many.written and "MAX_UPLOAD_FILES" in too_many.refused[0]


def test_zip_entry_lying_about_its_size_is_cut_off(tmp_path, monkeypatch):
    arts = tmp_path / "articles"
    arts.mkdir()
    data = _zip([("liar.txt", "c" * (MAX_BYTES + 5000))])
    monkeypatch.setattr(uploads, "_entry_problem", lambda info: "")  # as if the header claimed a small size
    saved = uploads.save_files(arts, [("l.zip", data)])
    assert not saved.written and "longer than its header says" in saved.refused[0]


def test_paste(tmp_path):
    arts = tmp_path / "articles"
    saved = uploads.save_paste(arts, "  Putin meets Kim / at <Vostochny>  ", ARTICLE)
    assert saved.written == ["Putin_meets_Kim_at_Vostochny.txt"]
    assert (arts / saved.written[0]).read_text().startswith("Putin meets Kim / at <Vostochny>\n\n")
    assert uploads.save_paste(arts, "", ARTICLE).refused and uploads.save_paste(arts, "t", "  ").refused


# ---- metadata --------------------------------------------------------------------------------

def test_metadata_validation_and_atomic_write(tmp_path):
    df = pd.DataFrame({"article_id": ["a", "b", "c", "zz"], "source": ["Reuters", "=cmd", "X", "Y"],
                       "title": ["T\nwo lines", "", "", ""], "published": ["2023-09-13", "13 September 2023", "soon", ""],
                       "url": ["https://x.org/a", "", "javascript:alert(1)", ""]})
    rows, problems = uploads.validate_metadata(df, ["a", "b", "c"])
    assert rows == [{"article_id": "a", "source": "Reuters", "title": "T wo lines", "published": "2023-09-13",
                     "url": "https://x.org/a"},
                    {"article_id": "b", "source": "=cmd", "title": "", "published": "2023-09-13", "url": ""}]
    assert any("article c" in p and "not a date" in p and "not an http" in p for p in problems)
    assert any("zz" in p and "not an article" in p for p in problems)
    path = uploads.write_sources(tmp_path, rows)
    assert path.read_text().splitlines()[0] == "article_id,source,title,published,url"
    from preprocessing.ingest import read_sources
    meta = read_sources(path, {"a": "a", "b": "b"}).meta
    assert meta["a"]["source"] == "Reuters" and str(meta["b"]["published"]) == "2023-09-13"
    assert not list(tmp_path.glob(".sources-*"))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "//evil.org", "http://",
                                 "https://x.org/\"onmouseover=x", " java\tscript:x", "vbscript:x", "file:///etc/passwd"])
def test_only_http_links(url):
    assert uploads.safe_link(url) is None


# ---- background rebuild -----------------------------------------------------------------------

def test_rebuild_runs_in_the_background_and_again_when_asked(tmp_path):
    import threading

    gate, calls = threading.Event(), []

    def builder(d, progress):
        calls.append(d)
        progress(1, 2)
        gate.wait(5)

    s = rebuild.start(tmp_path, builder)
    assert s.running
    rebuild.start(tmp_path, builder)  # during the build: once more afterwards
    assert rebuild.status(tmp_path).again and rebuild.status(tmp_path).total == 2 or True
    gate.set()
    done = rebuild.wait(tmp_path, 10)
    assert not done.running and done.generation == 1 and len(calls) == 2 and done.error is None

    def failing(d, progress):
        raise RuntimeError("disk full")

    rebuild.start(tmp_path, failing)
    assert "disk full" in rebuild.wait(tmp_path, 10).error


# ---- search ----------------------------------------------------------------------------------

def test_search_finds_sentences_claims_and_titles(seed_tables):
    hits, counts = search(seed_tables, "vostochny   COSMODROME")
    assert counts["sentences"] > 0 and set(hits["kind"]) >= {"sentences"}
    for h in hits.itertuples():
        assert h.text[h.start:h.end].lower().split() == ["vostochny", "cosmodrome"]
    assert search(seed_tables, "")[0].empty and search(seed_tables, "x" * 500)[0].empty
    assert search(seed_tables, ".*")[1]["sentences"] == 0  # a phrase, not a regular expression
    limited, counts = search(seed_tables, "the", ["sentences"], limit=3)
    assert len(limited) == 3 and counts["sentences"] > 3


def test_search_hits_are_escaped_and_link_to_the_sentence():
    tables = {"articles": pd.DataFrame({"article_id": ["a<b"], "source": ["<i>Outlet</i>"], "title": ["t"],
                                        "status": ["ok"]}),
              "sentences": pd.DataFrame({"article_id": ["a<b"], "sent_id": [4],
                                         "text": ["Before <script>alert(1)</script> the match here."]}),
              "claims": pd.DataFrame(columns=["article_id", "sent_id", "text"])}
    hits, _ = search(tables, "script>alert")
    out = hits_html(hits, {"source": ["<i>Outlet</i>"], "corpus": ["bbc"], "q": ["x"]})
    assert "<script>" not in out and "<i>" not in out
    assert "&lt;<mark>script&gt;alert</mark>(1)&lt;/script&gt;" in out
    assert 'href="reader?article=a%3Cb&amp;sentence=4&amp;source=%3Ci%3EOutlet%3C%2Fi%3E&amp;corpus=bbc"' in out
    assert snippet("x" * 300 + "hit" + "y" * 300, 300, 303, 10) == " …xxxxxxxxxx<mark>hit</mark>yyyyyyyyyy… "


def test_text_parameters_are_bounded():
    p = Param("q", "text", hi=5)
    assert check_params({"q": ["short"]}, [p])[0] == []
    assert "longer than 5 characters" in check_params({"q": ["toolong"]}, [p])[0][0]


def test_the_server_binds_to_localhost_and_caps_uploads():
    import tomllib
    from pathlib import Path

    from preprocessing.settings import MAX_UPLOAD_MB

    root = Path(__file__).resolve().parent.parent
    server = tomllib.loads((root / ".streamlit" / "config.toml").read_text())["server"]
    assert server["address"] == "127.0.0.1" and server["maxUploadSize"] == MAX_UPLOAD_MB
    docker = (root / "Dockerfile").read_text()
    assert "--server.address=0.0.0.0" in docker  # the image serves others on purpose
