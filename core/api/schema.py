"""drf-spectacular: document the shared error shape on every operation, with the statuses it can really take."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "detail", "fields"],
    "properties": {
        "code": {"type": "string", "description": "Stable snake_case error code."},
        "detail": {"type": "string", "description": "Translated message."},
        "fields": {"type": "object", "additionalProperties": True},
    },
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
_ERRORS = {
    "400": "Invalid input or a broken rule",
    "401": "Not authenticated",
    "403": "Visible but not allowed",
    "404": "Not found or not visible to you",
    "409": "Changed meanwhile, already done, or a stored file no longer matches its hash",
}
_WRITE_ERRORS = {"415": "The body is not in a media type this operation reads"}  # only a write reads a body


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


class AutoSchema(SpectacularAutoSchema):
    """Adds 429 to the operations of a view that throttles (the sign-in endpoints)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and getattr(self.view, "throttle_classes", None):
            operation.setdefault("responses", {})["429"] = _error("Too many attempts: wait and try again")
        return operation


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            errors = _ERRORS if method == "get" else {**_ERRORS, **_WRITE_ERRORS}
            for status_code, description in errors.items():
                responses.setdefault(status_code, _error(description))
    return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """accounts.tokens.ApiTokenAuthentication in the schema: ``Authorization: Token <key>`` from POST
    /api/v1/auth/token/ (registered by being defined; this module is loaded as DEFAULT_SCHEMA_CLASS)."""

    target_class = "accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"; the key expires '
            "(settings.API_TOKEN_HOURS) and is revoked at POST /api/v1/auth/sign-out/.",
        }
