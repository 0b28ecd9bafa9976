"""The pages of designed cases besides the kit's case page: choose a process to start (发起审批), start one (its form,
the people the initiator chooses, where it is started), and act on a step (同意/拒绝/退回 or 办理, with the fields
this node may edit). Each sends what the API would send to the kit's engine."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from accounts.pickers import PeopleCheckboxes, PickerSelect, person_options
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from designer import walking
from designer.access import definition_for_user
from designer.models import DesignedCase
from designer.selectors import published, start_places, startable_definitions
from designer.starting import chosen_nodes
from designer.values import EDIT, initiator_fills, permissions_at, pickable
from forms.designed import fill_attachments, form_class, stored_values
from forms.services import attachment_create
from workflows.access import OPEN, delegators_of
from workflows.kit.access import case_for_user
from workflows.kit.engine import run_action, start_case
from workflows.kit.registry import PROCESS_TYPES
from workflows.models import ApprovalSlot

WORDS = {"approve": gettext_lazy("Approve"), "handle": gettext_lazy("Done"), "reject": gettext_lazy("Reject")}
WORDS |= {"send_back": gettext_lazy("Return"), "resubmit": gettext_lazy("Submit again")}


def _store(user):
    return lambda upload: attachment_create(uploaded_by=user, upload=upload).pk


def _people_choices(queryset) -> list:
    return [(person.pk, person.real_name) for person in queryset[:500]]


@login_required
def start_list(request, process: str = "designed"):
    """The processes the person may start, by category."""
    groups: dict[str, list] = {}
    for definition in startable_definitions(request.user, business_today()):
        groups.setdefault(definition.category or _("Other"), []).append(definition)
    return render(request, "designer/start_list.html", {"groups": sorted(groups.items())})


@login_required
def start_page(request, pk: int):
    definition = definition_for_user(request.user, pk, design=False)
    day = business_today()
    places = start_places(request.user, definition, day)
    version = published(definition)
    if not places or version is None or not definition.enabled:
        raise Http404
    document = version.document
    fields = document.get("form", {}).get("fields", [])
    people, organisations = pickable(places[0])
    fills = initiator_fills(document)
    shown = [field for field in fields if field["key"] in fills or field["type"] == "explanation"]
    base = form_class(shown, people=people, organisations=organisations, today=day)
    extra: dict[str, forms.Field] = {}
    if len(places) > 1:
        extra["organisation"] = forms.TypedChoiceField(
            label=_("Started in"), choices=[(o.pk, o.name) for o in places], coerce=int
        )
    from designer.approvers import candidates_for

    for node in chosen_nodes(document.get("nodes", [])):
        who = node["who"]
        choices = _people_choices(candidates_for(who, initiator=request.user, organisation=places[0], day=day))
        field_class = forms.TypedMultipleChoiceField if who.get("multiple") else forms.TypedChoiceField
        field = field_class(label=_("Who acts at “%(node)s”") % {"node": node["name"]}, choices=choices, coerce=int)
        field.required = not who.get("default")
        options = person_options(choices, day=day)
        field.widget = (
            PickerSelect("person", options, blank="") if not who.get("multiple") else PeopleCheckboxes(options)
        )
        extra[f"chosen__{node['id']}"] = field
    form_type = type("StartForm", (base,), extra)
    form = form_type(request.POST or None, request.FILES or None)
    context = {"definition": definition, "form": form, "version": version}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = fill_attachments(stored_values(shown, data), shown, data, _store(request.user))
        chosen = {
            key.removeprefix("chosen__"): value if isinstance(value, list) else ([value] if value else [])
            for key, value in data.items()
            if key.startswith("chosen__")
        }
        payload = {"definition": definition.pk, "values": values, "chosen": chosen}
        if "organisation" in data:
            payload["organisation"] = data["organisation"]
        try:
            result = start_case(process="designed", actor=request.user, payload=payload, **request_facts(request))
        except ApplicationError as error:
            _place(form, error)
            context["error"] = error
        else:
            messages.success(request, _("Started: %(name)s.") % {"name": definition.name})
            return redirect("designed-case", result.case.pk)
    return render(request, "designer/start.html", context, status=422 if request.method == "POST" else 200)


def _place(form, error: ApplicationError) -> None:
    placed = False
    for key, messages_ in (error.fields or {}).items():
        target = key if key in form.fields else f"chosen__{key}" if f"chosen__{key}" in form.fields else None
        if target and isinstance(messages_, list):
            form.add_error(target, [str(m) for m in messages_ if isinstance(m, str)] or str(error.message))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


def my_step(case: DesignedCase, user, task_id=None) -> Task | None:
    """The open step of the case where it is the person's turn (or the turn of someone they stand in for)."""
    people = [user.pk, *delegators_of(user)]
    slots = ApprovalSlot.objects.filter(
        approval__task__process_id=case.pk,
        approval__task__status__in=OPEN,
        status=ApprovalSlot.Status.ACTIVE,
        user_id__in=people,
    ).select_related("approval__task")
    tasks = [slot.approval.task for slot in slots]
    if task_id is not None:
        tasks = [task for task in tasks if str(task.pk) == str(task_id)]
    return tasks[0] if tasks else None


