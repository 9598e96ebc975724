"""Ingest: the seed articles' header lines, bad input of every kind, sources.csv, HTML/Markdown, BBC headlines."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from preprocessing import ingest, schema

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "articles"
BBC = ROOT.parent / "shared" / "corpora" / "bbc"

# Hand-written texts for these tests.
GOOD = ("The city council met on Tuesday to discuss the new bridge over the river. Several members said the "
        "project had grown too expensive, while others argued that the town needed it to attract business.\n")
GERMAN = ("Der Gemeinderat hat sich am Dienstag getroffen, um über die neue Brücke über den Fluss zu sprechen. "
          "Mehrere Mitglieder sagten, das Vorhaben sei viel zu teuer geworden, während andere meinten, die Stadt "
          "brauche die Brücke dringend, damit sich neue Betriebe ansiedeln.\n")
FRENCH = ("Le conseil municipal s'est réuni mardi pour discuter du nouveau pont sur la rivière. Plusieurs membres "
          "ont déclaré que le projet était devenu beaucoup trop cher, tandis que d'autres estimaient que la ville "
          "en avait besoin pour attirer des entreprises.\n")


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return ingest.read_corpus(SEEDS, None).set_index("article_id", drop=False)


def seed(seeds: pd.DataFrame, prefix: str) -> pd.Series:
    return seeds[seeds["article_id"].str.startswith(prefix)].iloc[0]


def body(row) -> str:
    return row["text"][row["body_start"]:row["body_end"]]


def corpus(tmp_path: Path, files: dict[str, str | bytes], sources: str | None = None) -> pd.DataFrame:
    d = tmp_path / "articles"
    d.mkdir()
    for name, content in files.items():
        (d / name).write_bytes(content.encode() if isinstance(content, str) else content)
    csv = None
    if sources is not None:
        csv = tmp_path / "sources.csv"
        csv.write_text(sources)
    return ingest.read_corpus(d, csv).set_index("article_id", drop=False)


# ---- the seeds --------------------------------------------------------------------------------

def test_seeds_conform_to_the_schema_and_keep_the_file_text(seeds):
    assert set(seeds.columns) == {c.name for c in schema.TABLES["articles"]}
    schema.conform("articles", seeds.reset_index(drop=True))
    assert list(seeds["article_id"]) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for row in seeds.itertuples():
        raw = (SEEDS / row.path).read_bytes()
        assert row.text == raw.decode("utf-8")
        assert row.content_hash == hashlib.sha256(raw).hexdigest()
        assert (row.status, row.language, list(row.warnings)) == ("ok", "en", [])
        assert row.n_words == len(row.text[row.body_start:row.body_end].split()) > 300
        assert row.source == row.article_id and row.url == "" and row.published is None


def test_seed_crawl_prefix_is_a_header_date_not_body(seeds):
    for prefix, day in (("000", date(2023, 11, 12)), ("004", date(2023, 11, 7))):
        row = seed(seeds, prefix)
        assert (row["header_date"], row["header_date_kind"]) == (day, "crawl")
        assert body(row).startswith("North Korean leader Kim Jong Un")
        assert "date 2023" in row["text"][:row["body_start"]]
        assert row["title"] == ""  # the prefix is glued to the first sentence, there is no headline


def test_seed_dateline_and_headline(seeds):
    row = seed(seeds, "001")
    assert (row["header_date"], row["header_date_kind"]) == (date(2023, 12, 4), "dateline")
    assert row["title"] == "North Korean Leader Kim Jong Un Arrives in Russia for Meeting with President Putin"
    assert body(row).startswith("North Korean leader Kim Jong Un arrived at a cosmodrome")
    assert "Dec 4th" not in body(row)


def test_seed_headline_without_date(seeds):
    row = seed(seeds, "003")
    assert row["title"] == "Kim Jong Un in Russia: North Korean leader to tour military sites"
    assert (row["header_date"], row["header_date_kind"]) == (None, "")
    assert body(row).startswith("In the meantime, Russian Foreign Minister")


def test_seed_body_sentence_is_not_a_headline_and_credit_line_is_cut(seeds):
    row = seed(seeds, "002")
    assert row["title"] == "" and row["body_start"] == 0
    assert "Source: with agencies" in row["text"]
    assert "Source:" not in body(row)
    assert row["text"][row["body_end"]:].strip() == "Source: with agencies"
    assert body(row).endswith("exported to Russia.")


# ---- headers, headlines and credits on hand-made texts -----------------------------------------

@pytest.mark.parametrize("header, day", [
    ("Updated: 4 March 2024 10:02 GMT", date(2024, 3, 4)),
    ("Friday, June 7, 2019", date(2019, 6, 7)),
    ("2021-02-15", date(2021, 2, 15)),
    ("Posted on 15 Feb 2021 at 9:30 am", date(2021, 2, 15)),
])
def test_dateline_forms(tmp_path, header, day):
    df = corpus(tmp_path, {"a.txt": f"{header}\nBridge plan divides council\n\n{GOOD}"})
    row = df.loc["a"]
    assert (row["header_date"], row["header_date_kind"]) == (day, "dateline")
    assert row["title"] == "Bridge plan divides council"
    assert body(row) == GOOD.strip()


@pytest.mark.parametrize("line", ["The meeting ended without a vote on Tuesday", "Friday was a long day for 2021"])
def test_sentence_with_date_words_is_not_a_dateline(line):
    assert ingest.parse_dateline(line) is None


def test_headline_rules(tmp_path):
    df = corpus(tmp_path, {
        "question.txt": f"Will the bridge ever be built?\n{GOOD}",
        "abbrev.txt": f"Council rejects bridge funded by the U.S.\n\n{GOOD}",
        "sentence.txt": f"The council voted against the bridge.\n{GOOD}",
        "long.txt": "The council met on Tuesday and talked about the bridge for many hours without any sign of "
                    "an agreement between the members who support it and those who do not\n" + GOOD,
        "colon.txt": f"Members raised three concerns:\n{GOOD}",
        "only.txt": "A short line without a period",
        "byline.txt": f"Bridge plan divides council\nBy Jane Example, Political Correspondent\n\n{GOOD}",
        "by_sentence.txt": f"By Tuesday the council had voted against the bridge.\n{GOOD}",
    })
    assert df.loc["question", "title"] == "Will the bridge ever be built?"
    assert df.loc["abbrev", "title"] == "Council rejects bridge funded by the U.S."
    for name in ("sentence", "long", "colon", "only"):
        assert df.loc[name, "title"] == "" and df.loc[name, "body_start"] == 0, name
    assert body(df.loc["only"]) == "A short line without a period"
    assert df.loc["byline", "title"] == "Bridge plan divides council"
    assert body(df.loc["byline"]) == GOOD.strip()
    assert df.loc["by_sentence", "body_start"] == 0


def test_credit_lines_are_left_out_of_the_body(tmp_path):
    df = corpus(tmp_path, {
        "own.txt": f"{GOOD}\n(Reporting by Jane Example; Editing by John Sample)\n",
        "glued.txt": GOOD.strip() + " (Reporting by Jane Example; Editing by John Sample)\n",
        "copy.txt": f"{GOOD}\nSource: agencies\n© 2024 Example Media. All rights reserved.\n",
        "keep.txt": f"{GOOD}Sources said the vote would be held next week.\n",
        "agency.txt": f"{GOOD}— Example News Agency\n",
        "bullet.md": f"{GOOD}- Next meeting on Friday\n",
    })
    for name in ("own", "glued", "copy", "agency"):
        assert body(df.loc[name]) == GOOD.strip(), name
    assert body(df.loc["keep"]).endswith("next week.")
    assert body(df.loc["bullet"]).endswith("- Next meeting on Friday")


def test_crlf_line_endings(tmp_path):
    text = "Mon. Dec 4th, 2023\r\nBridge plan divides council\r\n\r\n" + GOOD.replace("\n", "\r\n")
    row = corpus(tmp_path, {"a.txt": text}).loc["a"]
    assert row["text"] == text
    assert row["title"] == "Bridge plan divides council"
    assert body(row) == GOOD.strip()


# ---- formats ----------------------------------------------------------------------------------

def test_html_is_reduced_to_text(tmp_path):
    html = """<!doctype html><html><head><title>Bridge plan | Example Times</title>
    <style>p { color: red }</style><script>var tracking = "secret";</script></head>
    <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Bridge plan divides council</h1>
    <p>The city council met on Tuesday to discuss the <b>new bridge</b> over the river.</p>
    <p>Members said the project had grown too expensive &amp; too slow, while others argued that the town
    needed it to attract business.<script>alert(1)</script></p></article>
    <footer>Copyright Example Times</footer></body></html>"""
    row = corpus(tmp_path, {"page.html": html}).loc["page"]
    assert row["status"] == "ok" and row["title"] == "Bridge plan divides council"
    for junk in ("tracking", "alert", "color", "Home", "Copyright", "<"):
        assert junk not in row["text"], junk
    assert body(row).startswith("The city council met on Tuesday to discuss the new bridge over the river.\n")
    assert "too expensive & too slow" in body(row)
    assert row["content_hash"] == hashlib.sha256(html.encode()).hexdigest()


def test_html_title_falls_back_to_title_tag(tmp_path):
    html = f"<html><head><title>Council and the bridge</title></head><body><p>{GOOD}</p></body></html>"
    row = corpus(tmp_path, {"b.htm": html}).loc["b"]
    assert row["title"] == "Council and the bridge" and body(row) == GOOD.strip()


def test_markdown(tmp_path):
    df = corpus(tmp_path, {
        "plain.md": f"# Bridge plan divides council\n\n{GOOD}",
        "front.md": f"---\ntitle: \"Council and the bridge\"\nauthor: Jane Example\n---\n{GOOD}",
    })
    assert df.loc["plain", "title"] == "Bridge plan divides council"
    assert body(df.loc["plain"]) == GOOD.strip()
    assert df.loc["front", "title"] == "Council and the bridge"
    assert body(df.loc["front"]) == GOOD.strip()


def test_duplicate_stems_and_ignored_files(tmp_path):
    df = corpus(tmp_path, {"a.txt": GOOD, "a.html": f"<p>{GOOD}</p>", "a.md": f"{GOOD} Again.", "b.pdf": b"%PDF-1.4",
                           ".hidden.txt": GOOD})
    assert list(df["article_id"]) == ["a", "a.html", "a.md"]
    assert list(df["path"]) == ["a.txt", "a.html", "a.md"]
    assert df.loc["a", "warnings"] == []
    for aid in ("a.html", "a.md"):
        (warning,) = df.loc[aid, "warnings"]
        assert warning.startswith(f"{df.loc[aid, 'path']}: same name as a.txt") and repr(aid) in warning
        assert df.loc[aid, "status"] == "ok"


# ---- bad input --------------------------------------------------------------------------------

def only_warning(row) -> str:
    assert len(row["warnings"]) == 1, row["warnings"]
    return row["warnings"][0]


def test_bad_files_are_skipped_with_a_warning_and_others_survive(tmp_path):
    df = corpus(tmp_path, {
        "good.txt": GOOD,
        "empty.txt": b"",
        "blank.txt": " \n\t\n  \n",
        "nul.txt": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(200),
        "control.txt": bytes(range(1, 9)) * 40 + b"some text",
        "german.txt": GERMAN,
        "french.md": FRENCH,
    })
    assert df.loc["good", "status"] == "ok" and df.loc["good", "warnings"] == []
    expected = {"empty": "empty file", "blank": "empty file", "nul": "binary file",
                "control": "binary file (mostly control", "german": "detected language 'de'",
                "french": "detected language 'fr'"}
    for aid, problem in expected.items():
        row = df.loc[aid]
        assert row["status"] == "skipped", aid
        warning = only_warning(row)
        assert warning.startswith(f"{row['path']}: ") and problem in warning, warning
    assert df.loc["german", "language"] == "de" and df.loc["german", "text"] == GERMAN
    schema.conform("articles", df.reset_index(drop=True))


def test_short_text_is_kept_with_unknown_language(tmp_path):
    row = corpus(tmp_path, {"short.txt": "Council says no.\n"}).loc["short"]
    assert (row["status"], row["language"], row["warnings"]) == ("ok", "", [])


def test_encodings(tmp_path):
    text = "The café’s owner said the bridge – long delayed – would open “soon”.\n" + GOOD
    df = corpus(tmp_path, {
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "cp1252.txt": text.encode("cp1252"),
        "latin.txt": b"Caf\xe9 \x81 " + GOOD.encode(),
        "utf16.txt": text.encode("utf-16"),
    })
    assert df.loc["bom", "text"] == text and df.loc["bom", "warnings"] == []
    assert df.loc["utf16", "text"] == text and df.loc["utf16", "status"] == "ok"
    assert df.loc["cp1252", "text"] == text and df.loc["cp1252", "status"] == "ok"
    assert "decoded as cp1252" in only_warning(df.loc["cp1252"]) and "cp1252.txt: not UTF-8" in df.loc["cp1252", "warnings"][0]
    assert df.loc["latin", "text"].startswith("Café \x81 ")
    assert only_warning(df.loc["latin"]).startswith("latin.txt: not UTF-8") and "latin-1" in df.loc["latin", "warnings"][0]


def test_oversize_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = ("word " * (ingest.MAX_BYTES // 5 + 1)).encode()
    assert len(big) > ingest.MAX_BYTES
    read_bytes = Path.read_bytes

    def guarded(self):
        assert self.name != "big.txt", "an over-size file must not be read whole"
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    df = corpus(tmp_path, {"big.txt": big, "good.txt": GOOD})
    row = df.loc["big"]
    assert row["status"] == "skipped" and row["text"] == ""
    assert "1,000,000-byte limit" in only_warning(row) and only_warning(row).startswith("big.txt: ")
    assert row["content_hash"] == hashlib.sha256(big).hexdigest()
    assert df.loc["good", "status"] == "ok"


def test_unreadable_files(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "good.txt").write_text(GOOD)
    (d / "gone.txt").symlink_to(tmp_path / "missing.txt")
    locked = d / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    try:
        df = ingest.read_corpus(d, None).set_index("article_id", drop=False)
    finally:
        locked.chmod(0o644)
    assert df.loc["good", "status"] == "ok"
    assert df.loc["gone", "status"] == "skipped"
    assert only_warning(df.loc["gone"]).startswith("gone.txt: cannot read")
    if os.geteuid() != 0:  # root reads anything, so the permission case only bites for other users
        assert df.loc["locked", "status"] == "skipped"
        assert "Permission denied" in only_warning(df.loc["locked"])


def test_missing_folder_is_an_error_and_empty_folder_is_empty(tmp_path):
    with pytest.raises(FileNotFoundError):
        ingest.read_corpus(tmp_path / "nope", None)
    df = corpus(tmp_path, {})
    assert df.empty and set(df.columns) == {c.name for c in schema.TABLES["articles"]}


# ---- sources.csv ------------------------------------------------------------------------------

def test_sources_csv_metadata_and_broken_rows(tmp_path):
    sources = (
        "file,outlet,title,published,url\n"                                            # line 1
        "a.txt,Example Times,Council and the bridge,12 September 2023,https://example.org/a\n"  # line 2
        "b,Daily Sample,,2023-09-13,\n"                                                  # line 3
        "c,Too,Few\n"                                                                     # line 4
        "nobody,Ghost Post,,2023-09-14,\n"                                               # line 5
        "c,Weekly Test,,the 45th of Smarch,\n"                                           # line 6
        "\n"                                                                              # line 7
        "d,\"Quoted, Outlet\",,\"Sep 15, 2023\",\n"                                      # line 8
    )
    df = corpus(tmp_path, {"a.txt": f"Bridge plan divides council\n{GOOD}", "b.txt": f"{GOOD} B.",
                           "c.txt": f"{GOOD} C.", "d.txt": f"{GOOD} D.", "e.txt": f"{GOOD} E."}, sources)
    a, b, c, d, e = (df.loc[k] for k in "abcde")
    assert (a["source"], a["title"], a["published"], a["url"]) == (
        "Example Times", "Council and the bridge", date(2023, 9, 12), "https://example.org/a")
    assert (b["source"], b["title"], b["published"], b["url"]) == ("Daily Sample", "", date(2023, 9, 13), "")
    assert (d["source"], d["published"]) == ("Quoted, Outlet", date(2023, 9, 15))
    # both of c's rows are broken: it keeps the defaults and carries the warnings
    assert (c["source"], c["published"], c["status"]) == ("c", None, "ok")
    assert c["warnings"] == ["sources.csv line 4: expected 5 fields, found 3; row ignored",
                             "sources.csv line 6: unparseable date 'the 45th of Smarch'; row ignored"]
    assert df.attrs["warnings"] == ["sources.csv line 5: unknown article 'nobody'; row ignored"]
    assert (e["source"], e["published"], e["warnings"]) == ("e", None, [])
    schema.conform("articles", df.reset_index(drop=True))


def test_sources_csv_without_id_column_is_ignored(tmp_path):
    df = corpus(tmp_path, {"a.txt": GOOD}, "outlet,title\nExample Times,Bridge\n")
    assert df.loc["a", "source"] == "a"
    assert any("no article_id" in w for w in df.attrs["warnings"])


# ---- a real corpus: BBC headlines -------------------------------------------------------------

@pytest.mark.skipif(not (BBC / "manifest.csv").exists(), reason="BBC corpus not present")
def test_bbc_headlines_match_the_manifest(tmp_path):
    manifest = pd.read_csv(BBC / "manifest.csv").iloc[::10]
    d = tmp_path / "bbc"
    d.mkdir()
    for p in manifest["path"]:
        shutil.copyfile(BBC / p, d / Path(p).name)  # a link out of the folder would be refused
    df = ingest.read_corpus(d, None).set_index("article_id")
    # the BBC set holds byte-identical copies of some stories: those are skipped, the rest analysed
    duplicate = df["warnings"].map(lambda ws: any("skipped as a duplicate" in w for w in ws))
    assert (df.loc[~duplicate, "status"] == "ok").all() and (df["language"] == "en").all()
    assert (df.loc[duplicate, "status"] == "skipped").all()
    titles = df["title"].reindex(manifest["id"])
    assert (titles.values == manifest["title"].values).all()
    for row in df.itertuples():
        assert not row.text[row.body_start:row.body_end].startswith(row.title)


def test_exact_duplicate_is_skipped_with_a_warning_naming_the_original(tmp_path):
    text = "Vladimir Putin arrived in Vladivostok on Monday to attend an economic forum by the sea.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c.txt").write_text(text.replace("Monday", "Tuesday"), encoding="utf-8")
    df = ingest.read_corpus(tmp_path).set_index("article_id")
    assert list(df["status"]) == ["ok", "skipped", "ok"]
    assert df.loc["b", "warnings"] == ["b.txt: identical to a.txt; skipped as a duplicate"]


def test_english_fast_path_decides_only_clear_cases():
    english = ("The council said on Monday that the new bridge would be built by the end of the year, and that "
               "it had asked the city for more money to pay for the work, which was delayed by the floods in "
               "the spring. Residents have been waiting for it for a long time.")
    spanish = ("El consejo dijo el lunes que el nuevo puente se construirá antes de fin de año y que había pedido "
               "a la ciudad más dinero para pagar las obras, que se retrasaron por las inundaciones de la "
               "primavera. Los vecinos llevan mucho tiempo esperando.")
    assert ingest._clearly_english(english)
    assert not ingest._clearly_english(spanish) and ingest.detect_language(spanish) == "es"
    assert not ingest._clearly_english("The bridge opens.")  # too short to judge this way
