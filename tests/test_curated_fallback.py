"""A corpus folder holding only articles still gets the project's curated gazetteer and aliases."""

from __future__ import annotations

import os
import stat

from preprocessing.build import build
from preprocessing.settings import DATA_DIR, curated_file


def test_curated_file_prefers_the_corpus_copy(tmp_path):
    assert curated_file(tmp_path, "aliases.csv") == DATA_DIR / "aliases.csv"
    own = tmp_path / "aliases.csv"
    own.write_text("alias,canonical,label\n")
    assert curated_file(tmp_path, "aliases.csv") == own


def test_bare_corpus_uses_project_gazetteer_and_aliases(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    # "DPRK" only becomes North Korea through data/aliases.csv; Vostochny Cosmodrome is a curated facility.
    (corpus / "articles" / "a.txt").write_text(
        "The DPRK leader arrived at the Vostochny Cosmodrome on Wednesday, officials said.\n")
    result = build(corpus / "articles", corpus / "processed", data_dir=corpus, nlp_obj=nlp, cache=False)
    names = set(result.tables["entities"]["name"])
    assert "North Korea" in names
    places = result.tables["places"].set_index("name")
    assert places.loc["Vostochny Cosmodrome", "geocoder"] == "gazetteer"
    mode = stat.S_IMODE(os.stat(corpus / "processed").st_mode)
    assert mode & 0o005 == 0o005, oct(mode)  # readable by a server running as another user
