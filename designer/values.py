"""The form of a designed case: which fields a step may edit (its node's field permissions; the initiator submitting
again edits them all), their values checked as the start checks them (forms.designed), and what changed."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

EDIT, READ, HIDDEN = "edit", "read", "hidden"


def fields_of(document: dict) -> list[dict]:
    return list(document.get("form", {}).get("fields", []))


def permissions_at(document: dict, node: dict | None, kind: str) -> dict[str, str]:
    """Each field's permission at a step: the node's (default: read); the initiator's (starting, or submitting again
    after 退回) as the document's settings say (default: edit)."""
    if node is None or kind == "resubmit":
        declared = (document.get("settings") or {}).get("fields") or {}
        return {field["key"]: declared.get(field["key"], EDIT) for field in fields_of(document)}
    declared = node.get("fields") or {}
    return {field["key"]: declared.get(field["key"], READ) for field in fields_of(document)}


def initiator_fills(document: dict) -> set[str]:
    """The fields the initiator fills in when starting a case."""
    return {key for key, permission in permissions_at(document, None, "start").items() if permission == EDIT}


def pickable(organisation):
    """Who and what a person or organisation field may name: the people and organisations of the case's county."""
    from accounts.models import Organisation
    from accounts.selectors import people_within

    root = type(organisation).objects.get(path=organisation.path[: organisation.steplen])
    return people_within(root), Organisation.objects.filter(path__startswith=root.path)


def checked(document: dict, payload: dict, *, organisation, today, keys=None) -> dict:
    """The stored values of ``payload`` for the fields ``keys`` (all by default), or a refusal naming each field."""
    from forms.designed import api_values

    fields = [f for f in fields_of(document) if keys is None or f["key"] in keys]
    people, organisations = pickable(organisation)
    return api_values(fields, payload, people=people, organisations=organisations, today=today)


def changed_values(ctx, node: dict, kind: str) -> tuple[dict, dict]:
    """The case's values with what this step edits, and the changes ({key: [before, after]})."""
    case = ctx.case
    document = case.definition_version.document
    allowed = {key for key, permission in permissions_at(document, node, kind).items() if permission == EDIT}
    unknown = sorted(set(ctx.data["values"]) - allowed)
    if unknown:
        raise ApplicationError(
            "field_not_editable", _("This step may not change these fields."), fields={key: ["-"] for key in unknown}
        )
    if not allowed:
        return case.values, {}
    payload = {key: case.values.get(key) for key in allowed} | ctx.data["values"]
    new = checked(document, payload, organisation=case.organisation, today=ctx.today, keys=allowed)
    values = {**case.values, **new}
    changes = {key: [case.values.get(key), value] for key, value in new.items() if case.values.get(key) != value}
    return values, changes
