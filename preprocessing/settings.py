"""Where the project's data lives by default (overridable on the command line and in tests)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ARTICLES_DIR = DATA_DIR / "articles"
PROCESSED_DIR = DATA_DIR / "processed"


def curated_file(data_dir: Path, name: str) -> Path:
    """``data_dir/name`` when the corpus folder has its own copy, else the project's curated copy.

    An analyst's corpus folder usually holds only articles (and maybe sources.csv); it should
    still get the curated gazetteer and aliases rather than silently losing them.
    """
    own = Path(data_dir) / name
    return own if own.exists() else DATA_DIR / name
