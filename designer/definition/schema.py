"""The JSON Schema of a process document (designer-format.md), published at /api/v1/designer/schema.json, and the
first check of `validate.problems`: whatever does not match it is `format_invalid`, with the JSON pointer of the
place in `field`. The schema holds the shape (keys, types, enumerations, identifiers, decimal strings); the rules
that need the whole document (a default branch, fields that exist, reachable branches…) are the semantic codes of
designer.definition.validate, so their problems can name the node they are about."""

from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from designer.definition.problems import Problem

IDENTIFIER = "^[a-z][a-z0-9_]{0,39}$"
DECIMAL = r"^-?[0-9]{1,15}(\.[0-9]{1,10})?$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_id = {"type": "string", "pattern": IDENTIFIER}
_name = {"type": "string", "minLength": 1, "maxLength": 100}
_decimal = {"type": "string", "pattern": DECIMAL}
_pk = {"type": "integer", "minimum": 1}
_pks = {"type": "array", "items": _pk}
_count = {"type": "integer", "minimum": 0}


def _closed(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _when_type(type_: str, then: dict[str, Any], key: str = "type") -> dict[str, Any]:
    return {"if": {"properties": {key: {"const": type_}}, "required": [key]}, "then": then}


_field_properties: dict[str, Any] = {
    "key": _id,
    "type": {"enum": []},
    "label": {"type": "string", "minLength": 1, "maxLength": 200},
    "required": {"type": "boolean"},
    "hint": {"type": "string", "maxLength": 500},
    "max_length": {"type": "integer", "minimum": 1, "maximum": 100000},
    "min": {"type": "string", "anyOf": [{"pattern": DECIMAL}, {"pattern": ISO_DATE}]},
    "max": {"type": "string", "anyOf": [{"pattern": DECIMAL}, {"pattern": ISO_DATE}]},
    "places": {"type": "integer", "minimum": 0, "maximum": 10},
    "options": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 100}, "uniqueItems": True},
    "min_count": _count,
    "max_count": _count,
    "multiple": {"type": "boolean"},
    "text": {"type": "string", "maxLength": 5000},
}
FIELD_TYPES = ["text", "textarea", "number", "money", "date", "daterange", "choice", "multichoice", "person",
               "organisation", "attachments", "table", "explanation"]  # fmt: skip
COLUMN_TYPES = ["text", "number", "money", "date", "choice"]

_column = _closed({**_field_properties, "type": {"enum": COLUMN_TYPES}}, ["key", "type", "label"])
_field = _closed(
    {
        **_field_properties,
        "type": {"enum": FIELD_TYPES},
        "columns": {"type": "array", "items": _column},
        "min_rows": _count,
        "max_rows": _count,
    },
    ["key", "type", "label"],
)

_scope = _closed({"role": {"type": "string", "minLength": 1}, "organisation": _pk})
_who = {
    "type": "object",
    "required": ["source"],
    "properties": {
        "source": {
            "enum": ["people", "role", "role_in", "superior", "superiors", "chosen", "field", "initiator", "previous"]
        },  # fmt: skip
        "people": _pks,
        "role": {"type": "string", "minLength": 1, "maxLength": 64},
        "organisation": _pk,
        "levels": {"type": "integer", "minimum": 1, "maximum": 10},
        "multiple": {"type": "boolean"},
        "scope": _scope,
        "default": _pks,
        "field": _id,
    },
    "additionalProperties": False,
    "allOf": [
        _when_type("people", {"required": ["people"]}, "source"),
        _when_type("role", {"required": ["role"]}, "source"),
        _when_type("role_in", {"required": ["role", "organisation"]}, "source"),
        _when_type("field", {"required": ["field"]}, "source"),
    ],
}

_condition = {
    "type": "object",
    "required": ["op", "value"],
    "properties": {
        "field": _id,
        "column": _id,
        "measure": {"enum": ["days", "working_days", "sum"]},
        "initiator": {"enum": ["person", "role", "organisation"]},
        "op": {
            "enum": [
                "=",
                "!=",
                ">",
                ">=",
                "<",
                "<=",
                "between",
                "in",
                "not_in",
                "contains_any",
                "contains_all",
                "within",
                "not_within",
            ]
        },  # fmt: skip
        "value": {
            "anyOf": [
                {"type": "string", "maxLength": 100},
                {"type": "array", "maxItems": 500, "items": {"anyOf": [{"type": "string", "maxLength": 100}, _pk]}},
            ]
        },
    },
    "additionalProperties": False,
    "oneOf": [{"required": ["field"]}, {"required": ["initiator"]}],
}
_when = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {
        "all": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
        "any": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
    },
    "additionalProperties": False,
}

