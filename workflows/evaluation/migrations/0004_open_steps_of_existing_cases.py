"""Give every evaluation case opened before its steps became tasks its viewflow process and open steps: what
EvaluationFlow.start would have made (the start, one pass through the open_steps gateway) and a task for each step
the case waits for now (workflows.evaluation.open_steps, which reads the case through its relations only, so it
runs on the historical models here). Written as rows, as viewflow's activations would: they need the live flow."""

from django.db import migrations
from django.utils import timezone
from viewflow.workflow.token import Token

FLOW = "evaluation/flows.EvaluationFlow"


def open_steps(apps, schema_editor):
    from workflows.evaluation.open_steps import STEP_RIGHTS, steps_due

    EvaluationCase = apps.get_model("evaluation", "EvaluationCase")
    EvaluationProcess = apps.get_model("evaluation", "EvaluationProcess")
    Task = apps.get_model("viewflow", "Task")
    ContentType = apps.get_model("contenttypes", "ContentType")
    cases = list(EvaluationCase.objects.filter(process__isnull=True).select_related("community", "scheme"))
    if not cases:
        return
    # (On a new database content types are made after the migrations, but there is no case to migrate there.)
    organisation = ContentType.objects.get_or_create(app_label="accounts", model="organisation")[0]
    now = timezone.now()
    for case in cases:
        process = EvaluationProcess.objects.create(
            flow_class=FLOW, status="NEW", created=case.created_at, case=case, initiator_id=case.created_by_id
        )

        def task(node: str, kind: str, **fields):
            return Task.objects.create(
                process_id=process.pk, flow_task=f"{FLOW}.{node}", flow_task_type=kind, token=Token("start"), **fields
            )

        start = task("start", "START", status="DONE", started=now, finished=now)
        gateway = task("open_steps", "PARALLEL_GATEWAY", status="DONE", finished=now)
        gateway.previous.add(start)
        for node, data in steps_due(case):
            fields = {"status": "NEW", "data": data}
            if data.get("user_id"):
                fields |= {"status": "ASSIGNED", "owner_id": data["user_id"], "assigned": now}
            elif data.get("org_id"):
                fields |= {
                    "owner_permission": STEP_RIGHTS[node],
                    "owner_permission_content_type": organisation,
                    "owner_permission_obj_pk": str(data["org_id"]),
                }
            task(node, "HUMAN", **fields).previous.add(gateway)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_evaluation_process"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(open_steps, migrations.RunPython.noop)]
