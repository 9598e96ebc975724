"""Numbers in running text: how they are qualified and scaled, and when they refer back.

Owns the qualifiers of a number by what they do to it ("at least two", "up to 7 million",
"nearly 5 hours"), the scale words that multiply it ("11 million", "dozens"), and the determiners
that make a number a reference back rather than a count ("the two leaders").
"""

# Qualifiers of a number, by what they do to it.
QUALIFIERS: dict[str, str] = {
    "at least": "at least", "more than": "at least", "over": "at least", "upwards of": "at least",
    "in excess of": "at least", "no fewer than": "at least", "no less than": "at least",
    "up to": "at most", "at most": "at most", "less than": "at most", "fewer than": "at most",
    "under": "at most", "no more than": "at most", "as many as": "at most",
    "about": "about", "approximately": "about", "around": "about", "nearly": "about", "almost": "about",
    "virtually": "about", "roughly": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "practically": "about", "close to": "about", "just under": "about", "just over": "about",
}
# Scale words → the factor they multiply a number by.
SCALES: dict[str, float] = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                            "dozen": 12, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
                            "dozens": 12}
# "the two leaders", "these three firms": after these a number refers back, it does not count.
ANAPHORIC_DETERMINERS = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our"})
