"""Named corpora side by side: the default corpus and one folder per corpus under the corpora root.

The default corpus (:data:`~preprocessing.settings.DEFAULT_CORPUS`, ``seeds``) is the folder
:func:`~preprocessing.settings.corpus_dir` (``data/`` or ``$TRIANGULATE_DATA_DIR``).  Every other
corpus is a direct subfolder of :func:`~preprocessing.settings.corpora_dir`
(``$TRIANGULATE_CORPORA_DIR``) holding an ``articles/`` folder, named by a strict slug.

A name from a URL is never joined to a path: :func:`resolve` looks it up among the folders
:func:`list_corpora` found, so ``corpus=../x`` or ``corpus=/etc`` names nothing.  A subfolder that is a
symbolic link, or whose ``articles/`` is one, is not a corpus (it could lead out of the root).
"""

from __future__ import annotations

import re
from pathlib import Path

from .settings import DEFAULT_CORPUS, MAX_CORPUS_NAME_CHARS, corpora_dir, corpus_dir

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def valid_name(name: str) -> bool:
    """A corpus name: lower-case letters, digits, '-' and '_', starting with a letter or digit."""
    return isinstance(name, str) and len(name) <= MAX_CORPUS_NAME_CHARS and bool(_NAME.fullmatch(name))


def _is_corpus(folder: Path, root: Path) -> bool:
    try:
        if folder.is_symlink() or not folder.is_dir() or folder.resolve().parent != root.resolve():
            return False
        articles = folder / "articles"
        return not articles.is_symlink() and articles.is_dir()
    except OSError:
        return False


def list_corpora(root: Path | None = None, default_dir: Path | None = None) -> dict[str, Path]:
    """Every corpus, name → folder: the default corpus first, then the root's corpora by name."""
    root = Path(root) if root is not None else corpora_dir()
    found = {DEFAULT_CORPUS: Path(default_dir) if default_dir is not None else corpus_dir()}
    try:
        children = sorted(root.iterdir()) if root.is_dir() else []
    except OSError:
        children = []
    for child in children:
        if child.name != DEFAULT_CORPUS and valid_name(child.name) and _is_corpus(child, root):
            found[child.name] = child
    return found


def resolve(name: str, root: Path | None = None, default_dir: Path | None = None) -> Path | None:
    """The folder of the corpus ``name``, or None when no corpus has that name."""
    if not valid_name(name):
        return None
    return list_corpora(root, default_dir).get(name)


def create_corpus(name: str, root: Path | None = None) -> Path:
    """Make the empty corpus ``name`` (``<root>/<name>/articles/``); ValueError when the name is not
    a valid one or is taken."""
    root = Path(root) if root is not None else corpora_dir()
    if not valid_name(name):
        raise ValueError(f"a corpus name is up to {MAX_CORPUS_NAME_CHARS} lower-case letters, digits, "
                         "'-' or '_', starting with a letter or digit")
    if name == DEFAULT_CORPUS or (root / name).exists():
        raise ValueError(f"there is already a corpus named {name}")
    (root / name / "articles").mkdir(parents=True)
    return root / name
