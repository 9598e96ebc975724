"""English: the vocabulary of the rules, by topic.

* :mod:`.names` — titles, roles and the words that keep a capitalised run from being a person's name.
* :mod:`.motion` — moving and meeting: verbs and nouns, their prepositions, location and vehicle
  nouns, plan words.
* :mod:`.reporting` — reporting verbs, certainty lemmas, hedges and modals.
* :mod:`.time` — weekdays, months, dateline words, sequence adverbs and their pattern fragments.
* :mod:`.numbers` — number qualifiers, scale words and the determiners that make a number anaphoric.
* :mod:`.places` — compass words, geographic heads, the head nouns of admin areas, airports, stations
  and islands, and abbreviations inside place names.
* :mod:`.grammar` — closed-class words: pronouns, possessive endings, common function words.
* :mod:`.labels` — sets of spaCy's entity types and dependency relations, one name per meaning.
"""
