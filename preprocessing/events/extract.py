"""Events: who moved where and when, one row per (trigger, actor, place) in a sentence.

Owns the per-article step, :func:`doc_events` (cached with the parse): it reads the dependency
parse of sentences that hold a place or a time mention, finds movement/meeting triggers ("arrived in
X", "a stop in X", "welcomed Kim to X", "is scheduled to visit X"), links each place mention to its
trigger through a *locative* path only (so "communication with Moscow" or "Seoul was maintaining …"
give no event), finds the actor (subject, object of "welcome", possessor of "Kim's train", a pronoun
resolved to the nearest person, or a title descriptor like "the North Korean leader"), the time
expression and whether the move is planned.

The corpus-level step lives in :mod:`.resolve`.
"""

from __future__ import annotations

from collections import defaultdict

from ..lang.en.grammar import PERSON_PRONOUNS
from ..lang.en.labels import GUEST_LABELS, PLACE_LIKE_LABELS
from ..lang.en.motion import (ARRIVAL_LINK_PREPS, BARE_MOTION, DEPARTURE_PREPS, DIRECTIONAL_PREPS, GERUND_PREPS,
                              LOCATION_NOUNS, LOCATIVE_PREPS, NOUN_ACTIONS,
                              PLACE_OBJECT_ACTIONS, PLAN_ADJECTIVES, PLAN_HEADS, PLAN_VERBS, VEHICLE_NOUNS,
                              VERB_ACTIONS, WELCOME_VERBS)
from ..lang.en.names import TITLE_NOUNS
from ..lang.en.reporting import HYPOTHETICAL_MARKS, MODALS
from ..lang.en.time import SEQUENCE_ADVERBS
from . import timexp


# ---- per-article analysis ------------------------------------------------------------------------

def _trigger_action(tok) -> str | None:
    if tok.pos_ in ("VERB", "AUX"):
        if tok.lemma_ == "take" and any(c.dep_ == "dobj" and c.lemma_ == "place" for c in tok.children):
            return "meet"
        return VERB_ACTIONS.get(tok.lemma_.lower())
    if tok.pos_ in ("NOUN", "PROPN"):
        return NOUN_ACTIONS.get(tok.lemma_.lower())
    return None


def _is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX")


class _Doc:
    """Token → mention lookups for one parsed body."""

    def __init__(self, doc, offset: int, mentions: list[dict]):
        self.doc = doc
        self.offset = offset
        self.mentions = mentions
        self.tok2m: dict[int, int] = {}
        self.spans: dict[int, object] = {}
        for idx, m in enumerate(mentions):
            span = doc.char_span(m["start"] - offset, m["end"] - offset, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            self.spans[idx] = span
            for t in span:
                self.tok2m.setdefault(t.i, idx)
        # The model often mislabels a repeated surname ("Romano's train" as ORG): a mention spelled
        # like a person named earlier in the same article, or like that person's surname, is a person.
        names = set()
        for idx, span in self.spans.items():
            if mentions[idx]["label"] == "PERSON":
                names.add(span.text)
                names.add(span[-1].text)
        self.persons = {idx for idx, span in self.spans.items()
                        if mentions[idx]["label"] == "PERSON" or span.text in names}
        self.person_tokens = sorted((self.spans[idx].root.i, idx) for idx in self.persons)

    def label(self, idx: int) -> str:
        return "PERSON" if idx in self.persons else self.mentions[idx]["label"]

    def mention_of(self, tok, labels: set[str] | None = None) -> int | None:
        idx = self.tok2m.get(tok.i)
        if idx is None or (labels is not None and self.label(idx) not in labels):
            return None
        return idx

    def resolve_pronoun(self, tok) -> int | None:
        """Nearest preceding person, preferring a grammatical subject of the last two sentences."""
        before = [(i, idx) for i, idx in self.person_tokens if i < tok.i]
        if not before:
            return None
        window_start = tok.sent.start
        for _ in range(2):
            prev = self.doc[window_start - 1].sent.start if window_start > 0 else window_start
            window_start = prev
        for i, idx in reversed(before):
            if i < window_start:
                break
            root = self.doc[i]
            # A subject, or part of one: "Kim and Putin …", "Kim's train made a stop …".
            if root.dep_ in ("nsubj", "nsubjpass") or (
                    root.head.dep_ in ("nsubj", "nsubjpass") and root.dep_ in ("appos", "compound", "conj", "poss")):
                return idx
        return before[-1][1]


    def earlier_owner(self, tok):
        """For a bare definite vehicle ("the train"), the possessor of the same noun in the last
        three sentences ("his private train"), so its moves are its owner's."""
        if any(c.dep_ == "poss" for c in tok.children) or not any(c.lower_ == "the" for c in tok.children):
            return None
        start = tok.sent.start
        for _ in range(3):
            start = self.doc[start - 1].sent.start if start > 0 else start
        for t in reversed(self.doc[start:tok.i]):
            if t.lemma_ == tok.lemma_:
                poss = [c for c in t.children if c.dep_ == "poss"]
                if poss:
                    return poss[0]
        return None


def _descriptor(tok) -> str:
    """'north korean leader' for the subject phrase "The North Korean leader"; '' if not a title."""
    if tok.lemma_.lower() not in TITLE_NOUNS or tok.tag_ in ("NNS", "NNPS"):
        return ""
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("det", "punct") and t.i >= tok.left_edge.i]
    return " ".join(t.lower_ for t in words)


