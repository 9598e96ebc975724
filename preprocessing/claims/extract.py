"""Claims of one parsed article: the per-article step, cached with the parse.

A *claim* is one checkable clause: a finite verb with its subject and complements ("North Korea
fired two ballistic missiles towards the sea"). :func:`doc_claims` splits every sentence of a parsed
body into clauses on the dependency parse (coordinated, relative, adverbial and reported clauses),
keeps the clauses that name something (an entity, a number or a date), and records for each:

* ``attributed_to`` — who it is credited to: the subject of a reporting verb governing it ("…, the
  Kremlin stated", "Jack Watling … said"), the object of "according to" / "citing", or the agent of
  "as reported by";
* ``certainty`` — ``fact``, ``expected`` (will, is expected/scheduled to), ``speculated`` (may,
  likely, analysts speculate, is believed to) or ``denied`` (deny, reject);
* ``numbers`` — each number with what it counts and its qualifier ("at least two ballistic
  missiles" → 2, missile, at least), read by :mod:`.quantities`;
* ``days`` — weekdays and calendar days the clause is dated to, for "different days" conflicts;
* ``terms`` — content lemmas, the lexical features the matcher compares.

The word lists it reads (reporting verbs, certainty lemmas, hedges, modals) are English, in
:mod:`preprocessing.lang.en`, not anything about one story.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..lang.en.grammar import PRONOUNS
from ..lang.en.labels import CHECKABLE_LABELS, CLAUSE_DEPS, NAME_LABELS, SUBJECT_DEPS, UNNAMED_LABELS
from ..lang.en.reporting import HEADER_NOT_CLAIM_WORDS
from ..lang.en.motion import ACTION_FAMILIES, NOUN_ACTIONS, VERB_ACTIONS
from ..lang.en.reporting import (DENIAL_LEMMAS, EXPECTATION_LEMMAS, FUTURE_MODALS, HEDGE_ADVERBS, REPORTING_VERBS,
                                 SPECULATION_LEMMAS, SPECULATIVE_MODALS)
from ..lang.en.time import WEEKDAY_WORDS
from ..settings import MIN_CLAIM_TOKENS, MIN_CLAUSE_TOKENS, MIN_HEADLINE_CLAIM_WORDS
from .quantities import days, numbers


CLAIM_KEYS = ["article_id", "sent_id", "start", "end", "text", "subject", "subj_start", "subj_end", "attributed_to",
              "certainty", "numbers", "days", "terms", "names"]
HEADLINE_SENT = -1  # the sent_id of a headline's claims: the headline is no sentence of the body


def doc_claims(doc: Doc, offset: int, original: str) -> list[dict]:
    """Claims of a parsed body, with absolute offsets into ``original`` (see module docstring)."""
    out = []
    for sent_id, sent in enumerate(doc.sents):
        if is_credit(sent):
            continue
        for claim in sentence_claims(sent):
            start, end = claim.pop("start_char"), claim.pop("end_char")
            subj = claim.pop("subject_span")
            claim.update(sent_id=sent_id, start=offset + start, end=offset + end,
                         text=original[offset + start:offset + end],
                         subj_start=offset + subj[0] if subj else -1, subj_end=offset + subj[1] if subj else -1, names=[])
            out.append(claim)
    return out


def is_credit(sent: Span) -> bool:
    """A byline, photo or agency credit inside the body ("By Jane Doe, Moscow correspondent", "Photo:
    Agency Staff", "Reporting by …; editing by …"): it names people and places but claims nothing.
    Its first word is a credit word and it has a colon soon after, "by" second, or no verb at all
    ("By Tuesday the council had voted." has one, so it stays)."""
    words = [t for t in sent if not t.is_space]
    if not words or words[0].lower_.rstrip(":") not in HEADER_NOT_CLAIM_WORDS:
        return False
    return (any(t.text == ":" for t in words[1:4]) or (len(words) > 1 and words[1].lower_ == "by")
            or not any(t.pos_ in ("VERB", "AUX") for t in words))


def headline_span(text: str, body_start: int) -> tuple[int, int] | None:
    """The headline among the header lines before the body: the last line of at least
    MIN_HEADLINE_CLAIM_WORDS words that is neither a dateline, a byline ("By …") nor a photo or
    agency credit; None when the header holds none (a crawl-date prefix, a bare dateline)."""
    from ..ingest.layout import parse_dateline

    pos, found = 0, None
    for line in text[:body_start].splitlines(keepends=True):
        stripped = line.strip()
        start = pos + len(line) - len(line.lstrip())
        pos += len(line)
        words = stripped.split()
        if len(words) < MIN_HEADLINE_CLAIM_WORDS or parse_dateline(stripped) is not None:
            continue
        if words[0].lower().rstrip(":") in HEADER_NOT_CLAIM_WORDS:
            continue
        found = (start, start + len(stripped))
    return found


def headline_claims(doc: Doc, offset: int, original: str) -> list[dict]:
    """Claims of a parsed headline (sent_id :data:`HEADLINE_SENT`), with the names it mentions (the
    corpus step maps them to canonical entities: a headline has no mention rows)."""
    out = []
    for sent in doc.sents:
        for claim in sentence_claims(sent):
            start, end = claim.pop("start_char"), claim.pop("end_char")
            subj = claim.pop("subject_span")
            claim.update(sent_id=HEADLINE_SENT, start=offset + start, end=offset + end,
                         text=original[offset + start:offset + end],
                         subj_start=offset + subj[0] if subj else -1, subj_end=offset + subj[1] if subj else -1,
                         names=[e.text for e in doc.ents if e.label_ in NAME_LABELS
                                and start <= e.start_char and e.end_char <= end])
            out.append(claim)
    return out


def sentence_claims(sent: Span) -> list[dict]:
    """Clauses of one sentence that make checkable claims, in reading order."""
    heads = _clause_heads(sent)
    owner = {t.i: _owner(t, heads) for t in sent}
    # fold clauses too short to stand alone into their parent clause
    for h in sorted(heads, key=lambda t: -t.i):
        if h.dep_ != "ROOT" and h in heads:
            size = sum(1 for i, o in owner.items() if o.i == h.i and content(sent.doc[i]))
            if size < MIN_CLAUSE_TOKENS:
                parent = _owner(h.head, heads - {h})
                heads.discard(h)
                for i, o in owner.items():
                    if o.i == h.i:
                        owner[i] = parent
    reporting = {h for h in heads if _reports(h, heads)}
    claims = []
    for h in sorted(heads, key=lambda t: t.i):
        if h in reporting:
            continue
        toks = sorted((sent.doc[i] for i, o in owner.items() if o.i == h.i), key=lambda t: t.i)
        toks = _trim(_drop_bare_antecedents(h, _trim(toks), heads))
        if sum(1 for t in toks if content(t)) < MIN_CLAIM_TOKENS:
            continue
        if not any(_checkable(t) for t in toks):
            continue
        subject = _subject(h, heads)
        claims.append({
            "start_char": toks[0].idx, "end_char": toks[-1].idx + len(toks[-1]),
            "subject": _phrase(subject, appos=True) if subject is not None else "",
            "subject_span": _span_chars(subject) if subject is not None else None,
            "attributed_to": attribution(h, heads),
            "certainty": certainty(h, heads),
            "numbers": numbers(toks),
            "days": days(toks),
            "terms": terms(toks) + actions(toks),
        })
    return claims


# ---- clauses ------------------------------------------------------------------------------------
def _is_verbal(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX")


def _has_subject(t: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in t.children)


def _clause_heads(sent: Span) -> set[Token]:
    heads: set[Token] = {sent.root}
    for t in sent:  # parents come before dependents often enough that two passes settle conj chains
        if t.i == sent.root.i or not _is_verbal(t) or t.dep_ not in CLAUSE_DEPS:
            continue
        if t.dep_ == "relcl" and _in_subject(t):
            continue  # "The distance the missiles traveled has not been confirmed": one claim
        if _has_subject(t) or (t.dep_ == "conj" and _is_verbal(t.head)):
            heads.add(t)
    return heads


def _in_subject(t: Token) -> bool:
    node = t.head
    while node.head.i != node.i and not _is_verbal(node):
        if node.dep_ in SUBJECT_DEPS:
            return True
        node = node.head
    return node.dep_ in SUBJECT_DEPS


def _owner(t: Token, heads: set[Token]) -> Token:
    while t not in heads and t.head.i != t.i:
        t = t.head
    return t


def _reports(h: Token, heads: set[Token]) -> bool:
    """A reporting clause ("the Kremlin stated") whose reported content is another clause."""
    return h.lemma_.lower() in REPORTING_VERBS and any(c in heads and c.dep_ in ("ccomp", "parataxis")
                                                      for c in h.children)


def content(t: Token) -> bool:
    return not (t.is_punct or t.is_space or t.dep_ in ("cc", "mark", "preconj") or t.pos_ == "CCONJ")


def _checkable(t: Token) -> bool:
    return (t.ent_type_ in CHECKABLE_LABELS) or t.like_num


def _drop_bare_antecedents(h: Token, toks: list[Token], heads: set[Token]) -> list[Token]:
    """"… welcomed Kim to the spaceport, the place they held talks": once the relative clause is a
    claim of its own, the bare noun it hung from ("the place") says nothing in this one."""
    mine = {t.i for t in toks}
    for r in heads:
        a = r.head
        if r.dep_ == "relcl" and a.i in mine and a.dep_ in ("npadvmod", "appos") and a.head.i != a.i:
            drop = {x.i for x in a.subtree}
            if toks and toks[-1].i in drop:
                toks = [x for x in toks if x.i not in drop]
    return toks


def _trim(toks: list[Token]) -> list[Token]:
    """Drop leading/trailing punctuation, conjunctions and relative pronouns."""
    while toks and (not content(toks[0]) or toks[0].tag_ in ("WDT", "WP", "WRB")):
        toks = toks[1:]
    while toks and not content(toks[-1]):
        toks = toks[:-1]
    return toks


def terms(toks: list[Token]) -> list[str]:
    """Content lemmas a claim is matched on.  Names are left to the entity features (canonical, so
    "Kim" and "Kim Jong Un" agree, and a three-word name is not three times the evidence); side remarks in a participial clause ("…, continuing its weapons
    testing") are not what the claim states."""
    aside = set()
    for t in toks:
        if t.dep_ == "advcl" and t.tag_ in ("VBG", "VBN") and not _has_subject(t):
            aside.update(x.i for x in t.subtree)
    return [term(t) for t in toks if content(t) and not t.is_stop and t.i not in aside
            and not (t.ent_type_ and t.ent_type_ not in UNNAMED_LABELS) and any(ch.isalnum() for ch in t.text)
            and t.lower_ not in WEEKDAY_WORDS]  # a weekday is a '~day' feature already


def term(t: Token) -> str:
    return t.lemma_.lower() if not t.like_num else t.text.lower().replace(",", "")


def _subject(h: Token, heads: set[Token]) -> Token | None:
    """The clause's subject, inherited from the clause it is coordinated with when elided; the
    antecedent for a relative pronoun."""
    seen = set()
    while h is not None and h.i not in seen:
        seen.add(h.i)
        subj = _subject_child(h, ("nsubj", "nsubjpass", "csubj"))
        if subj is not None:
            if subj.tag_ in ("WDT", "WP") and h.dep_ == "relcl":
                return h.head
            return subj
        if h.dep_ in ("conj", "xcomp") and h.head.i != h.i:
            h = h.head
            continue
        return None
    return None


def _subject_child(h: Token, deps: tuple[str, ...] = ("nsubj", "nsubjpass")) -> Token | None:
    """The first child of ``h`` in a subject relation that is a word.  The parser now and then
    gives a subject label to a punctuation mark: the hyphen of a name it split into three tokens
    ("Wal" amod, "-" nsubj, "Mart" amod), an editor's bracket ("Is [Name] …"); such a mark
    names nothing, so it is no subject."""
    return next((c for c in h.children if c.dep_ in deps and not (c.is_punct or c.is_space)), None)


def _name_tokens(t: Token, appos: bool = False) -> list[Token]:
    """The noun phrase of ``t`` without relative clauses and trailing modifiers, and without
    appositions unless ``appos`` ("the Russian Foreign Minister, Sergei Lavrov")."""
    skip = {"relcl", "acl", "advcl", "cc", "conj", "prep"} | (set() if appos else {"appos", "punct"})
    keep = [t]
    stack = [c for c in t.children if c.dep_ not in skip]
    while stack:
        c = stack.pop()
        keep.append(c)
        stack += [g for g in c.children if g.dep_ not in skip]
    keep.sort(key=lambda x: x.i)
    # contiguous run around the head only
    lo = hi = keep.index(t)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    run = keep[lo:hi + 1]
    while run and run[0].dep_ == "det" and run[0].lower_ in ("the", "a", "an"):
        run = run[1:]
    return run or [t]


def _phrase(t: Token, appos: bool = False) -> str:
    """The noun phrase of ``t`` as written, without trailing punctuation ('' when it is all
    punctuation: the parser can hang a phrase on a bracket or a hyphen)."""
    toks = _name_tokens(t, appos)
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    return t.doc[toks[0].i:toks[-1].i + 1].text if toks else ""


def _span_chars(t: Token) -> tuple[int, int] | None:
    toks = _name_tokens(t, appos=True)
    if all(x.is_punct or x.is_space for x in toks):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


# ---- attribution --------------------------------------------------------------------------------
def _source_name(t: Token) -> str:
    """A speaker as written, with the organisation of an apposition ("Jack Watling (Royal United
    Services Institute)"); '' for a bare pronoun."""
    name = _phrase(t)
    if not name or name.lower() in PRONOUNS:
        return ""
    orgs = []
    for c in t.children:
        if c.dep_ != "appos":
            continue
        for ent in t.doc.ents:
            if ent.label_ == "ORG" and c.left_edge.i <= ent.start and ent.end <= c.right_edge.i + 1 \
                    and ent.text not in name:
                orgs.append(re.sub(r"^the\s+", "", ent.text, flags=re.I))
    return f"{name} ({', '.join(orgs)})" if orgs else name


def _according_to(h: Token) -> list[str]:
    """'according to X' / 'in accordance to X' / 'citing X' / 'as reported by X' on clause ``h``."""
    found = []
    for c in h.subtree:
        if _owner_clause(c).i != h.i:
            continue
        low = c.lower_
        if low == "according" or (low == "accordance" and c.head.lower_ == "in"):
            pobj = next((g for p in c.children if p.lower_ in ("to", "with") for g in p.children
                         if g.dep_ == "pobj"), None)
            if pobj is not None:
                found.append(_source_name(pobj))
        elif low == "citing" and c.dep_ in ("advcl", "acl", "xcomp", "prep"):
            obj = next((g for g in c.children if g.dep_ in ("dobj", "pobj")), None)
            if obj is not None and _phrase(obj):
                found.append("citing " + _phrase(obj))
        elif c.lemma_ == "report" and c.dep_ in ("advcl", "acl"):
            agent = next((g for g in c.children if g.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                found.append(_source_name(pobj))
    return [f for f in found if f]


def _owner_clause(t: Token) -> Token:
    """Nearest verbal ancestor that can head a clause (used to keep 'according to' local)."""
    while t.head.i != t.i:
        t = t.head
        if _is_verbal(t) and (t.dep_ in CLAUSE_DEPS):
            return t
    return t


def attribution(h: Token, heads: set[Token]) -> str:
    """Who a clause is credited to: reporting subjects up the clause chain, then 'according to'."""
    credits: list[str] = []
    node = h
    seen = set()
    while node is not None and node.i not in seen:
        seen.add(node.i)
        credits += _according_to(node)
        parent = node.head if node.head.i != node.i else None
        if node.dep_ in ("ccomp", "parataxis") and parent is not None and parent.lemma_.lower() in REPORTING_VERBS:
            subj = _subject_child(parent)
            if subj is not None and subj.lower_ != "it":
                name = _source_name(subj)
                if name:
                    credits.append(name)
        if node.dep_ in ("conj", "ccomp", "parataxis", "xcomp", "advcl") and parent is not None:
            node = parent
            continue
        break
    # a reporting verb that is the sentence root and is coordinated with nothing credits every clause
    root = h.sent.root
    if not credits and root.i != h.i and _reports(root, heads):
        subj = _subject_child(root)
        if subj is not None and subj.lower_ != "it":
            credits.append(_source_name(subj))
    seen_names: list[str] = []
    for c in credits:
        if c and c not in seen_names:
            seen_names.append(c)
    return "; ".join(seen_names)


# ---- certainty ----------------------------------------------------------------------------------
def _markers(h: Token) -> set[str]:
    out = {h.lemma_.lower()}
    for c in h.children:
        if c.dep_ in ("aux", "auxpass", "advmod", "acomp", "neg", "xcomp", "attr"):
            out.add(c.lemma_.lower() if c.dep_ != "aux" else c.lower_)
    return out


def certainty(h: Token, heads: set[Token]) -> str:
    """fact / expected / speculated / denied for clause ``h``, from its own verb group and, for a
    reported or embedded clause, from the verb that governs it ("analysts speculate that …")."""
    node = h
    seen = set()
    while node is not None and node.i not in seen:
        seen.add(node.i)
        m = _markers(node)
        if m & DENIAL_LEMMAS:
            return "denied"
        if node.i == h.i:
            if m & FUTURE_MODALS or "going" in m and any(c.dep_ == "xcomp" for c in node.children):
                return "expected"
            if "would" in m and _reported_in_past(h):
                return "expected"
        if m & SPECULATIVE_MODALS or m & HEDGE_ADVERBS or m & SPECULATION_LEMMAS:
            return "speculated"
        if m & EXPECTATION_LEMMAS and (node.i != h.i or _governs_clause(node)
                                        or node.lemma_ in ("schedule", "plan", "due", "slate", "set")):
            return "expected"
        if node.dep_ in ("ccomp", "xcomp", "conj", "parataxis") and node.head.i != node.i:
            node = node.head
            continue
        break
    return "fact"


def _governs_clause(t: Token) -> bool:
    """'expected to …', 'plans to …', 'is about to …': the marker governs what follows."""
    return any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "acomp" and any(g.dep_ == "xcomp" for g in c.children))
               for c in t.children)


def _reported_in_past(h: Token) -> bool:
    """'would' under a past-tense reporting verb is a reported 'will' ("Lavrov would go …, the
    Kremlin stated")."""
    node = h
    while node.dep_ in ("ccomp", "conj", "parataxis") and node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in REPORTING_VERBS and node.tag_ == "VBD":
            return True
    return False


def actions(toks: list[Token]) -> list[str]:
    """'!meet', '!arrive', …: the normalised moves a clause reports, as extra match terms."""
    out = []
    for t in toks:
        lemma = t.lemma_.lower()
        action = VERB_ACTIONS.get(lemma) if t.pos_ == "VERB" else NOUN_ACTIONS.get(lemma) if t.pos_ == "NOUN" else None
        if action:
            tag = "!" + ACTION_FAMILIES.get(action, action)
            if tag not in out:
                out.append(tag)
    return out
