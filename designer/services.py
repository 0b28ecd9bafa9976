"""Writes of designed processes: a definition created, its draft edited, published as the next version (frozen: its
form becomes a forms.FormDefinition version), disabled or enabled, imported from JSON, copied from a shared one.
Each is audited in the same transaction (process "admin", on the definition's owner organisation)."""

import copy

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from designer.models import Definition, DefinitionVersion
from designer.selectors import draft_of, published
from forms.models import FormDefinition

EMPTY_DOCUMENT = {"format": 1, "form": {"fields": []}, "nodes": [], "settings": {"withdraw": True}}
DEFINITION_FIELDS = ("name", "category", "icon", "description", "starters", "shared")


def _audit(action: str, definition: Definition, actor, **data) -> None:
    audit_record(
        process="admin",
        action=action,
        actor=actor,
        organisation=definition.owner,
        business_date=business_today(),
        data={"definition": definition.pk, "code": definition.code, "name": definition.name, **data},
    )


def problems_of(document: dict, *, people_for=None) -> list:
    from designer.definition.validate import problems

    return problems(document, people_for=people_for)


def outside_owner(document: dict, owner) -> list:
    """Problems for the people and organisations a document names outside the owner's subtree: a definition sends its
    cases only to people of its own organisations (who is asked or copied sees the case)."""
    from accounts.models import Membership, Organisation
    from designer.definition.problems import Problem
    from designer.naming import named_in

    people, places = named_in(document)
    inside_people = set(
        Membership.objects.filter(user_id__in=people, organisation__path__startswith=owner.path).values_list(
            "user_id", flat=True
        )
    )
    inside_places = set(
        Organisation.objects.filter(pk__in=places, path__startswith=owner.path).values_list("pk", flat=True)
    )
    found = []
    if people - inside_people:
        message = _("The process names people outside the organisations it belongs to.")
        found.append(Problem("named_outside_owner", str(message), None, None))
    if places - inside_places:
        message = _("The process names organisations outside the organisations it belongs to.")
        found.append(Problem("named_outside_owner", str(message), None, None))
    return found


def _refuse_if_invalid(document: dict, owner) -> None:
    errors = [p for p in problems_of(document) + outside_owner(document, owner) if p.level == "error"]
    if errors:
        raise ApplicationError(
            "definition_invalid",
            _("The process has problems to fix before it is published."),
            fields={"problems": [p.as_dict() for p in errors]},
        )


def starters_check(owner, starters) -> list[dict]:
    """Who may start a definition: each rule a role code (or "" for any) held in an organisation of the owner's
    subtree; anything else is refused (``starters_invalid``), naming the rule."""
    from accounts.models import Organisation
    from accounts.roles import Role

    rules, bad = [], []
    for place, rule in enumerate(starters or []):
        role, organisation = (rule or {}).get("role", ""), (rule or {}).get("organisation")
        inside = (
            isinstance(organisation, int)
            and Organisation.objects.filter(pk=organisation, path__startswith=owner.path).exists()
        )
        if (role and role not in Role.values) or not inside:
            bad.append(str(place))
        else:
            rules.append({"role": role, "organisation": organisation})
    if bad:
        raise ApplicationError(
            "starters_invalid",
            _("Who may start it: a role and an organisation within the owner's."),
            fields={"starters": bad},
        )
    return rules


@transaction.atomic
def definition_create(*, actor, owner, code: str, name: str, document: dict | None = None, **fields) -> Definition:
    if Definition.objects.filter(code=code).exists():
        raise ApplicationError("definition_code_taken", _("This code is already used."), fields={"code": [code]})
    if "starters" in fields:
        fields["starters"] = starters_check(owner, fields["starters"])
    definition = Definition(owner=owner, code=code, name=name, created_by=actor, **fields)
    definition.full_clean()
    definition.save()
    DefinitionVersion.objects.create(
        definition=definition, document=copy.deepcopy(document or EMPTY_DOCUMENT), edited_by=actor
    )
    _audit("definition_create", definition, actor)
    return definition


