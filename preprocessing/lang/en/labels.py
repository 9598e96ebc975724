"""Sets of spaCy labels the rules test against: entity types and dependency relations.

One name per meaning.  spaCy's English pipelines use OntoNotes entity types and ClearNLP dependency
relations; a model with another scheme needs these sets (not the rules) changed.
"""

# ---- entity types -------------------------------------------------------------------------------
# Places proper: what the places stage resolves to coordinates.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Mentions that may be where an event happens: the places, and ORG, which the small model often
# gives a place ("arrived at Vostochny").
PLACE_LIKE_LABELS = PLACE_LABELS | {"ORG"}
# Names of anything but a person: spans the corrector may find are person-shaped after all.
NON_PERSON_NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
# Every named-entity type (what a raw string's entities are matched on).
NAME_LABELS = NON_PERSON_NAME_LABELS | {"PERSON"}
# Numeric and temporal types: values, not entities.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Entity types whose words stay a claim's terms: numbers and dates are matched word by word, and a
# site by its words too, since sources name it by its head noun ("the cosmodrome") as often as in
# full (every other mention is matched by its canonical entity instead, so a name is one piece of
# evidence, not three).
UNNAMED_LABELS = NUMERIC_LABELS | {"FAC"}
# Entity types that make a clause checkable.
CHECKABLE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW", "DATE",
                              "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
# Who can be welcomed or received as a guest (the small model often calls a guest's name ORG); an
# event, work or product that is "hosted" or "received" is a thing, not a visit.
GUEST_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Entity types a bare common noun can stand for ("the cosmodrome" → the corpus's one "… Cosmodrome").
HEAD_NOUN_LABELS = frozenset({"FAC", "ORG", "LOC", "EVENT"})
# The entity type a place of each gazetteer kind is written with when the gazetteer gives none
# (any other kind: GPE).
KIND_LABELS: dict[str, str] = {"facility": "FAC", "region": "LOC", "continent": "LOC", "water": "LOC"}

# ---- dependency relations -----------------------------------------------------------------------
# Relations by which a verb heads a clause of its own.
CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "relcl", "advcl", "parataxis"})
# Relations of a clause's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# Entity types the small model often gives a place's name ("Malakal" ORG, "Bulacan" NORP): such a
# span becomes a place where the sentence says it is one.
MISTYPED_PLACE_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT"})
