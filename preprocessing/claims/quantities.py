"""Numbers and days in a claim: what a number counts, how it is qualified, which day a clause names.

Part of the per-article step (cached with the parse).  Written-out numbers are read with
text2num; "11 million", "at least two", "up to 7 million", "virtually 5 hours" come out as a value,
the lemma of the counted noun and a qualifier, so the comparison can tell "two" from "at least two".
"""

from __future__ import annotations

import re

from spacy.tokens import Token
from text_to_num import text2num

from ..lang.en.numbers import ANAPHORIC_DETERMINERS, QUALIFIERS, SCALES
from ..lang.en.time import WEEKDAY_WORDS

_DIGITS = re.compile(r"^\d[\d,]*(\.\d+)?$")


def _number_value(words: list[str]) -> float | None:
    total, current = 0.0, None
    text_words = []
    for w in words:
        w = w.lower().replace(",", "")
        if _DIGITS.match(w):
            current = float(w)
        elif w in SCALES and current is not None:
            current *= SCALES[w]
        elif w in SCALES:
            current = SCALES[w]
        else:
            text_words.append(w)
    if current is not None and not text_words:
        return total + current
    if text_words:
        try:
            return float(text2num(" ".join(words).lower().replace("-", " "), "en"))
        except ValueError:
            return None
    return None


def numbers(toks: list[Token]) -> list[dict]:
    """Numbers in a clause with what they count: text, value, unit (lemma of the counted noun) and
    qualifier ('', 'at least', 'at most', 'about')."""
    in_clause = {t.i for t in toks}
    out, used = [], set()
    for t in toks:
        if t.i in used or not (t.like_num or t.pos_ == "NUM") or t.ent_type_ in ("DATE", "ORDINAL"):
            continue
        # the number phrase: this token and adjacent number words in the same chain ("11 million")
        phrase = [t]
        nxt = t.i + 1
        while nxt in in_clause and (t.doc[nxt].like_num or t.doc[nxt].lower_ in SCALES) \
                and t.doc[nxt].ent_type_ not in ("DATE", "ORDINAL"):
            phrase.append(t.doc[nxt])
            nxt += 1
        used.update(p.i for p in phrase)
        if t.i > 0 and t.doc[t.i - 1].lower_ in ANAPHORIC_DETERMINERS:
            continue  # "the two leaders", "these three firms": a reference back, not a count
        value = _number_value([p.text for p in phrase])
        if value is None:
            continue
        last = phrase[-1]
        unit_tok = last.head if last.dep_ in ("nummod", "compound", "quantmod", "npadvmod") and \
            last.head.pos_ in ("NOUN", "PROPN") else None
        # "tens of millions of shells", "5 hours of talks": the counted noun follows "of"
        start_i = phrase[0].i
        qualifier = ""
        for n in (3, 2, 1):
            if start_i - n >= 0:
                words = " ".join(x.lower_ for x in t.doc[start_i - n:start_i])
                if words in QUALIFIERS:
                    qualifier = QUALIFIERS[words]
                    start_i -= n
                    break
        end_i = (unit_tok.i if unit_tok is not None and unit_tok.i > last.i else last.i) + 1
        out.append({"text": t.doc[start_i:end_i].text, "value": value,
                    "unit": unit_tok.lemma_.lower() if unit_tok is not None else "",
                    "qualifier": qualifier})
    return out


def days(toks: list[Token]) -> list[str]:
    """Weekdays ('wednesday') and month-days ('september 13') the clause names."""
    out = []
    for t in toks:
        low = t.lower_
        if low in WEEKDAY_WORDS and low not in out:
            out.append(low)
        elif t.ent_type_ == "DATE" and t.like_num and t.i > 0 and t.doc[t.i - 1].ent_type_ == "DATE" \
                and t.doc[t.i - 1].is_title and t.doc[t.i - 1].is_alpha:
            md = f"{t.doc[t.i - 1].lower_} {t.text}"
            if md not in out:
                out.append(md)
    return out
