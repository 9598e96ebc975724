"""Where the project's data lives by default (overridable on the command line and in tests)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ARTICLES_DIR = DATA_DIR / "articles"
PROCESSED_DIR = DATA_DIR / "processed"
