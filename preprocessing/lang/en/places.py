"""Words inside and around place names.

Owns the compass and position words that make a name a direction rather than a town ("the West",
"North East"), the geographic head nouns after which a sea or region still names a place ("Pacific
coast"), and the abbreviations that spell the same leading word of a place name ("St" / "Saint").
"""

# A name made only of these ("the West", "North East", "Far East") is a part of whatever the story
# is about, not the town that happens to bear it.
DIRECTION_WORDS = frozenset({"the", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
                             "central", "northeast", "northwest", "southeast", "southwest", "midwest", "mid", "far",
                             "upper", "lower"})

# Heads after which a sea or region still names a place ("Pacific coast", "Arctic waters").
GEO_HEADS = frozenset("""
coast coasts coastline shore shores seaboard island islands rim region regions waters ocean sea basin
islanders nation nations country countries state states
""".split())

# Abbreviated and spelled-out forms of the same leading word are the same name (folded, lowercase).
PLACE_ABBREVIATIONS: dict[str, str] = {"st": "saint", "saint": "st", "ste": "sainte", "sainte": "ste", "ft": "fort",
                                       "fort": "ft", "mt": "mount", "mount": "mt", "pt": "port", "port": "pt"}
