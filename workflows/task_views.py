"""The step's own page and the task actions every page posts (认领, 释放, 转交, 加签, 同意 / 不同意, 退回, 撤回),
and the delegation page (委托). Thin: the access helper, one service, a redirect back with a message; bad input
re-renders the step's page with the error next to its field (422)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from workflows import approvals, services
from workflows.access import task_for_user
from workflows.delegations import current_delegation, delegations_of, substitute_candidates
from workflows.kit.registry import process_type_of
from workflows.labels import step_title
from workflows.task_actions import case_actions_for, task_actions_for
from workflows.task_rules import open_human_tasks
from workflows.views import _refused, _same_site

# What happened, as the message after the action says it: the step (its title and whom the case is about) and the
# facts its handler returns (to whom it was handed, where it was sent back to).
DONE = {
    "claim": gettext_lazy("Taken: %(step)s."),
    "unclaim": gettext_lazy("Released: %(step)s. It is back in its queue."),
    "transfer": gettext_lazy("Handed over to %(person)s: %(step)s."),
    "add_approver": gettext_lazy("Added %(person)s to decide on %(step)s."),
    "approve": gettext_lazy("Approved: %(step)s."),
    "reject": gettext_lazy("Rejected: %(step)s."),
    "return": gettext_lazy("Sent back to %(target)s: %(step)s."),
    "withdraw": gettext_lazy("Withdrawn: %(step)s."),
}
# Refusals that name no field but are about one of the form's inputs.
CODE_FIELDS = {"return_target_invalid": "to_step", "reason_required": "reason", "add_position_unknown": "where"}


def _person(request, name: str) -> User:
    value = request.POST.get(name, "")
    person = User.objects.filter(pk=value).first() if value.isdigit() else None
    if person is None:
        message = _("Choose a person from the list.")
        raise ApplicationError("person_required", message, fields={name: [message]})
    return person


def _claim(request, task):
    services.task_claim(task=task, user=request.user)


def _unclaim(request, task):
    services.task_unclaim(task=task, user=request.user)


def _transfer(request, task):
    person = _person(request, "to_user_id")
    services.task_transfer(task=task, user=request.user, to_user=person, reason=request.POST.get("reason", ""))
    return {"person": person.real_name}


def _add(request, task):
    person = _person(request, "user_id")
    approvals.approval_add(task=task, user=request.user, new_user=person, where=request.POST.get("where", ""))
    return {"person": person.real_name}


def _decision(decision: str):
    def decide(request, task):
        payload = {"decision": decision, "comment": request.POST.get("comment", "")}
        services.task_complete(task=task, user=request.user, payload=payload, **request_facts(request))

    return decide


def _return(request, task):
    to_step, reason = request.POST.get("to_step", ""), request.POST.get("reason", "")
    services.task_return(task=task, user=request.user, to_step=to_step, reason=reason, **request_facts(request))
    reopened = open_human_tasks(task.process_id).order_by("pk")
    return {"target": "、".join(step_title(t) for t in reopened)}  # where the case waits now


def _withdraw(request, task):
    services.task_withdraw(task=task, user=request.user, **request_facts(request))


HANDLERS = {
    "claim": _claim,
    "unclaim": _unclaim,
    "transfer": _transfer,
    "add_approver": _add,
    "approve": _decision("approve"),
    "reject": _decision("reject"),
    "return": _return,
    "withdraw": _withdraw,
}


def _step_name(task) -> str:
    """The step as the inbox names it: its title · whom (or what) the case is about."""
    process_type = process_type_of(task.process)
    subject, _organisation, _stage = process_type.describe(process_type.case_of(task.process))
    return f"{step_title(task)} · {subject}"


def _page_context(request, task) -> dict:
    process_type = process_type_of(task.process)
    case = process_type.case_of(task.process)
    subject, organisation, stage = process_type.describe(case)
    return {
        "task": task,
        "step_title": step_title(task),
        "process_label": process_type.label,
        "subject": subject,
        "organisation": organisation,
        "stage": stage,
        "case_url": process_type.case_url(case),
        "process_code": process_type.code,
        "case_pk": task.process_id,
        "task_actions": [task_actions_for(request.user, task, with_form_link=True)],
        "case_actions": case_actions_for(request.user, task.process),
    }


@login_required
def task_page(request, pk: int):
    """The step: where it stands, who decides it, and what the person can do on it now."""
    task = task_for_user(request.user, pk)
    return render(request, "workflows/task.html", _page_context(request, task))


@login_required
@require_POST
def task_action(request, pk: int, action: str):
    task = task_for_user(request.user, pk)
    handler = HANDLERS.get(action)
    if handler is None:
        raise Http404
    back = _same_site(request, request.POST.get("next"))
    step = _step_name(task)  # read before the action: a withdrawal or a return changes what the case is
    try:
        facts = handler(request, task) or {}
    except ApplicationError as error:
        if error.status_code in (403, 429):
            return _refused(request, error)
        if error.status_code == 409:  # the step moved on meanwhile: nothing to correct, show where it stands now
            messages.error(request, str(error.message))
            return HttpResponseRedirect(back or reverse("my-tasks"))
        fields = {key: [str(m) for m in problems] for key, problems in (error.fields or {}).items()}
        if not fields and error.code in CODE_FIELDS:
            fields[CODE_FIELDS[error.code]] = [str(error.message)]
        context = _page_context(request, task_for_user(request.user, pk))
        context |= {"error": error, "failed": action, "failed_task": task.pk, "errors": fields, "posted": request.POST}
        return render(request, "workflows/task.html", context, status=422)
    messages.success(request, DONE[action] % {"step": step, **facts})
    return HttpResponseRedirect(back or reverse("my-tasks"))  # never redirect()'s view-name lookup


def _delegation_context(request) -> dict:
    today = business_today()
    return {
        "delegations": list(delegations_of(request.user)[:30]),
        "current": current_delegation(request.user, today),
        "candidates": substitute_candidates(request.user, today),
        "today": today,
        "values": {"starts_on": today.isoformat(), "ends_on": ""},
    }


def _date(request, name: str, label) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.POST.get(name, ""))
    except ValueError:
        message = _("Give the %(day)s as a date.") % {"day": label}
        raise ApplicationError("date_invalid", message, fields={name: [message]}) from None


@login_required
def delegation_page(request):
    """委托: who stands in for me while I am away (one delegation at a time, with its first and last day)."""
    if request.method != "POST":
        return render(request, "workflows/delegation.html", _delegation_context(request))
    try:
        substitute = _person(request, "substitute_id")
        starts_on = _date(request, "starts_on", _("first day"))
        ends_on = _date(request, "ends_on", _("last day"))
        services.delegation_set(user=request.user, substitute=substitute, starts_on=starts_on, ends_on=ends_on)
    except ApplicationError as error:
        context = _delegation_context(request) | {
            "error": error,
            "errors": {key: [str(m) for m in problems] for key, problems in (error.fields or {}).items()},
            "values": request.POST,
        }
        return render(request, "workflows/delegation.html", context, status=422)
    messages.success(request, _("Your substitute has been set."))
    return redirect("tasks-delegation")


@login_required
@require_POST
def delegation_end(request):
    if current_delegation(request.user) is None:
        messages.error(request, _("You have no delegation to end."))
    else:
        services.delegation_set(user=request.user, substitute=None)
        messages.success(request, _("Your delegation has ended."))
    return redirect("tasks-delegation")