_nodes = {"type": "array", "items": {"$ref": "#/$defs/node"}}
_common = {"id": _id, "type": {"type": "string"}, "name": _name}
_permissions = {
    "type": "object",
    "propertyNames": {"pattern": IDENTIFIER},
    "additionalProperties": {"enum": ["edit", "read", "hidden"]},
}
_limit = _closed(
    {
        "days": {"type": "integer", "minimum": 1, "maximum": 365},
        "remind": {"type": "integer", "minimum": 0, "maximum": 365},
        "then": {"enum": ["none", "approve", "superior", "admin"]},
    },
    ["days"],
)
_acting = {
    **_common,
    "who": {"$ref": "#/$defs/who"},
    "fields": _permissions,
    "empty": {"enum": ["pass", "admin", "refuse"]},
    "dedupe": {"type": "boolean"},
    "initiator": {"enum": ["act", "pass", "skip"]},
    "limit": _limit,
}
_approval = _closed(
    {
        **_acting,
        "mode": {"enum": ["sequential", "all", "any", "ratio"]},
        "ratio": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {"count": {"type": "integer"}, "percent": _decimal},
            "additionalProperties": False,
        },
        "return": {"enum": ["none", "initiator", "any"]},
        "choose_next": {"type": "boolean"},
    }
)
_handling = _closed({**_acting, "mode": {"enum": ["any", "all"]}})
_cc = _closed({**_common, "who": {"$ref": "#/$defs/who"}})
_notice = _closed({**_common, "who": {"$ref": "#/$defs/who"}, "text": {"type": "string", "maxLength": 2000}})
_branch = _closed(
    {
        "id": _id,
        "name": _name,
        "priority": {"type": "integer"},
        "default": {"type": "boolean"},
        "when": _when,
        "nodes": _nodes,
    },  # fmt: skip
    ["id", "name", "nodes"],
)
_parallel_branch = _closed({"id": _id, "name": _name, "nodes": _nodes}, ["id", "name", "nodes"])
_condition_node = _closed({**_common, "branches": {"type": "array", "items": _branch}}, ["branches"])
_parallel = _closed({**_common, "branches": {"type": "array", "items": _parallel_branch}}, ["branches"])
NODE_TYPES = {
    "approval": _approval,
    "handling": _handling,
    "cc": _cc,
    "notice": _notice,
    "condition": _condition_node,
    "parallel": _parallel,
}

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "/api/v1/designer/schema.json",
    "title": "Stepwise process definition",
    "type": "object",
    "required": ["format", "form", "nodes"],
    "properties": {
        "format": {"const": 1},
        "form": _closed({"fields": {"type": "array", "items": _field}}, ["fields"]),
        "nodes": _nodes,
        "settings": _closed({"withdraw": {"type": "boolean"}, "fields": _permissions}),
    },
    "additionalProperties": False,
    "$defs": {
        "node": {
            "type": "object",
            "required": ["id", "type", "name"],
            "properties": {"type": {"enum": list(NODE_TYPES)}},
            "allOf": [_when_type(type_, schema) for type_, schema in NODE_TYPES.items()],
        },
        "who": _who,
        "condition": _condition,
    },
}

_validator = Draft202012Validator(JSON_SCHEMA)


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path) if path else ""


def _node_at(document: Any, path: Any) -> dict[str, Any] | None:
    """The innermost node or branch that holds the place (None when outside every node)."""
    found, here = None, document
    for part in path:
        try:
            here = here[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(here, dict) and isinstance(here.get("id"), str) and ("nodes" in here or "type" in here):
            found = here
    return found


def _place(error: Any) -> list[tuple[int, int, str]]:
    return [(0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in error.absolute_path]


def format_problems(document: Any) -> list[Problem]:
    """One `format_invalid` problem per place that does not match the schema (the deepest error of each)."""
    problems = []
    seen: set[str] = set()
    for error in sorted(_validator.iter_errors(document), key=_place):
        leaves = [error]
        while leaves[-1].context:
            leaves.append(min(leaves[-1].context, key=lambda inner: -len(inner.absolute_path)))
        deepest = leaves[-1]
        pointer = _pointer(deepest.absolute_path)
        if pointer in seen:
            continue
        seen.add(pointer)
        node = _node_at(document, deepest.absolute_path)
        if node is None:
            message = _("The process document does not have the expected form.")
        else:
            message = _("“%(name)s” does not have the expected form.") % {"name": node.get("name") or "…"}
        problems.append(Problem("format_invalid", message, node=node["id"] if node else None, field=pointer))
    return problems
