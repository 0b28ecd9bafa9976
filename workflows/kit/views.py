"""The pages every process shares, mounted under each process's prefix by workflows.kit.urls: the list of cases, a
new case, the case page (what it is about, where it stands, what the viewer can do now, the steps' panel, its files
and history) and one step page per action (what the step needs, its form built from the action's input, 保存草稿,
the errors next to their fields). They refuse as the API does: 404 to whoever may not see the case or names no
action, 403 to an insider without the right (neither a form nor a draft); a refused action is shown on its form
(422) and changes nothing."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import organisation_filter
from audit.models import AuditEvent
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.drafts import DraftKey, draft_intent, draft_respond, initial_from
from forms.selectors import files_linked
from forms.services import attachment_create
from workflows.kit import versions
from workflows.kit.access import case_for_user
from workflows.kit.actions import Action
from workflows.kit.apis import creation
from workflows.kit.engine import may_attempt, open_task, run_action
from workflows.kit.registry import PROCESS_TYPES, ProcessType, api_of, pages_of
from workflows.kit.selectors import available_actions
from workflows.kit.web_forms import keeps_drafts, payload_from, place_errors, step_form
from workflows.labels import SHARED_ACTIONS
from workflows.models import Approval, ApprovalSlot
from workflows.slots import open_approval
from workflows.task_actions import case_actions_for, open_task_actions, steps_awaiting_others
from workflows.task_rules import open_human_tasks, people_of

FLAGGED = gettext_lazy("Recorded as unusual")  # a warning the process does not describe
ERROR_FIELDS = {"date_in_future": "date", "reason_required": "reason"}  # the engine's own refusals


def _kind(process: str) -> ProcessType:
    kind = PROCESS_TYPES.get(process)
    if kind is None or kind.pages is None:
        raise Http404
    return kind


def _case(kind: ProcessType, user, pk: int):
    return case_for_user(kind, user, pk, detail=True)


def offered(kind: ProcessType, case, user) -> list[str]:
    """The actions the person is offered on the case now: not those of a step its approvers decide, when the person
    is one of them and it is not their turn (they decided already, or wait for others first)."""
    codes = (pages_of(kind).available or partial(available_actions, kind))(case, user)
    waiting = steps_awaiting_others(user, kind.process_of(case))  # 加签: the people added decide first
    for node in {node for code in codes if (node := kind.actions[code].node) is not None}:
        task = open_task(kind, case, node)
        approval = open_approval(task) if task is not None else None
        if approval is not None:
            slots = list(approval.slots.filter(user_id__in=people_of(user)).values_list("status", flat=True))
            if slots and ApprovalSlot.Status.ACTIVE not in slots:
                waiting.add(node)
    return [code for code in codes if kind.actions[code].node not in waiting]


def _withdraws(action: Action) -> bool:
    """撤回, the shared word for taking a case back: an action's code, or the decision it takes on its step."""
    return action.code == "withdraw" or "withdraw" in action.decisions


def in_order_offered(kind: ProcessType, codes: list[str], process) -> tuple[list[str], str | None]:
    """(the offered actions in the order the case page shows them, the one it puts forward as primary): first the
    steps the person can do now, then their other actions; last, and never primary, a withdrawal and a step that
    may not be done yet (its earliest day, ``earliest`` in its task's data, is still to come: the engine would
    refuse it). None is primary when only those are left."""
    today = business_today().isoformat()
    blocked = {
        task.flow_task.name
        for task in open_human_tasks(process)
        if (task.data or {}).get("earliest") and task.data["earliest"] > today
    }

    def rank(code: str) -> int:
        action = kind.actions[code]
        if _withdraws(action) or action.node in blocked:
            return 2
        return 0 if action.node is not None else 1

    ordered = sorted(codes, key=rank)
    return ordered, next((code for code in ordered if rank(code) < 2), None)


def warning_label(kind: ProcessType, code: str) -> str:
    return str(pages_of(kind).warnings.get(code, FLAGGED))


@login_required
def list_page(request, process: str):
    kind = _kind(process)
    organisation = organisation_filter(request.user, request.GET.get("org"))
    cases = pages_of(kind).list_filter(api_of(kind).case_list(request.user), request.GET, organisation)
    context = {
        "kind": kind,
        "page": Paginator(cases, 30).get_page(request.GET.get("page")),
        "filters": request.GET.dict(),
        "organisation": organisation,
        "may_start": bool(pages_of(kind).start_name) and pages_of(kind).may_start(request.user),
    }
    return render(request, f"{kind.code}/list.html", context | pages_of(kind).list_context(request))