def _actor_refs(tok, d: _Doc, depth: int = 0) -> list[tuple[int | None, str]]:
    """(mention_idx, descriptor) pairs for the entity or entities a noun phrase refers to."""
    if depth > 3:
        return []
    refs: list[tuple[int | None, str]] = []
    idx = d.mention_of(tok)
    if idx is not None:
        refs.append((idx, ""))
    elif tok.lower_ in PERSON_PRONOUNS:
        p = d.resolve_pronoun(tok)
        if p is not None:
            refs.append((p, ""))
    elif tok.lemma_.lower() in VEHICLE_NOUNS or tok.lemma_.lower() in NOUN_ACTIONS:
        # "Kim's train made a stop", "the meeting between Kim and Putin took place at X"
        owner = d.earlier_owner(tok) if tok.lemma_.lower() in VEHICLE_NOUNS else None
        if owner is not None:
            refs += _actor_refs(owner, d, depth + 1)
        for c in tok.children:
            if c.dep_ in ("poss", "compound"):
                refs += _actor_refs(c, d, depth + 1)
            elif c.dep_ == "prep" and c.lower_ in ("between", "of", "with"):
                for o in c.children:
                    if o.dep_ == "pobj" and d.mention_of(o, {"PERSON"}) is not None:
                        refs += _actor_refs(o, d, depth + 1)
    else:
        for c in tok.children:  # "the Russian Foreign Minister, Sergei Lavrov"
            if c.dep_ in ("appos", "compound") and d.mention_of(c, {"PERSON"}) is not None:
                refs.append((d.mention_of(c), ""))
                break
        else:
            desc = _descriptor(tok)
            if desc:
                refs.append((None, desc))
    for c in tok.children:
        if c.dep_ == "conj":
            refs += _actor_refs(c, d, depth + 1)
    return refs


def _subject(tok):
    """The subject token of a verb, inherited through xcomp/conj/advcl when it has none of its own."""
    cur = tok
    for _ in range(5):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        if cur.dep_ in ("xcomp", "conj", "advcl", "ccomp") and cur.head is not cur:
            cur = cur.head
        elif cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.lower_ in GERUND_PREPS:
            cur = cur.head.head  # "After arriving in X, Kim toured …": Kim arrived
        else:
            return None
    return None


