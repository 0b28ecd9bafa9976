"""drf-spectacular hook: document the shared error shape on every operation."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "detail", "fields"],
    "properties": {
        "code": {"type": "string", "description": "Stable snake_case error code."},
        "detail": {"type": "string", "description": "Translated message."},
        "fields": {"type": "object", "additionalProperties": True},
    },
}
_ERRORS = {
    "400": "Invalid input or a broken rule",
    "401": "Not authenticated",
    "403": "Visible but not allowed",
    "404": "Not found or not visible to you",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status_code, description in _ERRORS.items():
                responses.setdefault(
                    status_code, {"description": description, "content": {"application/json": {"schema": ref}}}
                )
    return result
