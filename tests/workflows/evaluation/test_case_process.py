"""An evaluation case and its viewflow process (issue 16 item 2): cases opened before their steps were tasks get them
from migration evaluation 0004; comments, copies and reminders go to the case's own trail; files its trail names
open for whoever sees that very case (the process's key is not the case's)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from forms.services import attachment_create
from tests.clients import page
from tests.workflows.evaluation.conftest import (
    ON_TIME,
    act,
    file_year,
    open_year,
    routine,
    score_items,
    self_evaluate_routine,
)
from workflows.evaluation.flows import EvaluationFlow
from workflows.evaluation.models import EvaluationProcess, Track
from workflows.evaluation.open_steps import identity

pytestmark = pytest.mark.django_db

BEFORE, AFTER = ("evaluation", "0003_evaluation_process"), ("evaluation", "0004_open_steps_of_existing_cases")


def open_steps(case) -> list[tuple]:
    tasks = Task.objects.filter(process__evaluationprocess__case=case, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    return sorted(
        (
            *identity(t.flow_task.name, t.data),
            t.owner_id,
            t.owner_permission,
            t.owner_permission_obj_pk,
            t.data.get("due"),
        )
        for t in tasks
    )


def test_a_case_opened_before_its_steps_were_tasks_gets_its_process_and_open_steps(yuhuan):
    o = yuhuan
    case = open_year(o, o.fusion)
    self_evaluate_routine(o, case, o.fusion_core, 1, 80)  # the bureau's term evaluation waits, the rest the schools'
    expected = open_steps(case)
    Process.objects.filter(pk=case.process.pk).delete()  # as before migration 0003: a case without a process
    assert not EvaluationProcess.objects.filter(case=case).exists()

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    executor.loader.build_graph()
    executor.migrate([AFTER])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("evaluation"))  # and the later ones back (a scheme's columns)

    process = EvaluationProcess.objects.get(case=case)
    assert process.flow_class is EvaluationFlow and process.initiator_id == o.leading.pk
    assert open_steps(case) == expected and len(expected) == 6
    # Real viewflow steps: the bureau completes its own, and the flow opens the next.
    payload = {"routine_id": routine(case, o.fusion_core, 1).pk, "scores": score_items(case, Track.ROUTINE, 78)}
    act(case, "term_evaluate", o.basic_edu, payload, ON_TIME[1])
    done = Task.objects.get(process=process, flow_task=EvaluationFlow.term_evaluate)
    assert done.status == STATUS.DONE and done.owner_id == o.basic_edu.pk
    assert Task.objects.get(process=process, flow_task=EvaluationFlow.term_score, status=STATUS.NEW)


def test_comments_copies_and_reminders_are_in_the_cases_own_trail(yuhuan):
    o = yuhuan
    case = open_year(o, o.fusion)
    process = case.process
    html = page(o.leading).get(f"/evaluation/{case.pk}/").content.decode()
    for action in ("comment", "cc", "remind"):  # the opener reminds the schools of their self-evaluations
        assert f"/tasks/cases/evaluation/{process.pk}/{action}/" in html

    client = page(o.leading)
    client.post(f"/tasks/cases/evaluation/{process.pk}/comment/", {"body": "请各校按时自评"})
    client.post(f"/tasks/cases/evaluation/{process.pk}/cc/", {"user": [o.basic_edu.pk]})
    client.post(f"/tasks/cases/evaluation/{process.pk}/remind/")

    trail = AuditEvent.objects.filter(process="evaluation", case_id=case.pk)
    assert {"comment", "cc", "remind"} <= set(trail.values_list("action", flat=True))
    assert not AuditEvent.objects.filter(process="evaluation", case_id=process.pk).exclude(case_id=case.pk).exists()
    shown = page(o.leading).get(f"/evaluation/{case.pk}/").content.decode()
    assert "请各校按时自评" in shown


def test_its_notifications_and_its_engine_name_the_case_by_its_own_key(yuhuan, monkeypatch):
    """Notifications carry the case_id of the case's trail; the engine marks viewflow's lock held on the case's
    process (its key), never on another process that has the case's key."""
    from notifications.models import Notification
    from workflows import locking
    from workflows.evaluation import progress

    o = yuhuan
    file_year(o, o.fusion)  # more viewflow processes than cases: the two keys differ
    case = open_year(o, o.fusion)
    process = case.process
    assert case.pk != process.pk
    held = []

    def completing(task, actor, *, process):
        held.append((locking.lock_is_held(process.pk), locking.lock_is_held(case.pk)))
        return execute_task(task, actor, process=process)

    execute_task = progress.execute_task
    monkeypatch.setattr(progress, "execute_task", completing)
    self_evaluate_routine(o, case, o.fusion_core, 1, 80)  # completes the school's step, opens the bureau's
    assert held == [(True, False)]
    page(o.leading).post(f"/tasks/cases/evaluation/{process.pk}/remind/")
    notices = Notification.objects.filter(process="evaluation")
    assert notices.filter(recipient=o.basic_edu).exists()
    assert set(notices.values_list("case_id", flat=True)) == {case.pk}


def test_evidence_opens_for_whoever_sees_that_case_and_nobody_else(yuhuan):
    o = yuhuan
    case = open_year(o, o.fusion)
    evidence = attachment_create(
        uploaded_by=o.core_lead, upload=SimpleUploadedFile("台账.pdf", b"%PDF-1.4 evidence", "application/pdf")
    )
    scores = score_items(case, Track.ROUTINE, 80)
    scores[0]["attachment_ids"] = [evidence.pk]
    act(
        case,
        "self_evaluate",
        o.core_lead,
        {"routine_id": routine(case, o.fusion_core, 1).pk, "scores": scores},
        ON_TIME[1],
    )

    assert page(o.basic_edu).get(f"/attachments/{evidence.pk}/download/").status_code == 200
    for outsider in (o.outsider, o.collab_core_lead):
        assert page(outsider).get(f"/attachments/{evidence.pk}/download/").status_code == 404
