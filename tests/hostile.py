"""Hostile article folders for the fuzz test (tests/test_fuzz_input.py) and its long run (bench/fuzz_input.py).

:func:`make_corpus` fills a corpus folder with the five seed articles, hostile files drawn from a
``random.Random`` (Hypothesis passes its own, so failures shrink) and maybe a hostile ``sources.csv``;
:func:`check_build` runs the real build on it and returns what went wrong, if anything.  Bulk bytes
come from a second generator seeded by one draw, so a 1 MB file costs Hypothesis one number.
"""

from __future__ import annotations

import os
import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from preprocessing import ingest, schema
from preprocessing.ingest import sources as sources_mod

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "articles"

SENTENCES = [
    "Officials in {place} said on {day} that the new bridge would open next year after long delays.",
    "The minister travelled to {place} on {day} to meet local leaders and visit a factory.",
    "Police in {place} closed the main road on {day} while protesters gathered outside the court.",
    "Prices rose by {n} per cent in {place} last month, the statistics office said on {day}.",
    "Rescue teams reached {place} on {day}, a day after the storm cut power to {n} homes.",
]
PLACES = ["Lisbon", "Vladivostok", "Nairobi", "Osaka", "Quito", "Tallinn", "Darwin", "Accra"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
GERMAN = ("Der Gemeinderat hat sich am Dienstag getroffen, um über die neue Brücke über den Fluss zu sprechen. "
          "Mehrere Mitglieder sagten, das Vorhaben sei viel zu teuer geworden.\n")

# name kinds → how the stem is made; content kinds → how the bytes are made; entry kinds are not files
NAME_KINDS = ["ascii", "undecodable", "control", "bidi", "unicode", "long", "spaces", "upper_ext", "ignored_ext",
              "hidden"]
CONTENT_KINDS = ["english", "english_crlf", "random_bytes", "nul_binary", "control_heavy", "utf16_bom",
                 "utf16_no_bom", "cp1252", "latin1", "bom_then_invalid", "empty", "whitespace", "over_limit",
                 "html_scripts", "html_nested", "html_entities", "html_only_script", "markdown_front_matter",
                 "german", "long_token", "many_blank_lines"]
ENTRY_KINDS = ["link_outside", "link_loop", "link_dangling", "link_inside", "folder", "fifo"]
SOURCES_KINDS = ["valid", "unknown_id", "field_over_limit", "field_over_csv_limit", "unclosed_quote", "nul",
                 "duplicate_id", "bad_date", "long_date", "random_bytes", "wrong_field_count", "multiline_title",
                 "formula", "blank"]

# refused whatever else happens (the file's row must be 'skipped' with a warning naming it)
MUST_SKIP = {"nul_binary", "control_heavy", "empty", "whitespace", "over_limit", "html_only_script", "german",
             "link_outside", "link_loop", "link_dangling", "folder", "fifo"}


@dataclass
class Corpus:
    data: Path
    articles: Path
    entries: list[tuple[bytes, str, str]] = field(default_factory=list)  # (raw name, name kind, content kind)
    sources_kinds: list[str] = field(default_factory=list)
    sources_meta: dict[str, str] = field(default_factory=dict)            # seed id → source a valid row gives it
    build_warnings: list[str] = field(default_factory=list)               # every warning of the last build


def english(rng: random.Random, n: int = 3) -> str:
    return " ".join(rng.choice(SENTENCES).format(place=rng.choice(PLACES), day=rng.choice(DAYS),
                                                 n=rng.randint(2, 999)) for _ in range(n)) + "\n"


def _stem(rng: random.Random, kind: str) -> bytes:
    base = f"h{rng.getrandbits(24):06x}".encode()
    if kind == "undecodable":
        return base + bytes(rng.choice([[0xFF], [0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xFE, 0xFF], [0xE2, 0x82]]))
    if kind == "control":
        return base + rng.choice([b"\n", b"\t", b"\r", b"\x1b[31m", b"\x7f", b"\x01", b"\xc2\x85"]) + b"x"
    if kind == "bidi":
        return base + rng.choice(["\u202e", "\u2066", "\u200f", "\ufeff", "\u2028"]).encode() + b"gpj"
    if kind == "unicode":
        return base + rng.choice(["é", "日本語", "🙂", "e\u0301", "ß", "Ω"]).encode()
    if kind == "long":
        return base + b"L" * rng.randint(120, 240)
    if kind == "spaces":
        return b" " + base + b" "
    return base


def _name(rng: random.Random, kind: str) -> bytes:
    if kind == "hidden":
        return b"." + _stem(rng, "ascii") + b".txt"
    if kind == "ignored_ext":
        return _stem(rng, "ascii") + rng.choice([b".pdf", b".TXT~", b"", b".txt.bak"])
    ext = rng.choice([b".TXT", b".Md", b".HTML", b".Htm"]) if kind == "upper_ext" else \
        rng.choice([b".txt", b".txt", b".md", b".html", b".htm"])
    return _stem(rng, kind)[:255 - len(ext)] + ext


def _content(rng: random.Random, kind: str) -> bytes:
    bulk = random.Random(rng.getrandbits(64))
    text = english(bulk)
    if kind == "english":
        return text.encode()
    if kind == "english_crlf":
        return text.replace(". ", ".\r\n").encode()
    if kind == "random_bytes":
        return bulk.randbytes(bulk.choice([1, 7, 100, 4000]))
    if kind == "nul_binary":
        return b"PK\x03\x04\x00\x00" + bulk.randbytes(300)
    if kind == "control_heavy":
        return bytes(bulk.choice(range(1, 8)) for _ in range(400)) + text.encode()
    if kind == "utf16_bom":
        return text.encode("utf-16")
    if kind == "utf16_no_bom":
        return text.encode("utf-16-le")
    if kind == "cp1252":
        return ("“Café” – " + text).encode("cp1252")
    if kind == "latin1":
        return b"Caf\xe9 \x81\x8d " + text.encode()
    if kind == "bom_then_invalid":
        return b"\xef\xbb\xbf" + text.encode() + b"\xff\xfe"
    if kind == "empty":
        return b""
    if kind == "whitespace":
        return bulk.choice([b" ", b"\n\n\t", b"\r\n" * 50, "\u00a0\u2028".encode()])
    if kind == "over_limit":
        return b"word " * ((ingest.MAX_BYTES + bulk.randint(1, 50)) // 5 + 1)
    if kind == "html_scripts":
        return (f"<html><head><title>{text[:30]}</title><script>alert('x')</script><style>p{{}}</style></head>"
                f"<body><nav>Home</nav><article><h1>Headline</h1><p>{text}</p><script>document.write('<p>no')</script>"
                f"<iframe src=\"javascript:alert(1)\"></iframe><img src=x onerror=alert(1)></article>"
                f"<footer>(c)</footer></body></html>").encode()
    if kind == "html_nested":
        depth = bulk.randint(100, 3000)
        return (bulk.choice(["<p><b>", "<div>", "<article>", "<li><span>", "<table><tr><td>"]) * depth + text).encode()
    if kind == "html_entities":
        return f"<p>{text} &#xd800; &#0; &#x110000; &#99999999; &amp &lt;b&gt; &nbsp;</p>".encode()
    if kind == "html_only_script":
        return b"<html><script>var a = 1;</script><style>p{}</style></html>"
    if kind == "markdown_front_matter":
        return (bulk.choice(["---\ntitle: x\n---\n", "---\ntitle: never closed\n", "---\n---\n---\n"]) + text).encode()
    if kind == "german":
        return GERMAN.encode()
    if kind == "long_token":
        return b"a" * bulk.randint(10_000, 200_000) + b"\n" + text.encode()
    if kind == "many_blank_lines":
        return b"\n" * bulk.randint(10_000, 200_000) + text.encode()
    raise ValueError(kind)


def _sources_row(rng: random.Random, kind: str, ids: list[str], seeds: list[str] = ()) -> str:
    aid = rng.choice(seeds) if seeds and rng.random() < 0.5 else rng.choice(ids)
    if kind == "valid":
        return f"{aid},Wire {rng.randint(1, 99)},A title,2023-09-{rng.randint(10, 28)}\n"
    if kind == "unknown_id":
        return f"ghost{rng.getrandbits(16)},Ghost,T,\n"
    if kind == "field_over_limit":
        return f"{aid},Wire,{'x' * (sources_mod.MAX_FIELD_CHARS + rng.randint(1, 10))},\n"
    if kind == "field_over_csv_limit":
        body = "y" * 140_000
        return f'{aid},Wire,"{body}",\n' if rng.random() < 0.5 else f"{aid},Wire,{body},\n"
    if kind == "unclosed_quote":
        return f'{aid},"Wire,T,\n'
    if kind == "nul":
        return f"{aid},Wi\0re,T,\n"
    if kind == "duplicate_id":
        return f"{aid},Dup,T,\n{aid}.txt,Dup again,T,\n"
    if kind == "bad_date":
        return f"{aid},Wire,T,{rng.choice(['the 45th of Smarch', '2023-13-45', '99999999999', '0000-00-00'])}\n"
    if kind == "long_date":
        return f"{aid},Wire,T,{'2023 ' * 60}\n"
    if kind == "random_bytes":
        return random.Random(rng.getrandbits(64)).randbytes(rng.randint(1, 200)).decode("latin-1") + "\n"
    if kind == "wrong_field_count":
        return f"{aid},Wire\n" if rng.random() < 0.5 else f"{aid},a,b,c,d,e,f\n"
    if kind == "multiline_title":
        return f'{aid},Wire,"Two\nlines",2023-09-12\n'
    if kind == "formula":
        return f"{aid},=HYPERLINK(\"http://x\"),@SUM(1),+1\n"
    if kind == "blank":
        return "\n"
    raise ValueError(kind)


def make_corpus(rng: random.Random, where: Path, n_files: int, *, with_sources: bool | None = None,
                n_rows: int | None = None) -> Corpus:
    """Seeds plus ``n_files`` hostile entries in ``where``/articles, and maybe a hostile sources.csv
    (``n_rows`` rows of random kinds, 1 to 8 when None)."""
    data = Path(where)
    articles = data / "articles"
    shutil.copytree(SEEDS, articles)
    outside = data / "outside.txt"
    outside.write_text(english(rng))
    corpus = Corpus(data, articles)
    names: set[bytes] = {os.fsencode(p.name) for p in SEEDS.iterdir()}
    made: list[bytes] = []
    for _ in range(n_files):
        if rng.random() < 0.15:
            entry = rng.choice(ENTRY_KINDS)
            name, content = _name(rng, rng.choice(["ascii", "undecodable", "control"])), entry
        else:
            name, content = _name(rng, rng.choice(NAME_KINDS)), rng.choice(CONTENT_KINDS)
        if name in names or name in (b".", b".."):
            continue
        names.add(name)
        path = os.path.join(os.fsencode(articles), name)
        if content == "link_outside":
            os.symlink(os.fsencode(outside) if rng.random() < 0.5 else b"../outside.txt", path)
        elif content == "link_loop":
            os.symlink(name, path)
        elif content == "link_dangling":
            os.symlink(b"no-such-file.txt", path)
        elif content == "link_inside":
            if not made:
                continue
            os.symlink(rng.choice(made), path)  # only to hostile files: a link sorting before a seed would skip it
        elif content == "folder":
            os.mkdir(path)
        elif content == "fifo":
            os.mkfifo(path)
        else:
            with open(path, "wb") as f:
                f.write(_content(rng, content))
            made.append(name)
        corpus.entries.append((name, name_kind(name), content))
    if with_sources is None:
        with_sources = rng.random() < 0.6
    if with_sources:
        _write_sources(rng, corpus, rng.randint(1, 8) if n_rows is None else n_rows)
    return corpus


def name_kind(name: bytes) -> str:
    try:
        s = name.decode("utf-8")
    except UnicodeDecodeError:
        return "undecodable"
    if s.startswith("."):
        return "hidden"
    if ingest.printable_name(s) != s:
        return "control"
    return "long" if len(Path(s).stem) > ingest.MAX_ID_CHARS else "plain"


def _write_sources(rng: random.Random, corpus: Corpus, n_rows: int) -> None:
    seeds = sorted(p.stem for p in SEEDS.glob("*.txt"))
    ids = seeds + [Path(os.fsdecode(n)).stem for n, _, c in corpus.entries if c not in ENTRY_KINDS]
    header = rng.random() < 0.9
    lines = ["article_id,source,title,published\n"] if header else []
    bom = rng.random() < 0.2
    kinds = [rng.choice(SOURCES_KINDS) for _ in range(n_rows)]
    for kind in kinds:
        lines.append(_sources_row(rng, kind, ids, seeds))
    # one valid row per seed it names, the first row naming that seed: its metadata must arrive
    valid = {}
    for seed in rng.sample(seeds, rng.randint(0, 3)):
        source = f"Seed Wire {rng.randint(1, 99)}"
        valid[seed] = source
        pos = rng.randint(1, len(lines)) if header else 0  # without a header, a valid row must come first
        lines.insert(pos, f"{seed},{source},Seed title,2023-09-11\n")
    text = "".join(lines)
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogateescape")
    (corpus.data / "sources.csv").write_bytes(raw)
    corpus.sources_kinds = kinds + (["bom"] if bom else []) + ([] if header else ["no_header"])
    # a row naming a seed before its valid row wins (or is a duplicate): only seeds named nowhere else count
    mentioned = [line.split(",", 1)[0].strip() for line in lines]
    corpus.sources_meta = {s: src for s, src in valid.items() if sum(m in (s, f"{s}.txt") for m in mentioned) == 1}


# ---- checks ------------------------------------------------------------------------------------------

def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple, np.ndarray)):
        for v in value:
            yield from _strings(v)


