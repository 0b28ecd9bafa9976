from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from core.dates import business_today
from workflows.inbox import open_tasks_for
from workflows.party.progress import action_for_node


def _row(task, today: str) -> dict:
    case = task.process.partycase
    action = action_for_node(case, task.flow_task.name)
    due = (task.data or {}).get("due")
    return {
        "title": task.flow_task.task_title,
        "person": case.person.real_name,
        "organisation": case.branch.name,
        "due": due,
        "overdue": bool(due and due < today),
        "earliest": (task.data or {}).get("earliest"),
        "url": reverse("party-case-action", args=[case.pk, action]),
        "case_url": reverse("party-case", args=[case.pk]),
        "since": task.created,
    }


@login_required
def my_tasks(request):
    """待办: the steps waiting for me, oldest first."""
    page = Paginator(open_tasks_for(request.user), 30).get_page(request.GET.get("page"))
    today = business_today().isoformat()
    rows = [_row(task, today) for task in page.object_list]
    return render(request, "workflows/tasks.html", {"page": page, "rows": rows})
