"""The nlp stage: the spaCy pipeline every article is parsed with.

* :mod:`.pipeline` — which model is loaded, offset-preserving :func:`normalise`, the components we
  add (newline sentences, the curated entity ruler, the corrector) and the ruler's inputs.
* :mod:`.corrector` — the post-NER rules, a registered spaCy component.
"""

from __future__ import annotations

from .pipeline import (COMPONENTS_VERSION, DEFAULT_MODEL, MODEL_ENV, ModelNotFound, load_pipeline, model_name,
                       normalise, ruler_inputs_digest, ruler_patterns)

__all__ = ["COMPONENTS_VERSION", "DEFAULT_MODEL", "MODEL_ENV", "ModelNotFound", "load_pipeline", "model_name",
           "normalise", "ruler_inputs_digest", "ruler_patterns"]