def check_build(corpus: Corpus, out: Path, *, nlp_obj) -> list[str]:
    """Build ``corpus`` into ``out`` and return every broken promise (empty when all is well)."""
    from preprocessing.build import build

    problems: list[str] = []
    result = build(corpus.articles, out, data_dir=corpus.data, nlp_obj=nlp_obj)
    corpus.build_warnings = list(result.warnings)
    tables = {name: pq.read_table(out / f"{name}.parquet").to_pandas() for name in schema.TABLES}
    for name, df in tables.items():
        if len(df) != len(result.tables[name]):
            problems.append(f"{name}: {len(df)} rows re-read, {len(result.tables[name])} built")
        for col in df.columns:
            for value in df[col]:
                for s in _strings(value):
                    try:
                        s.encode("utf-8")
                    except UnicodeEncodeError:
                        problems.append(f"{name}.{col}: not UTF-8: {s!r:.80}")
    articles = tables["articles"]
    by_path = {p: row for p, row in zip(articles["path"], articles.to_dict("records"))}
    for seed in sorted(SEEDS.glob("*.txt")):
        row = by_path.get(seed.name)
        if row is None or row["status"] != "ok" or row["article_id"] != seed.stem:
            problems.append(f"seed {seed.name}: {None if row is None else (row['article_id'], row['status'])}")
        elif seed.stem in corpus.sources_meta and not _refused_sources(result.warnings) \
                and row["source"] != corpus.sources_meta[seed.stem]:
            problems.append(f"seed {seed.name}: source {row['source']!r}, sources.csv says "
                            f"{corpus.sources_meta[seed.stem]!r}")
    for col in ("article_id", "path", "warnings"):
        for s in _strings(list(articles[col])):
            if unprintable(s):
                problems.append(f"articles.{col}: control or bidi character in {s!r:.120}")
    for w in result.warnings:
        if "internal error" in w:
            problems.append(f"internal error: {w:.200}")
    candidates = [(n, k, c) for n, k, c in corpus.entries
                  if Path(os.fsdecode(n)).suffix.lower() in ingest.EXTENSIONS and not n.startswith(b".")]
    if len(articles) != 5 + len(candidates):
        problems.append(f"{len(articles)} article rows for 5 seeds and {len(candidates)} article files")
    for raw, kind, content in candidates:
        shown = ingest.printable_name(os.fsdecode(raw))
        row = by_path.get(shown)
        if row is None:
            problems.append(f"{shown}: no row")
            continue
        named = [w for w in row["warnings"] if w.startswith(f"{shown}: ")]
        if (row["status"] != "ok" or kind in ("undecodable", "control", "long")) and not named:
            problems.append(f"{shown} ({kind}, {content}): {row['status']} without a warning naming it")
        html = Path(shown).suffix.lower() in (".html", ".htm")
        if content in MUST_SKIP and (html or content != "html_only_script") and row["status"] != "skipped":
            problems.append(f"{shown} ({content}): status {row['status']!r}, expected 'skipped'")
    return problems


BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unprintable(s: str) -> bool:
    """A character that garbles a terminal or a page: control, surrogate, line separator, bidi control."""
    return any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in BIDI for c in s)


def _refused_sources(warnings: list[str]) -> bool:
    return any(w.startswith("sources.csv") and "metadata ignored" in w for w in warnings)


def warning_kind(w: str) -> str:
    """A short label for a warning, for the bench's counts."""
    labels = [("not valid UTF-8", "name: undecodable bytes"), ("control or invisible", "name: control characters"),
              ("file name is over", "name: over-long"), ("symbolic link loop", "link loop"),
              ("outside the articles folder", "link outside"), ("not a regular file", "not a regular file"),
              ("cannot read", "cannot read"), ("empty file", "empty"), ("no text in the HTML", "empty HTML"),
              ("binary file", "binary"), ("-byte limit", "over the size limit"), ("not English", "not English"),
              ("decoded as cp1252", "decoded as cp1252"), ("decoded as latin-1", "decoded as latin-1"),
              ("UTF-16", "bad UTF-16"), ("same name as", "same stem"), ("skipped as a duplicate", "duplicate"),
              ("stage '", "stage failed")]
    if w.startswith("sources.csv"):
        for key, label in [("NUL", "NUL"), ("character limit", "field over limit"), ("quoted field", "unclosed quote"),
                           ("runs over", "row over many lines"), ("unknown article", "unknown article"),
                           ("second row", "duplicate id"), ("unparseable date", "bad date"), ("characters; row", "long date"),
                           ("expected", "wrong field count"), ("no header", "no header"), ("more rows", "capped"),
                           ("unknown column", "unknown column"), ("metadata ignored", "refused"), ("decoded as", "encoding"),
                           ("no article id", "no article id")]:
            if key in w:
                return f"sources.csv: {label}"
        return "sources.csv: other"
    for key, label in labels:
        if key in w:
            return label
    return "other"

