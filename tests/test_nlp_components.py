"""Our spaCy components follow spaCy's conventions: factory config, initialize, to_disk / from_disk."""

from __future__ import annotations

import inspect

import pytest
import spacy
from spacy.language import Language

from preprocessing import nlp as nlp_mod, settings
from preprocessing.nlp import corrector as corrector_mod
from preprocessing.nlp import pipeline as pipeline_mod

PARAGRAPH = (
    "Kim Jong Un arrives in Russia: leader to tour the Far East\n"
    "North Korean leader Kim Jong Un travelled by armoured train to the Vostochny Cosmodrome in Russia's "
    "Amur region on Wednesday, where President Vladimir Putin welcomed him. The DPRK delegation, "
    "including Foreign Minister Choe Sun Hui and Navy Adm. Kim Myong Sik, later flew on to Vladivostok "
    "and Komsomolsk-on-Amur.\n"
    "Putin said the two men discussed military cooperation, the Kremlin stated; Jack Watling, an analyst "
    "at RUSI, said Pyongyang could supply artillery shells. Kim then visited the Pacific Fleet."
)


def _annotations(doc) -> dict:
    return {
        "ents": [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in doc.ents],
        "sents": [s.start_char for s in doc.sents],
        "tokens": [(t.idx, t.tag_, t.dep_, t.head.i, t.lemma_) for t in doc],
    }


def test_a_saved_pipeline_reloads_with_the_same_output(nlp, tmp_path, monkeypatch):
    path = tmp_path / "pipeline"
    nlp.to_disk(path)
    # The reload needs neither the data folder nor the place-index cache: its data is in the folder.
    monkeypatch.setenv("TRIANGULATE_CACHE_DIR", str(tmp_path / "no-cache"))
    monkeypatch.setattr("preprocessing.geo.gazetteer.load_index",
                        lambda *a, **k: pytest.fail("a saved pipeline must not rebuild the place index"))
    saved = spacy.load(path)
    assert saved.pipe_names == nlp.pipe_names
    assert saved.get_pipe("triangulate_entity_corrector").places is not None
    live_doc, saved_doc = nlp(nlp_mod.normalise(PARAGRAPH)), saved(nlp_mod.normalise(PARAGRAPH))
    assert _annotations(saved_doc) == _annotations(live_doc)
    ents = {e.text: e.label_ for e in live_doc.ents}
    # the ruler's curated patterns and the corrector's rules are part of what was compared
    assert ents.get("Komsomolsk-on-Amur") == "GPE" and ents.get("Kim Myong Sik") == "PERSON"
    assert ents.get("Vostochny Cosmodrome") == "FAC" and ents.get("DPRK") == "GPE"
    assert len(saved.get_pipe("entity_ruler").patterns) == len(nlp.get_pipe("entity_ruler").patterns) > 100
    assert not (tmp_path / "no-cache").exists()


def test_the_corrector_round_trips_through_bytes(nlp):
    live = nlp.get_pipe("triangulate_entity_corrector")
    copy = corrector_mod.EntityCorrector(nlp, place_min_population=live.place_min_population)
    copy.from_bytes(live.to_bytes())
    for name in ("Vladivostok", "Russia's Far East", "Jordan", "Komsomolsk-on-Amur", "Bush", "Nowhere-on-Sea"):
        assert copy.places.lookup(name) == live.places.lookup(name), name
    doc = nlp.make_doc("The delegation later flew on to Vladivostok for talks.")
    doc.ents = [doc.char_span(32, 43, label="PERSON")]
    assert [(e.text, e.label_) for e in copy(doc).ents] == [("Vladivostok", "GPE")]


def test_an_uninitialised_corrector_says_so_and_initialises_from_config():
    blank = spacy.blank("en", config={"initialize": {"components": {
        "triangulate_entity_corrector": {"data_dir": str(settings.DATA_DIR)}}}})
    fixer = blank.add_pipe("triangulate_entity_corrector")
    with pytest.raises(ValueError, match="initialize"):
        blank("Putin met Kim in Vladivostok.")
    blank.initialize()  # [initialize.components] passes data_dir to the component's initialize
    assert fixer.places.lookup("Vladivostok").label == "GPE"
    # an empty component saves nothing and loads as empty
    empty = corrector_mod.EntityCorrector()
    assert corrector_mod.EntityCorrector().from_bytes(empty.to_bytes()).places is None


def test_the_factory_default_config_is_documented():
    meta = Language.get_factory_meta("triangulate_entity_corrector")
    doc = inspect.getdoc(pipeline_mod.make_entity_corrector)
    assert meta.default_config == {"place_min_population": settings.STRONG_PLACE_POPULATION}
    for key in meta.default_config:
        assert f"``{key}``" in doc, f"default_config key {key} is not documented in the factory's docstring"
    # the data folder is initialisation, not config
    assert "data_dir" in inspect.signature(corrector_mod.EntityCorrector.initialize).parameters
    assert "data_dir" not in meta.default_config
    # the newline splitter is a stateless function component: nothing to configure
    assert Language.get_factory_meta("triangulate_newline_sentences").default_config == {}


def test_load_pipeline_initialises_our_components(nlp):
    assert nlp.get_pipe("triangulate_entity_corrector").places is not None
    assert nlp.get_pipe("triangulate_entity_corrector").place_min_population == settings.STRONG_PLACE_POPULATION
    assert len(nlp.get_pipe("entity_ruler").patterns) == len(nlp_mod.ruler_patterns(settings.DATA_DIR))
