"""Who says what, and how sure: the words of attribution and certainty.

Owns the reporting verbs that credit a clause to a speaker, the lemmas and adverbs that make a claim
speculated, expected or denied, the modal verbs (of a claim's certainty and of a planned move), and
the conjunctions that make a clause a condition rather than a report.
"""

# Verbs whose subject is the source of the clause they govern ("…, the Kremlin stated").
REPORTING_VERBS = frozenset({
    "say", "state", "tell", "report", "announce", "confirm", "claim", "add", "note", "reveal", "emphasize",
    "emphasise", "stress", "clarify", "warn", "indicate", "write", "declare", "insist", "explain", "mention",
    "acknowledge", "admit", "assert", "allege", "argue", "maintain", "quote", "disclose", "show",
    "speculate", "suggest", "believe", "think", "estimate", "expect", "anticipate", "predict", "assess",
    "deny", "reject", "dismiss", "refute",
})
# "suggest" and "estimate" only report (an estimate is a reported figure); hedges come from modals
SPECULATION_LEMMAS = frozenset({"speculate", "believe", "think", "guess", "suspect", "assume",
                                "likely", "unlikely", "possible", "probable", "uncertain", "unclear", "rumor",
                                "rumour", "speculation", "seem", "appear"})
EXPECTATION_LEMMAS = frozenset({"expect", "anticipate", "schedule", "plan", "intend", "due", "slate", "set",
                                "predict", "prepare", "poise", "about"})
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "rebut"})
HEDGE_ADVERBS = frozenset({"likely", "possibly", "perhaps", "reportedly", "probably", "allegedly", "seemingly",
                           "apparently", "supposedly", "maybe", "presumably", "purportedly"})

# Modals of a claim: these make it speculated, those expected.
SPECULATIVE_MODALS = frozenset({"may", "might", "could", "would"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll"})
# Every modal: one on a move's verb makes the move a plan ("will travel", "could visit").
MODALS = frozenset({"will", "would", "shall", "'ll", "may", "might", "could", "can", "should", "must"})

# Conditions describe no particular move ("if you go to X").
HYPOTHETICAL_MARKS = frozenset({"if", "unless"})

# A header line starting with one of these is a credit, not a headline making a claim ("By Jane Doe",
# "Photo: Reuters", "Updated 10:32 GMT").
HEADER_NOT_CLAIM_WORDS = frozenset({"by", "photo", "photos", "picture", "pictures", "image", "images", "credit",
                                    "credits", "source", "sources", "updated", "posted", "published", "filed",
                                    "written", "reporting", "copyright", "©", "advertisement", "share"})

# Words that change what a claim means when one wording has them and the other does not: negation,
# modality, hedges, denial and qualifiers of numbers.  The side-by-side cards highlight these (with
# numbers and names), not the other words a rewording swaps.
NEGATION_WORDS = frozenset({"not", "no", "never", "n't", "none", "nor", "neither", "without", "nobody", "nothing"})
DENIAL_WORDS = frozenset({"deny", "denies", "denied", "denying", "reject", "rejects", "rejected", "dismissed",
                          "refuted", "rebuffed", "disputed", "disputes"})
EXPECTATION_WORDS = frozenset({"expected", "expects", "planned", "plans", "scheduled", "due", "set", "intends",
                               "intended", "poised", "slated", "likely", "unlikely", "possibly", "perhaps",
                               "reportedly", "probably", "allegedly", "apparently", "believed", "suspected",
                               "rumoured", "rumored", "unconfirmed", "confirmed", "claimed", "said"})
