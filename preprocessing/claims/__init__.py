"""Claims: what each article states, who it credits, how sure it is, and where sources agree or differ.

* :mod:`.extract` — the per-article step (cached with the parse): clauses, attribution and
  certainty of one parsed body; :mod:`.quantities` — their numbers (with what they count) and days.
* :mod:`.match` — whether two claims state the same thing: :func:`same_claim_score` and
  :data:`SAME_CLAIM_THRESHOLD`, the library API for evaluating the matcher on paraphrase benchmarks.
* :mod:`.resolve` — the corpus step: claim groups, conflicts, stances and source pairs.
"""

from __future__ import annotations

from .match import SAME_CLAIM_THRESHOLD, same_claim_score

__all__ = ["SAME_CLAIM_THRESHOLD", "same_claim_score"]