def offered_here(case: DesignedCase, user) -> list[str]:
    """Pages.available: the decisions of the person's step (by its node's kind), and 撤回 for the initiator."""
    from designer.definition import walk

    codes: list[str] = []
    task = my_step(case, user)
    if task is not None and case.stage in ("RUNNING", "RETURNED"):
        kind = (task.data or {}).get("kind")
        if kind == "approval":
            codes = ["approve", "reject"]
            node = walking.node_named(case.definition_version.document, task.data["node"]) or {}
            if node.get("return", "initiator") != "none":
                codes.append("send_back")
        else:
            codes = ["handle"]
    document = case.definition_version.document
    if (
        case.initiator_id == user.pk
        and case.stage in ("RUNNING", "RETURNED")
        and walk.may_withdraw(document, case.walk)
    ):
        codes.append("withdraw")
    return codes


@login_required
def step_page(request, pk: int, action: str, process: str = "designed"):
    from designer.definition import walk

    kind = PROCESS_TYPES["designed"]
    case = case_for_user(kind, request.user, pk)
    code = action
    if code not in ("approve", "handle", "reject", "send_back", "withdraw"):
        raise Http404
    task = my_step(case, request.user, request.GET.get("task") or request.POST.get("task"))
    if (task is None and code != "withdraw") or (code == "withdraw" and code not in offered_here(case, request.user)):
        raise PermissionDenied
    document = case.definition_version.document
    fields = document.get("form", {}).get("fields", [])
    step_kind = (task.data or {}).get("kind", "") if task else ""
    node = walking.node_named(document, task.data["node"]) if task else None
    extra: dict[str, forms.Field] = {}
    base: type[forms.Form] = forms.Form
    editable: list[dict] = []
    if code in ("approve", "handle"):
        permissions = permissions_at(document, node, step_kind)
        editable = [f for f in fields if permissions.get(f["key"]) == EDIT]
        people, organisations = pickable(case.organisation)
        base = form_class(
            fields, permissions=permissions, people=people, organisations=organisations, initial=case.values
        )
        if node and node.get("choose_next"):
            from designer.approvers import candidates_for

            choices = _people_choices(
                candidates_for({}, initiator=case.initiator, organisation=case.organisation, day=business_today())
            )
            extra["next_people"] = forms.TypedMultipleChoiceField(
                label=_("Who acts at the next step"),
                choices=choices,
                coerce=int,
                widget=PeopleCheckboxes(person_options(choices)),
            )
        extra["comment"] = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    elif code == "send_back":
        targets = walk.return_targets(document, case.walk, task.data["node"])
        names = {"initiator": _("The initiator (to edit and submit again)")}
        choices = [(t, names.get(t) or (walking.node_named(document, t) or {}).get("name", "")) for t in targets]
        extra["to"] = forms.ChoiceField(label=_("Return to"), choices=choices)
        extra["reason"] = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    else:
        extra["reason"] = forms.CharField(
            label=_("Reason"), required=code == "reject", widget=forms.Textarea(attrs={"rows": 3})
        )
    form = type("StepForm", (base,), extra)(request.POST or None, request.FILES or None)
    label = WORDS.get(code, _("Withdraw"))
    if code in ("approve", "handle") and step_kind in ("handling", "resubmit"):
        label = WORDS["resubmit"] if step_kind == "resubmit" else WORDS["handle"]
    context = {"case": case, "form": form, "label": label, "node": node, "task": task, "code": code}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        payload: dict = {"task": task.pk} if task else {}
        if code in ("approve", "handle"):
            values = fill_attachments(stored_values(editable, data), editable, data, _store(request.user))
            payload |= {
                "values": values,
                "comment": data.get("comment", ""),
                "next_people": data.get("next_people", []),
            }
        else:
            payload |= {k: data[k] for k in ("to", "reason") if k in data}
        try:
            run_action(
                process=kind, case_id=case.pk, code=code, actor=request.user, payload=payload, **request_facts(request)
            )
        except ApplicationError as error:
            _place(form, error)
            context["error"] = error
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            return redirect("designed-case", case.pk)
    return render(request, "designer/step.html", context, status=422 if request.method == "POST" else 200)