def _invitee(noun):
    """Who is to do what a noun announces: "an invitation to Putin to visit" → Putin;
    "Putin accepted Kim's invitation to visit" → Putin (the subject of the governing verb)."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "to":
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    verb = _governing_verb(noun)
    return _subject(verb) if verb is not None else None


def _arrival_clause(trig):
    """The verb an arrival/departure nominal times ("met Kim upon his arrival at X" → met), else None."""
    if _is_verb(trig) or _trigger_action(trig) not in ("arrive", "leave", "enter"):
        return None
    prep = trig.head
    if trig.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ARRIVAL_LINK_PREPS:
        return None
    return prep.head if _is_verb(prep.head) else None


def _guests(verb) -> list:
    """Who a meet/welcome verb receives: its object, or its subject when passive."""
    if verb.lemma_.lower() not in WELCOME_VERBS | {"meet"}:
        return []
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs:
        objs = [c for c in verb.children if c.dep_ == "nsubjpass"]
    return objs


def _governing_verb(tok):
    cur = tok
    for _ in range(4):
        if cur.head is cur:
            return None
        cur = cur.head
        if _is_verb(cur):
            return cur
    return None


def _actors(trig, d: _Doc) -> list[tuple[int | None, str, str]]:
    """(mention_idx, descriptor, role) for a trigger; role is 'mover', 'host' or 'with'."""
    out: list[tuple[int | None, str, str]] = []
    if _is_verb(trig):
        subj = _subject(trig)
        passive = subj is not None and subj.dep_ == "nsubjpass"
        if trig.lemma_.lower() in WELCOME_VERBS:
            guests = [c for c in trig.children if c.dep_ == "dobj"]
            hosts = [c for c in trig.children if c.dep_ == "agent"]
            hosts = [o for h in hosts for o in h.children if o.dep_ == "pobj"]
            if passive:
                guests, hosts = [subj], hosts
            elif subj is not None:
                hosts = [subj]
            out += [(i, s, "mover") for g in guests for i, s in _actor_refs(g, d)]
            out += [(i, s, "host") for h in hosts for i, s in _actor_refs(h, d)]
        else:
            if subj is None and trig.dep_ == "acl" and not _is_verb(trig.head):
                subj = _invitee(trig.head)
            if subj is not None:
                out += [(i, s, "mover") for i, s in _actor_refs(subj, d)]
            if trig.lemma_.lower() == "meet":
                out += [(i, s, "with") for c in trig.children if c.dep_ == "dobj" for i, s in _actor_refs(c, d)]
    else:
        host_verb = _arrival_clause(trig)
        guests = _guests(host_verb) if host_verb is not None else []
        for c in trig.children:
            if c.dep_ not in ("poss", "compound"):
                continue
            if guests and c.lower_ in PERSON_PRONOUNS:
                # "Putin met Kim upon his arrival": the one met or welcomed is the one arriving.
                out += [(i, s, "mover") for g in guests for i, s in _actor_refs(g, d)]
            else:
                out += [(i, s, "mover") for i, s in _actor_refs(c, d)]
        for c in trig.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                out += [(i, s, "mover") for o in c.children if o.dep_ == "pobj" for i, s in _actor_refs(o, d)]
        # "their trip" whose owner is unresolved belongs to them, not to the subject of the clause
        # around it ("Bruce admitted their trip … was tough").
        if not out and not any(c.dep_ == "poss" for c in trig.children):
            verb = _governing_verb(trig)
            subj = _subject(verb) if verb is not None else None
            if subj is not None and subj is not trig:
                out += [(i, s, "mover") for i, s in _actor_refs(subj, d)]
    for c in trig.children:  # "had dinner with Putin", "talks with Putin"
        if c.dep_ == "prep" and c.lower_ == "with" and _trigger_action(trig) in ("meet", "hold talks", "dine"):
            out += [(i, s, "with") for o in c.children if o.dep_ == "pobj" for i, s in _actor_refs(o, d)
                    if i is None or d.label(i) == "PERSON"]
    seen, uniq = set(), []
    for a in out:
        key = (a[0], a[1])
        if key not in seen and (a[0] is not None or a[1]):
            seen.add(key)
            uniq.append(a)
    return uniq


def _planned(trig) -> bool:
    cur = trig
    for _ in range(6):
        kids = list(cur.children)
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS for c in kids):
            return True
        if any(c.dep_ == "amod" and c.lower_ in PLAN_ADJECTIVES for c in kids):
            return True
        has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in PLAN_VERBS:
            return True
        if has_to and cur.head.lemma_ == "be" and cur.dep_ in ("xcomp", "ccomp", "acomp"):
            return True  # "Kim is to visit"
        if has_to and cur.dep_ in ("acl", "relcl") and cur.head.pos_ in ("NOUN", "PROPN"):
            return True  # "an invitation to visit", headline "leader to tour"
        if has_to and any(a.lemma_.lower() in PLAN_HEADS for a in list(cur.ancestors)[:3]):
            return True  # "extended an invitation to Putin to visit"
        if cur is not trig and not _is_verb(cur) and cur.lemma_.lower() in PLAN_HEADS:
            return True  # "plans for Putin's visit"
        if cur.head is cur:
            return False
        if _is_verb(cur) and cur.dep_ not in ("xcomp", "conj"):
            return False
        cur = cur.head
    return False


def _negated(trig) -> bool:
    return any(c.dep_ == "neg" for c in trig.children)


def _hypothetical(trig) -> bool:
    """"If you go to X": a condition or a generic 'you' is no report of a move."""
    if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in trig.children):
        return True
    subj = _subject(trig) if _is_verb(trig) else None
    return subj is not None and subj.lower_ == "you"


def _hosts_a_thing(trig, d: _Doc) -> bool:
    """"hosted the show", "received an award": a welcome verb whose object is not a person is no visit."""
    if trig.lemma_.lower() not in WELCOME_VERBS or not _is_verb(trig):
        return False
    objects = [c for c in trig.children if c.dep_ == "dobj"]
    if not objects:
        return False
    refs = [r for o in objects for r in _actor_refs(o, d)]
    # The small model often calls a guest's name ORG; an event, work or product is a thing.
    return not any(i is None or d.label(i) in GUEST_LABELS for i, _ in refs)


def _place_link(span, d: _Doc, triggers: set[int]):
    """(trigger token, preposition) when the place mention sits in a locative slot, else None."""
    cur = span.root
    prep = ""
    for _ in range(8):
        dep, head = cur.dep_, cur.head
        if head is cur:
            return None
        if dep == "pobj":
            p = head
            word = p.lower_
            if word == "of" and p.head.lemma_.lower() in LOCATION_NOUNS:
                pass
            elif word in DEPARTURE_PREPS and p.head.i in triggers and _trigger_action(p.head) == "leave":
                return p.head, word  # "left from the X station": where the departure starts
            elif word not in LOCATIVE_PREPS:
                return None
            prep = prep or word
            target = p.head
            if target.i in triggers:
                return target, word
            if _is_verb(target):
                trig = _light_verb_trigger(target, p, triggers)
                return (trig, word) if trig is not None else None
            cur = target
        elif dep in ("compound", "amod", "nmod"):
            if head.i in triggers and not _is_verb(head):
                return head, "compound"  # "the Moscow visit"
            if head.lemma_.lower() not in LOCATION_NOUNS:
                return None
            cur = head
        elif dep in ("appos", "conj"):
            cur = head
        elif dep == "dobj":
            if head.i in triggers and _trigger_action(head) in PLACE_OBJECT_ACTIONS:
                return head, "dobj"
            return None
        else:
            return None
    return None


def _light_verb_trigger(verb, near, triggers: set[int]):
    """The event a non-trigger verb stands in for: "showed Kim meeting …", "had dinner …"."""
    kids = [c for c in verb.children if c.i in triggers and c.dep_ in ("dobj", "xcomp", "ccomp", "attr")]
    return min(kids, key=lambda c: abs(c.i - near.i)) if kids else None


def _time_link(tokens, triggers: set[int]):
    """The trigger token a time expression modifies (first trigger up the tree), else None."""
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    cur = tokens.root
    for _ in range(8):
        if cur.i in triggers and cur.i not in inside:
            return cur
        if _is_verb(cur) and cur.i not in inside:
            return _light_verb_trigger(cur, tokens.root, triggers)
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def doc_events(doc, offset: int, mentions: list[dict]) -> list[dict]:
    """Raw events of one parsed body; offsets are absolute (``offset`` = body start in the text)."""
    d = _Doc(doc, offset, mentions)
    by_sent: dict[int, list[int]] = defaultdict(list)
    for idx, span in d.spans.items():
        by_sent[span.sent.start].append(idx)
    events: list[dict] = []
    for sent_id, sent in enumerate(doc.sents):
        places = [i for i in by_sent.get(sent.start, []) if d.label(i) in PLACE_LIKE_LABELS]
        timexes = timexp.find_timexes(sent.text)
        if not places and not timexes:
            continue
        triggers = {t.i for t in sent if _trigger_action(t)}
        if not triggers:
            continue
        links: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for idx in places:
            link = _place_link(d.spans[idx], d, triggers)
            if link is not None and link[0].lemma_.lower() in BARE_MOTION and _is_verb(link[0]) \
                    and link[1] not in DIRECTIONAL_PREPS | {"dobj"}:
                link = None
            if link is not None:
                links[link[0].i].append((idx, link[1]))
        times: dict[int, timexp.Timex] = {}
        for tx in timexes:
            span = doc.char_span(sent.start_char + tx.start, sent.start_char + tx.end, alignment_mode="expand")
            trig = _time_link(span, triggers) if span is not None else None
            if trig is not None:
                times.setdefault(trig.i, tx)
        # "A met B upon B's arrival at X on Monday": the meeting is where and when the arrival is, and
        # the arrival when the meeting is (one clause, one time).
        for ti in sorted(triggers):
            verb = _arrival_clause(doc[ti])
            if verb is None or verb.i not in triggers:
                continue
            if links.get(ti) and not links.get(verb.i):
                links[verb.i] = list(links[ti])
            if ti in times and verb.i not in times:
                times[verb.i] = times[ti]
            elif verb.i in times and ti not in times:
                times[ti] = times[verb.i]
        n = 0
        for ti in sorted(triggers):
            trig = doc[ti]
            tx = times.get(ti)
            if not links.get(ti) and (tx is None or (trig.lemma_.lower() in BARE_MOTION and _is_verb(trig))):
                continue  # a bare "go"/"come" with no place is figurative: "go on air on Tuesday"
            if _negated(trig) or _hypothetical(trig) or _hosts_a_thing(trig, d):
                continue
            when_text, when_start, when_end = "", -1, -1
            if tx is not None:
                when_text = tx.text
                when_start = offset + sent.start_char + tx.start
                when_end = offset + sent.start_char + tx.end
            else:
                seq = [c for c in trig.children if c.dep_ == "advmod" and c.lower_ in SEQUENCE_ADVERBS]
                if seq:
                    when_text, when_start, when_end = seq[0].text, offset + seq[0].idx, offset + seq[0].idx + len(seq[0])
            actors = _actors(trig, d) or [(None, "", "mover")]
            place_list = links.get(ti) or [(None, "")]
            for actor_idx, desc, role in actors:
                for place_idx, prep in place_list:
                    # "the Glasgow meeting": the mention is where, not who
                    who = None if place_idx is not None and place_idx == actor_idx else actor_idx
                    action = _trigger_action(trig)
                    if role == "host" and action == "welcome":
                        action = "host"
                    events.append({
                        "sent_id": sent_id, "n": n, "action": action, "trigger": trig.text,
                        "trigger_start": offset + trig.idx, "actor_idx": who, "actor_desc": desc,
                        "role": role, "place_idx": place_idx, "prep": prep, "when_text": when_text,
                        "when_start": when_start, "when_end": when_end, "planned": _planned(trig),
                    })
                    n += 1
    return events
