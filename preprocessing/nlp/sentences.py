"""Sentences and paragraphs of one parsed body (the per-article step of the sentences stage).

Offsets are into the article's original text; a line break between two sentences starts a new
paragraph, because scraped articles put one paragraph per line.
"""

from __future__ import annotations

from spacy.tokens import Doc


def doc_sentences(doc: Doc, original: str, offset: int) -> list[dict]:
    """``sent_id``, ``para_id``, ``start``, ``end`` and stripped ``text`` of every non-blank sentence."""
    sentences = []
    para_id, last_end = 0, offset
    for i, sent in enumerate(doc.sents):
        start, end = offset + sent.start_char, offset + sent.end_char
        text = original[start:end]
        stripped = text.strip()
        if not stripped:
            continue
        start += len(text) - len(text.lstrip())
        end = start + len(stripped)
        if sentences and "\n" in original[last_end:start]:
            para_id += 1
        last_end = end
        sentences.append({"sent_id": i, "para_id": para_id, "start": start, "end": end, "text": stripped})
    return sentences
