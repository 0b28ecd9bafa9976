"""What changed between two versions of a definition, in words (the version diff page): fields added, removed or
changed (by their labels), nodes added, removed, moved or changed (by their names), the settings."""

from django.utils.translation import gettext as _

from designer.definition.tree import walk_nodes


def _fields(document: dict) -> dict[str, dict]:
    return {field["key"]: field for field in document.get("form", {}).get("fields", [])}


def _nodes(document: dict) -> dict[str, tuple[int, dict]]:
    return {
        node["id"]: (place, node)
        for place, node in enumerate(node for node, _parents in walk_nodes(document.get("nodes", [])))
    }


def _without_children(node: dict) -> dict:
    return {k: v for k, v in node.items() if k != "branches"} | {
        "branches": [{k: v for k, v in b.items() if k != "nodes"} for b in node.get("branches", [])]
    }


def differences(old: dict, new: dict) -> list[str]:
    lines: list[str] = []
    before, after = _fields(old), _fields(new)
    for key in after.keys() - before.keys():
        lines.append(_("Field added: %(label)s") % {"label": after[key].get("label", "")})
    for key in before.keys() - after.keys():
        lines.append(_("Field removed: %(label)s") % {"label": before[key].get("label", "")})
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            lines.append(_("Field changed: %(label)s") % {"label": after[key].get("label", "")})
    if [k for k in before if k in after] != [k for k in after if k in before]:
        lines.append(_("The fields were reordered."))
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    for node_id in new_nodes.keys() - old_nodes.keys():
        lines.append(_("Step added: %(name)s") % {"name": new_nodes[node_id][1].get("name", "")})
    for node_id in old_nodes.keys() - new_nodes.keys():
        lines.append(_("Step removed: %(name)s") % {"name": old_nodes[node_id][1].get("name", "")})
    for node_id in old_nodes.keys() & new_nodes.keys():
        (place_before, was), (place_after, now) = old_nodes[node_id], new_nodes[node_id]
        if _without_children(was) != _without_children(now):
            lines.append(_("Step changed: %(name)s") % {"name": now.get("name", "")})
        elif place_before != place_after:
            lines.append(_("Step moved: %(name)s") % {"name": now.get("name", "")})
    if old.get("settings") != new.get("settings"):
        lines.append(_("The process settings changed (withdrawal)."))
    return lines
