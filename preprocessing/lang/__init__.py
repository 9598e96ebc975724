"""Language data: the words, label sets and vocabulary patterns the rules read, kept apart from the rules.

In the style of spaCy's own ``spacy/lang/<code>/``: one package per language (only English,
:mod:`.en`), Python modules of frozensets, dicts and pattern fragments grouped by topic.  The
algorithm modules of the stages import what they need from here; no word list is defined twice.
Everything here shapes the cached per-article rows, so ``lang`` is part of the build's cache key
(:data:`preprocessing.stages.PARSE_MODULES`).
"""
