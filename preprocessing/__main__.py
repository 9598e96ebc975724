"""Command line: ``python -m preprocessing build [--articles DIR] [--out DIR] …``, ``schema`` and ``settings``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema, settings
from .settings import ARTICLES_DIR, GEOCODE_CACHE_FILE, PROCESSED_DIR, SETTINGS, SPACY_MODEL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m preprocessing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the Parquet tables from a folder of articles")
    b.add_argument("--articles", type=Path, default=ARTICLES_DIR, help=f"articles folder (default {ARTICLES_DIR})")
    b.add_argument("--out", type=Path, default=PROCESSED_DIR, help=f"output folder (default {PROCESSED_DIR})")
    b.add_argument("--model", default=None,
                   help=f"installed spaCy pipeline to use (default: ${SETTINGS['SPACY_MODEL'].env} or {SPACY_MODEL})")
    b.add_argument("--workers", type=int, default=1, help="processes for parsing (default 1)")
    b.add_argument("--no-cache", action="store_true", help="re-parse every article")
    b.add_argument("--online-geocode", action="store_true",
                   help="ask Nominatim (OpenStreetMap) for places the offline gazetteers lack; cached in "
                        f"data/{GEOCODE_CACHE_FILE}")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("schema", help="print the table schemas as Markdown")
    sub.add_parser("settings", help="print every setting (value in effect, type, environment variable, doc) "
                                    "as Markdown")
    args = parser.parse_args(argv)

    if args.command == "schema":
        print(schema.describe())
        return 0
    if args.command == "settings":
        print(settings.describe())
        return 0

    from .build import BuildError, build
    from .nlp import ModelNotFound

    if not args.articles.is_dir():
        print(f"error: articles folder {args.articles} does not exist", file=sys.stderr)
        return 2
    try:
        # The corpus folder is the articles folder's parent, as for the app's $TRIANGULATE_DATA_DIR:
        # its own sources.csv, aliases.csv and gazetteer.csv are used (the project's, when absent).
        result = build(args.articles, args.out, data_dir=args.articles.resolve().parent,
                       model=args.model, workers=max(1, args.workers),
                       progress=not args.quiet, cache=not args.no_cache, online_geocode=args.online_geocode)
    except ModelNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    t = result.tables
    ok = int((t["articles"]["status"] == "ok").sum())
    print(f"built {result.out_dir} in {result.seconds:.1f}s: {ok}/{len(t['articles'])} articles analysed "
          f"({result.n_parsed} parsed, {result.n_cached} from cache), {len(t['entities'])} entities, "
          f"{len(t['places'])} places, {len(t['events'])} events, {len(t['route'])} route stops")
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if t["articles"].empty:
        print(f"warning: no .txt, .md or .html files in {args.articles}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
