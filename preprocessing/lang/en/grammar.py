"""Closed-class words: pronouns, possessive endings and the commonest function words.

Owns the pronouns that name no source on their own, the personal pronouns resolved to the nearest
person, the token texts of a possessive ending, and the function words whose share tells English
prose from other languages without the n-gram model.
"""

# A bare pronoun (personal, relative or demonstrative) names no speaker.
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "these",
                      "those"})
# Pronouns that stand for one person, resolved to the nearest person mentioned before them.
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})

# The tokens of a possessive ending as spaCy splits them ("Russia's", "Kim's", "Reuters'").
POSSESSIVE_MARKERS = frozenset({"'s", "'", "\u2019s", "\u2019", "'S"})

# English function words make up a third or more of running English prose and only a few per cent
# of other languages' text, so a high share settles the question without the slower n-gram model.
FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with he it as at by from has have had said his be are were "
    "not this which will would their they but its an been".split())