def _history(request, kind: ProcessType, case) -> list:
    """The case's audit events as the viewer may read them, each with its action, outcome and warnings in words
    and its files linked (预览 / 下载)."""
    history = pages_of(kind).history
    if history is not None:
        events = history(request, case)
    else:
        events = AuditEvent.objects.filter(process=kind.code, case_id=case.pk).select_related("actor").order_by("id")
        events = files_linked(events)
    for event in events:
        action = kind.actions.get(event.action)
        other = kind.action_label(event.action) or SHARED_ACTIONS.get(event.action, _("Started"))
        event.label = action.label if action else other
        event.state_label = pages_of(kind).state_label(event.to_state) if event.to_state else ""
        event.warning_labels = sorted({warning_label(kind, code) for code in event.warnings or []})
    return events


def _files(events) -> list:
    """Every file the case's trail names, once, newest first."""
    seen, files = set(), []
    for event in reversed(events):
        for file in event.attachments or []:
            if (file.get("id") or file.get("sha256")) not in seen:
                seen.add(file.get("id") or file.get("sha256"))
                files.append(file)
    return files


def _withdrawal(action) -> bool:
    return action.code == "withdraw" or action.decision == "withdraw"


def case_context(request, kind: ProcessType, case) -> dict:
    pages = pages_of(kind)
    process = kind.process_of(case)  # its steps, comments, copies and reminders
    events = _history(request, kind, case)
    codes, primary = in_order_offered(kind, offered(kind, case, request.user), process)
    actions = [(code, kind.actions[code].label, kind.action_url(case, code)) for code in codes]
    context = {
        "kind": kind,
        "case": case,
        "title": pages.title(case),
        "state_label": pages.state_label(kind.state(case)),
        "list_url_name": pages.list_name,
        "actions": actions,
        "primary": primary,  # the one button in the primary style, on the page and the phone's action bar
        # The phone's action bar: the next things to do, never a withdrawal (a secondary action, on the page only).
        "quick_actions": [a for a in actions if not _withdrawal(kind.actions[a[0]])][:2],
        "events": events,
        "files": _files(events),
        "process_pk": process.pk,
        # Each open step's own actions (claim, transfer, approvers), read only if the page shows them: a process with
        # a step per part of the case leaves them to 待办 (evaluation).
        "task_actions": SimpleLazyObject(partial(open_task_actions, request.user, process)),
        "case_actions": case_actions_for(request.user, process),
        "today": business_today().isoformat(),
    }
    return context | _panels(kind, case) | pages.case_context(request, case, events)


def _panels(kind: ProcessType, case) -> dict:
    """The kit's own sections of a case page, for a process that has what they show: the case's form in versions
    (ProcessType.form_versions) and the approvers of its latest step decided by several people (``approvers``)."""
    panels: dict = {}
    if kind.form_versions is not None:
        panels["versions"] = versions.with_change_rows(versions.of(case), kind.form_versions)
    if kind.approvers:
        approval = Approval.objects.filter(task__process_id=kind.process_of(case).pk).order_by("-pk").first()
        panels["slots"] = list(approval.slots.select_related("user", "added_by")) if approval else []
    return panels


@login_required
def case_page(request, process: str, pk: int):
    kind = _kind(process)
    case = _case(kind, request.user, pk)
    return render(request, [f"{kind.code}/case.html", "kit/case.html"], case_context(request, kind, case))


def _alternatives(kind: ProcessType, spec: Action, case, user) -> list:
    """The other decisions the person may take on the same step (send back instead of confirm)."""
    if spec.node is None:
        return []
    codes = [code for code in offered(kind, case, user) if code != spec.code]
    same_step = [code for code in codes if kind.actions[code].node == spec.node]
    return [(code, kind.actions[code].label, kind.action_url(case, code)) for code in same_step]


