"""The article reader: original text with entity mentions highlighted, as escaped HTML.

Article text is untrusted.  Every piece of it goes through :func:`html.escape` before it is joined
with the markup this module writes, so ``<script>`` in an article shows as the characters
``<script>``.  Each highlighted mention links to the reader on the same article with that entity
added to the entity filter, so a click filters the dashboard by it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from components.entity_types import type_rank, type_tint
from components.links import page_link
from components.registry import READER
from preprocessing.ingest.uploads import safe_link


def entity_link(params: Mapping[str, list[str]], label: str) -> str:
    """A relative link to the reader's view ``params`` (its article and the filters) with ``label``
    added to the ``entity`` filter."""
    entities = list(params.get("entity", []))
    if label not in entities:
        entities.append(label)
    return page_link(READER, {"article": params.get("article", []), "entity": entities}, keep_filters=params)


def highlight(text: str, mentions: pd.DataFrame, labels: Mapping[str, str],
              params: Mapping[str, list[str]], marked: set[tuple[int, int]] = frozenset(),
              body: tuple[int, int] | None = None, focus: tuple[int, int] | None = None) -> str:
    """``text`` as HTML with each mention wrapped in a coloured link; paragraphs kept.

    ``mentions`` needs start, end, label, entity_id (offsets into ``text``).  Overlapping or
    out-of-range mentions are skipped rather than producing broken markup.  ``marked`` holds
    (start, end) spans of sentences to underline, e.g. those matching the entity filter.  Text
    outside ``body`` (header and credit lines the analysis skipped) is shown muted.  ``focus`` is the
    (start, end) of the one sentence a link points at (``sentence=`` in the URL), shown on a yellow ground.
    """
    cuts: list[tuple[int, int, str]] = []
    last = 0
    for start, end, label, eid in sorted(zip(mentions["start"], mentions["end"], mentions["label"],
                                             mentions["entity_id"])):
        if start < last or end > len(text) or start >= end:
            continue
        name = labels.get(eid, text[start:end])
        href = html.escape(entity_link(params, name), quote=True)
        title = html.escape(f"{name} · {label} · click to filter by it", quote=True)
        cuts.append((start, end,
                     f'<a class="tg-ent" href="{href}" target="_self" title="{title}" '
                     f'style="background:{type_tint(label)};color:inherit;text-decoration:none;'
                     f'border-radius:3px;padding:0 2px">{html.escape(text[start:end])}'
                     f'<sup style="font-size:0.6em;opacity:0.6;margin-left:1px">{html.escape(label)}</sup></a>'))
        last = end
    # Sentence marks are open/close points around whole sentences; at one offset a closing tag
    # goes first, then an opening one, then a mention, so tags always nest.
    points: list[tuple[int, int, object]] = [(s, 2, (s, e, m)) for s, e, m in cuts]
    muted = '<span class="tg-muted" style="color:#8a8f98">'
    # Each muted part only where it has text: an empty one at offset 0 would close before it opened.
    if body and body[0] > 0:
        points += [(0, 1, muted), (body[0], 0, "</span>")]
    if body and body[1] < len(text):
        points += [(body[1], 1, muted), (len(text), 0, "</span>")]
    if focus is not None and 0 <= focus[0] < focus[1] <= len(text):
        points += [(focus[0], 1, '<span class="tg-focus" id="tg-focus" style="background:#fff1a8">'),
                   (focus[1], 0, "</span>")]
    for s, e in marked:
        points += [(s, 1, '<span class="tg-hit" style="box-shadow:inset 0 -2px #e4572e">'), (e, 0, "</span>")]
    out: list[str] = []
    pos = 0
    for at, order, payload in sorted(points, key=lambda p: (p[0], p[1])):
        if order == 2:
            s, e, markup = payload
            if s < pos:
                continue
            out += [html.escape(text[pos:s]), markup]
            pos = e
        else:
            at = max(at, pos)  # a sentence edge inside a mention moves to the mention's end
            out += [html.escape(text[pos:at]), payload]
            pos = at
    out.append(html.escape(text[pos:]))
    return ('<div class="tg-article" style="white-space:pre-wrap;line-height:1.75;font-size:1rem">'
            + "".join(out) + "</div>")


def legend(labels_present: list[str]) -> str:
    chips = "".join(
        f'<span style="background:{type_tint(lab)};border-radius:3px;padding:1px 6px;margin-right:6px">'
        f"{html.escape(lab)}</span>" for lab in sorted(labels_present, key=type_rank))
    return f'<div style="font-size:0.85rem">{chips}</div>'


def article_entities(mentions: pd.DataFrame, entities: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The entities one article mentions, most mentioned first."""
    if mentions.empty:
        return pd.DataFrame(columns=["entity", "type", "mentions", "as written"])
    g = mentions.groupby("entity_id").agg(n=("start", "size"), forms=("text", lambda s: sorted(set(s))))
    g = g.join(entities.set_index("entity_id")["label"], how="left").sort_values("n", ascending=False)
    return pd.DataFrame({
        "entity": [labels.get(e, e) for e in g.index],
        "type": g["label"].fillna("").to_numpy(),
        "mentions": g["n"].to_numpy(),
        "as written": ["; ".join(f) for f in g["forms"]],
    })


def safe_url(url: str) -> str | None:
    """The article's URL when it is a plain http(s) link with a host, else None: no ``javascript:``,
    ``data:`` or scheme-relative link, and nothing with spaces, control characters or quotes (the
    metadata editor refuses the same: :func:`preprocessing.ingest.uploads.safe_link`)."""
    return safe_link(url)
