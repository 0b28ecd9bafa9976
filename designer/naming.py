"""Whom and what a document names by id — for the pages that show them by name (the designer page, the case
page's diagram)."""

from designer.definition.tree import walk_nodes


def named_in(document: dict) -> tuple[set[int], set[int]]:
    """The people and organisations a document names by id (who acts, scopes, conditions on the initiator)."""
    people: set[int] = set()
    places: set[int] = set()

    def ids(value) -> list[int]:
        return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, int)]

    def conditions(when) -> None:
        for condition in (when or {}).get("all", []) + (when or {}).get("any", []):
            if condition.get("initiator") == "person":
                people.update(ids(condition.get("value")))
            elif condition.get("initiator") == "organisation":
                places.update(ids(condition.get("value")))

    for node, _parents in walk_nodes(document.get("nodes", [])):
        who = node.get("who") or {}
        people.update(ids(who.get("people")) + ids(who.get("default")))
        places.update(ids(who.get("organisation")) + ids((who.get("scope") or {}).get("organisation")))
        for branch in node.get("branches", []):
            conditions(branch.get("when"))
    return people, places