def _form_page(request, kind: ProcessType, spec: Action, case, run, *, target=None, keys=None, context, templates):
    """A form built from ``spec``'s input: shown (with the viewer's draft), kept as a draft, or sent to ``run``
    (payload -> Result); on success back to the case with what happened and its warnings in words."""
    keys = keys or {}
    day = business_today()
    form_for = partial(step_form, kind, spec, case, request.user, day, target=target, keys=keys)
    draft_key = DraftKey(
        kind.code, case.pk if case else 0, ":".join([spec.code, *(f"{k}={v}" for k, v in keys.items())])
    )
    blank = form_for()
    if draft_intent(request):
        back = f"{request.path}?{urlencode(keys)}" if keys else request.path
        return draft_respond(request, draft_key, blank.fields, back)
    context |= {"kind": kind, "case": case, "action": spec, "target": target, "keys": keys, "today": day.isoformat()}
    context["drafts"] = keeps_drafts(blank)
    if request.method != "POST":
        draft = draft_key.of(request.user) if context["drafts"] else None
        if draft is not None:
            blank = form_for(draft=initial_from(blank.fields, draft.data))
        context |= {"form": blank, "draft": draft, "help": pages_of(kind).guide(blank)}
        return render(request, templates, context)
    form = form_for(data=request.POST, files=request.FILES)
    if form.is_valid():
        store = partial(_store, request.user)
        try:
            result = run(pages_of(kind).payload(form.plan, form.cleaned_data, keys | payload_from(form, store)))
        except ApplicationError as error:
            place_errors(form, error, ERROR_FIELDS | dict(pages_of(kind).error_fields))
            context["error"] = error  # whatever the API would answer (404 for a person not found, 409…): the form
        else:
            draft_key.discard(request.user)
            done = pages_of(kind).done(spec, result, request.user)
            messages.success(request, done or done_message(kind, spec, result))
            for code in result.warnings:
                messages.warning(request, warning_label(kind, code))
            return redirect(kind.case_url(result.case))
    context |= {"form": form, "help": pages_of(kind).guide(form)}
    return render(request, templates, context, status=422)


def done_message(kind: ProcessType, spec: Action, result) -> str:
    """What happened, for the message after an action the process says nothing of its own about: the action, and
    where the case stands now when the process names its states."""
    state = pages_of(kind).state_label(kind.state(result.case)) if kind.target is None else ""
    if state:
        return _("Done: %(action)s. The case is now: %(state)s.") % {"action": spec.label, "state": state}
    return _("Done: %(action)s.") % {"action": spec.label}


def _store(user, upload) -> int:
    return attachment_create(uploaded_by=user, upload=upload).pk


@login_required
def step_page(request, process: str, pk: int, action: str):
    kind = _kind(process)
    case = _case(kind, request.user, pk)
    spec, pages = kind.actions.get(action), pages_of(kind)
    if spec is None:
        raise Http404
    if not may_attempt(kind, spec, case, request.user):  # nor a form, nor a draft, for who may not run it
        raise PermissionDenied
    target, keys = pages.target(case, spec, request.POST or request.GET) if pages.target else (None, {})
    if target is not None and not may_attempt(kind, spec, case, request.user, target):  # nor on this part of it
        raise PermissionDenied

    def run(payload):
        facts = request_facts(request)
        return run_action(process=kind, case_id=case.pk, code=action, actor=request.user, payload=payload, **facts)

    context = {
        "title": pages.title(case),
        "back_url": kind.case_url(case),
        "back_label": pages.title(case),
        "alternatives": _alternatives(kind, spec, case, request.user),
    }
    templates = [f"{kind.code}/step.html", "kit/step.html"]
    return _form_page(request, kind, spec, case, run, target=target, keys=keys, context=context, templates=templates)


@login_required
def start_page(request, process: str):
    """A new case: the form of the process's create input (the API's), as the step of an action named "new"."""
    kind = _kind(process)
    pages = pages_of(kind)
    if not pages.may_start(request.user):
        raise PermissionDenied  # nor a form, nor a draft
    label = pages.start_label(request.user) if callable(pages.start_label) else pages.start_label
    create_input, create = creation(kind)
    spec = Action(code="new", label=label, input=create_input, handler=create)
    keys = pages.start_keys(request.POST or request.GET)

    def run(payload):
        return create(actor=request.user, payload=payload, **request_facts(request))

    back = reverse(pages.list_name) if pages.list_name else reverse("home")
    context = {"title": label, "back_url": back, "back_label": kind.label} | pages.list_context(request)
    templates = [f"{kind.code}/new.html", "kit/step.html"]
    return _form_page(request, kind, spec, None, run, keys=keys, context=context, templates=templates)
