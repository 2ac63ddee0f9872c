"""Rule components that read facts out of an annotated post, one module per kind of fact.

Each component takes the PostDoc and returns it with mentions and facts added; the order
matters, because later rules build on earlier mentions (a role needs its person, an event its
place).
"""

from __future__ import annotations

from collections.abc import Callable

from graph.extract.events import find_events
from graph.extract.organisations import find_organisations
from graph.extract.people import find_people
from graph.extract.places import find_place_slips, find_places
from graph.extract.processes import find_processes
from graph.extract.relations import find_relations
from graph.extract.roles import find_roles
from graph.model import PostDoc

COMPONENTS: tuple[Callable[[PostDoc], PostDoc], ...] = (
    find_people,
    find_organisations,
    find_places,
    find_roles,
    find_processes,
    find_events,
    find_relations,
    find_place_slips,
)


def extract(doc: PostDoc) -> PostDoc:
    """Run every rule component over an annotated post and return it."""
    for component in COMPONENTS:
        doc = component(doc)
    return doc