@transaction.atomic
def definition_update(*, actor, definition: Definition, **fields) -> Definition:
    """The definition's own facts (name, category, icon, who may start it, shared); its versions are unchanged."""
    definition = Definition.objects.select_for_update().select_related("owner").get(pk=definition.pk)
    if "starters" in fields:
        fields = {**fields, "starters": starters_check(definition.owner, fields["starters"])}
    changed = {}
    for name in DEFINITION_FIELDS:
        if name in fields and getattr(definition, name) != fields[name]:
            changed[name] = fields[name]
            setattr(definition, name, fields[name])
    if changed:
        definition.full_clean()
        definition.save(update_fields=list(changed))
        _audit("definition_update", definition, actor, changed=changed)
    return definition


@transaction.atomic
def draft_save(*, actor, definition: Definition, document: dict) -> DefinitionVersion:
    """The draft takes the document (kept even with problems: the designer page shows them); a definition whose draft
    was published gets a new draft."""
    Definition.objects.select_for_update().filter(pk=definition.pk).first()
    draft = draft_of(definition)
    if draft is None:
        draft = DefinitionVersion(definition=definition)
    if draft.document == document and draft.pk:
        return draft
    draft.document, draft.edited_by = document, actor
    draft.save()
    _audit("definition_edit", definition, actor)
    return draft


@transaction.atomic
def definition_publish(*, actor, definition: Definition) -> DefinitionVersion:
    """The draft becomes the next version, frozen, with its form as the next forms.FormDefinition version; running
    cases keep the version they started with."""
    definition = Definition.objects.select_for_update().select_related("owner").get(pk=definition.pk)
    draft = draft_of(definition)
    if draft is None:
        raise ApplicationError("draft_missing", _("There is no draft to publish."))
    _refuse_if_invalid(draft.document, definition.owner)
    latest = published(definition)
    number = (latest.number if latest else 0) + 1
    if latest is not None and latest.document == draft.document:
        raise ApplicationError("draft_unchanged", _("The draft is the same as the published version."))
    fields = [{"name": f["key"], **f} for f in draft.document.get("form", {}).get("fields", [])]
    draft.form = FormDefinition.objects.create(
        code=f"designer-{definition.code}", version=number, title=definition.name, fields=fields
    )
    draft.number, draft.published_at, draft.edited_by = number, timezone.now(), actor
    draft.save()
    DefinitionVersion.objects.create(definition=definition, document=copy.deepcopy(draft.document), edited_by=actor)
    _audit("definition_publish", definition, actor, version=number)
    return draft


@transaction.atomic
def definition_enable(*, actor, definition: Definition, enabled: bool) -> Definition:
    """Disabling stops new cases only; running cases go on."""
    definition = Definition.objects.select_for_update().get(pk=definition.pk)
    if definition.enabled != enabled:
        definition.enabled = enabled
        definition.save(update_fields=["enabled"])
        _audit("definition_enable" if enabled else "definition_disable", definition, actor)
    return definition


def exported(definition: Definition, version: DefinitionVersion) -> dict:
    """The definition and one version's document as JSON (import takes it back)."""
    return {
        "stepwise": "process-definition",
        "code": definition.code,
        "name": definition.name,
        "category": definition.category,
        "icon": definition.icon,
        "description": definition.description,
        "version": version.number,
        "document": version.document,
    }


@transaction.atomic
def definition_import(*, actor, owner, payload: dict, code: str | None = None) -> Definition:
    """A definition from an export: created with the document as its draft (to be checked and published)."""
    if payload.get("stepwise") != "process-definition" or not isinstance(payload.get("document"), dict):
        raise ApplicationError("import_invalid", _("This is not an exported process definition."))
    definition = definition_create(
        actor=actor,
        owner=owner,
        code=code or payload["code"],
        name=str(payload.get("name", ""))[:60],
        document=payload["document"],
        category=str(payload.get("category", ""))[:30],
        description=str(payload.get("description", ""))[:200],
    )
    _audit("definition_import", definition, actor)
    return definition
