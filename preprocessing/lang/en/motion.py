"""Moving and meeting: the words that say someone went somewhere, was somewhere or met someone.

Owns the movement and meeting verbs and nouns with the action each stands for, the actions that
report the same encounter in other words, the prepositions that tie a place to a move (locative,
directional, any place), the nouns that stand for a location or carry a traveller, and the words that
make a move a plan ("expected to visit", "an invitation to visit", "the planned trip").
"""

# Verb lemma → normalised action.
VERB_ACTIONS: dict[str, str] = {
    "arrive": "arrive", "reach": "arrive", "land": "arrive",
    "visit": "visit", "tour": "tour", "inspect": "inspect", "examine": "inspect",
    "travel": "travel", "journey": "travel", "go": "travel", "head": "travel", "proceed": "travel",
    "fly": "travel", "move": "relocate", "continue": "travel", "come": "travel", "drive": "travel",
    "stop": "stop", "stay": "stay", "meet": "meet", "welcome": "welcome", "greet": "welcome",
    "receive": "welcome", "host": "welcome", "fire": "fire", "launch": "launch", "board": "board",
    "enter": "enter", "cross": "enter", "leave": "leave", "depart": "leave", "return": "return",
    "attend": "attend", "talk": "hold talks", "dine": "dine",
}
# Event nouns → action ("a stop in X", "his visit to X", "the meeting … at X").
NOUN_ACTIONS: dict[str, str] = {
    "visit": "visit", "trip": "travel", "journey": "travel", "tour": "tour", "stop": "stop",
    "stopover": "stop", "arrival": "arrive", "entry": "enter", "departure": "leave", "inspection": "inspect",
    "meeting": "meet", "summit": "meet", "talk": "hold talks", "dinner": "dine", "lunch": "dine",
    "banquet": "dine", "reception": "welcome", "welcome": "welcome", "launch": "launch",
}
# Actions that report the same encounter or move in other words ("welcomed Kim", "a meeting with
# Kim", "had dinner with Kim"; "fired" / "launched" missiles).
ACTION_FAMILIES: dict[str, str] = {"welcome": "meet", "dine": "meet", "hold talks": "meet", "fire": "launch",
                                   "tour": "visit", "inspect": "visit", "enter": "arrive"}
# Actions whose direct object is the place itself ("visit Pyongyang", "entered Russia").
PLACE_OBJECT_ACTIONS = frozenset({"visit", "tour", "inspect", "enter", "leave", "arrive", "attend"})
# Verbs whose object is the guest and whose subject the host ("Putin welcomed Kim").
WELCOME_VERBS = frozenset({"welcome", "greet", "receive", "host"})
# Bare motion verbs read as a move only towards a place: "went to X", not "went out of use in X",
# "returned to profit in X" or "came fourth in X".
BARE_MOTION = frozenset({"go", "come", "return", "continue", "head", "move", "proceed"})

# Verbs and nouns whose to/in/at/into/from phrase names where someone goes or is.  Sport's transfer
# words (join, sign, move, loan) are left out on purpose: "moved to Marseille" is often a club.
MOTION_WORDS = frozenset("""
travel go come fly head return arrive land reach sail drive ride walk journey cross commute tour visit
leave depart flee escape evacuate deploy send dispatch bring take transfer relocate emigrate immigrate
stay live reside base locate station hold meet gather settle bear bury die stop stopover
trip visit journey flight voyage arrival departure return tour route road way stay summit meeting talks
embassy consulate visit motorcade train convoy delegation
""".split())
# The prepositions of those phrases ("travelled to X", "arrived in X", "the trip from X").
MOTION_PREPS = frozenset({"to", "in", "at", "into", "from"})

# Prepositions whose object is where a move or meeting happens or goes ("arrived in X", "a stop at X",
# "headed towards X"); not "from" or "via": where someone left or passed is not where they went.
LOCATIVE_PREPS = frozenset({"in", "at", "to", "into", "near", "inside", "outside", "toward", "towards", "through",
                            "across", "onto", "around"})
# Prepositions whose object is usually a place of any kind, a starting point or a route included
# ("from X", "via X"): a known place there is a place, whatever the model called it.
PLACE_PREPS = frozenset({"in", "to", "from", "at", "near", "into", "toward", "towards", "via", "outside",
                         "inside", "across", "through"})
# Prepositions whose object is where a *departure* starts ("left from the X station", "departed from
# X"): the traveller was there, so it is a stop, though "from" after any other move is not.
DEPARTURE_PREPS = frozenset({"from"})
# Prepositions that tie an arrival or departure nominal to the clause it times ("met Kim upon his
# arrival at X", "welcomed him on his arrival", "after his arrival in X").
ARRIVAL_LINK_PREPS = frozenset({"upon", "on", "after", "at", "following", "before"})
# Prepositions whose gerund inherits the clause's subject ("After arriving in X, Kim toured …").
GERUND_PREPS = frozenset({"after", "before", "upon", "on", "since", "while", "following"})
# Prepositions of a move towards somewhere: the only ones a bare motion verb takes a place with.
DIRECTIONAL_PREPS = frozenset({"to", "into", "toward", "towards", "onto", "through", "across"})

# Nouns that stand for a location whose name is a modifier or an "of" phrase ("the X spaceport",
# "the town of X", "a train station in X").
LOCATION_NOUNS = frozenset({
    "town", "city", "village", "port", "capital", "region", "province", "island", "station", "spaceport",
    "cosmodrome", "airport", "airbase", "base", "plant", "factory", "facility", "site", "complex", "shipyard",
    "harbor", "harbour", "border", "crossing", "center", "centre", "palace", "hotel", "building", "compound",
    "headquarters", "university", "museum",
})
# Nouns that carry their owner's moves ("Kim's train made a stop in X").
VEHICLE_NOUNS = frozenset({"train", "plane", "aircraft", "jet", "motorcade", "convoy", "delegation", "entourage",
                           "limousine", "car", "yacht", "ship", "helicopter"})

# Verbs (and "due", "likely") whose to-infinitive is a plan ("is expected to visit", "plans to travel").
PLAN_VERBS = frozenset({"expect", "schedule", "anticipate", "plan", "set", "due", "intend", "prepare", "aim",
                        "hope", "slate", "poise", "want", "seek", "propose", "invite", "agree", "promise",
                        "likely"})
# Heads that make a to-infinitive a plan rather than a purpose ("an invitation to visit X").
PLAN_HEADS = PLAN_VERBS | {"invitation", "plan", "intention", "offer", "proposal", "decision", "agreement",
                           "promise", "bid", "readiness", "willingness"}
# Adjectives that make an event noun a plan ("the planned visit", "a possible trip").
PLAN_ADJECTIVES = frozenset({"planned", "scheduled", "anticipated", "expected", "upcoming", "proposed", "possible",
                             "potential", "future", "forthcoming", "likely", "prospective"})
