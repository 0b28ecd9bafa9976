"""Starting a designed case (the kit engine's start): from the definition's latest published version, in one of the
initiator's organisations the definition admits, with the form's values checked, the people the initiator chose
(发起人自选) checked against each node's scope, and the path checked before anything is kept: a node that must find
someone (审批人为空: refuse) and finds nobody refuses the start, naming the node."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.exceptions import ApplicationError
from designer import walking
from designer.models import Definition, Stage
from designer.selectors import published, start_places
from designer.values import checked, initiator_fills
from forms.access import own_attachments_only
from forms.models import Attachment
from workflows.kit.actions import Action, Context


class StartInput(serializers.Serializer):
    definition = serializers.IntegerField()
    organisation = serializers.IntegerField(required=False)  # where it is started, when the initiator has several
    values = serializers.DictField(required=False, default=dict)
    chosen = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()), required=False, default=dict
    )


def chosen_nodes(nodes: list) -> list[dict]:
    """The nodes (at any depth) whose people the initiator chooses."""
    found = []
    for node in nodes:
        if (node.get("who") or {}).get("source") == "chosen":
            found.append(node)
        for branch in node.get("branches", []):
            found.extend(chosen_nodes(branch.get("nodes", [])))
    return found


def _picks(document: dict, asked: dict, *, initiator, organisation, day) -> dict[str, list[int]]:
    from designer.approvers import eligible_choice

    picks = {}
    for node in chosen_nodes(document.get("nodes", [])):
        who = node["who"]
        people = [int(pk) for pk in asked.get(node["id"], [])] or list(who.get("default", []))
        if not who.get("multiple") and len(people) > 1:
            raise ApplicationError(
                "chosen_too_many", _("Choose one person."), fields={node["id"]: [str(_("One only."))]}
            )
        if people and not eligible_choice(who, people, initiator=initiator, organisation=organisation, day=day):
            message = _("Choose people within the scope this step allows.")
            raise ApplicationError("chosen_not_eligible", message, fields={node["id"]: [str(message)]})
        picks[node["id"]] = people
    return picks


def _attachments(document: dict, values: dict) -> list[Attachment]:
    ids = [
        pk
        for field in document.get("form", {}).get("fields", [])
        if field["type"] == "attachments"
        for pk in values.get(field["key"]) or []
    ]
    found = list(Attachment.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ApplicationError("attachment_unknown", _("Attach only files you uploaded yourself."))
    return found


def start(ctx: Context) -> None:
    from designer.definition import walk

    data, actor = ctx.data, ctx.actor
    definition = Definition.objects.select_related("owner").filter(pk=data["definition"]).first()
    places = start_places(actor, definition, ctx.today) if definition is not None else []
    if not places:
        raise ApplicationError("definition_unknown", _("There is no such process you may start."), status=404)
    if not definition.enabled:
        raise ApplicationError("definition_disabled", _("This process is closed for new cases."))
    version = published(definition)
    if version is None:
        raise ApplicationError("definition_unpublished", _("This process has not been published yet."))
    organisation = (
        next((o for o in places if o.pk == data.get("organisation")), None) if data.get("organisation") else places[0]
    )
    if organisation is None:
        raise PermissionDenied
    document = version.document
    values = checked(
        document, data["values"], organisation=organisation, today=ctx.today, keys=initiator_fills(document)
    )
    attachments = _attachments(document, values)
    own_attachments_only(actor=actor, data={"files": attachments})
    picks = _picks(document, data["chosen"], initiator=actor, organisation=organisation, day=ctx.today)
    walker = walking.walker_for(
        document=document,
        definition=definition,
        initiator=actor,
        organisation=organisation,
        values=values,
        day=ctx.today,
    )
    try:
        step = walk.start(document, walker.facts, walker.resolve, chosen=picks)
    except walk.Refused as refused:
        node = walking.node_named(document, refused.node) or {}
        raise ApplicationError(
            refused.code, _("Nobody can act at “%(node)s”: the case cannot start.") % {"node": node.get("name", "")}
        ) from refused
    case = ctx.case
    case.definition, case.definition_version, case.initiator, case.organisation = (
        definition,
        version,
        actor,
        organisation,
    )
    case.title = f"{definition.name} · {actor.real_name}"
    case.values, case.stage = values, Stage.RUNNING
    walking.take(case, step)
    ctx.saved()
    walking.tell_passed(ctx.case, step, actor=actor)
    ctx.attachments = attachments  # the audit event records their facts (sha256, name, …)
    ctx.record = {
        "definition": definition.pk,
        "version": version.number,
        "values": values,
        "chosen": picks,
        "passed": walking.passed_rows(step),
    }


START = Action(code="start", label=_("Start"), input=StartInput, handler=start, appointed="STARTER")
