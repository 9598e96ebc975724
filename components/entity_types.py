"""Entity types as every view shows them: one colour, one plain-English name and one order per type.

The network's nodes, the matrix, the reader's highlights and the filters' type lists all read
from here, so a colour means the same type on every page.
"""

from __future__ import annotations

# Okabe-Ito based, readable by most colour-blind readers; yellow darkened to stay visible on white.
TYPE_COLOURS = {
    "PERSON": "#D55E00", "GPE": "#0072B2", "LOC": "#56B4E9", "FAC": "#009E73", "ORG": "#E69F00",
    "NORP": "#CC79A7", "PRODUCT": "#8C564B", "EVENT": "#B8A200", "LAW": "#555555", "WORK_OF_ART": "#17BECF",
}
OTHER_COLOUR = "#999999"

TYPE_NAMES = {
    "PERSON": "people", "GPE": "countries, cities, states", "LOC": "other locations",
    "FAC": "facilities", "ORG": "organisations", "NORP": "nationalities, groups",
    "PRODUCT": "products, weapons", "EVENT": "events", "LAW": "laws", "WORK_OF_ART": "works",
}


def type_colour(label: str) -> str:
    return TYPE_COLOURS.get(label, OTHER_COLOUR)


def type_tint(label: str, strength: float = 0.3) -> str:
    """The type's colour mixed with white: a highlight that dark text stays readable on."""
    base = type_colour(label).lstrip("#")
    rgb = [int(base[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in rgb)


def type_rank(label: str) -> tuple:
    """Sort key: the known types in TYPE_COLOURS order, then any other type by name."""
    order = list(TYPE_COLOURS)
    return (label not in TYPE_COLOURS, order.index(label) if label in TYPE_COLOURS else 0, label)
