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

# Head nouns of an administrative area's name ("Khabarovsk Krai", "Scott County", "the region of X"):
# the name before them is the area's, and the area is what is meant, not the town of that name.
ADMIN_HEADS = frozenset("""
province provinces region oblast krai kray county state prefecture governorate district department
territory canton municipality parish borough shire voivodeship okrug republic emirate
""".split())

# Head nouns of an airport's name; "X airfield", "X air base" and "X Airport" name the same place.
AIRPORT_HEADS = frozenset({"airport", "airfield", "air field", "air base", "airbase", "aerodrome", "airstrip",
                           "air force base", "naval air station"})
# Words between an airport's place name and its head ("Vladivostok International Airport").
AIRPORT_QUALIFIERS = frozenset({"international", "intl", "intl.", "regional", "municipal", "national", "domestic",
                                "army", "county"})

# Head nouns of a railway or bus station or a port: no packaged data lists them, but one named after
# a town lies in or beside it ("Ussuriysk Station", "Artyom railway station", "the port of X").
STATION_HEADS = frozenset({"station", "railway station", "train station", "rail station", "bus station",
                           "terminal", "port", "seaport", "harbour", "harbor", "depot"})

# Head nouns of an island's name ("Russky Island", "the Isle of Man").
ISLAND_HEADS = frozenset({"island", "islands", "isle", "isles", "atoll", "archipelago"})

# The entity type a name takes with each head noun (a head not listed keeps the place's own type).
PLACE_HEAD_LABELS: dict[str, str] = {"airport": "FAC", "airfield": "FAC", "air": "FAC", "airbase": "FAC",
                                     "aerodrome": "FAC", "airstrip": "FAC", "station": "FAC", "railway": "FAC",
                                     "train": "FAC", "rail": "FAC", "bus": "FAC", "terminal": "FAC", "depot": "FAC",
                                     "island": "LOC", "islands": "LOC", "isle": "LOC", "isles": "LOC",
                                     "atoll": "LOC", "archipelago": "LOC"}

# Words between a locative preposition and a place name ("in northern X", "at the X").
PLACE_MODIFIERS = frozenset({"northern", "southern", "eastern", "western", "central", "the", "rural", "coastal",
                             "neighbouring", "neighboring", "nearby"})

# Prepositions that put an organisation-typed name in a place ("in X", "near X"): not "to", "at" or
# "from", which a club or a firm takes as often ("moved to Marseille", "lost at Chelsea").
WHERE_PREPS = frozenset({"in", "near", "inside", "outside", "across", "throughout", "around"})
