"""Issue 16 item 5: every case whose flow has ended gets its viewflow Process back to DONE with ``finished`` set.

The community engine saved its whole application row after each action; when the action had run the flow to its
End, that save put the Process back as the engine had read it before (status NEW, ``finished`` empty, ``data`` {}).
Whatever the process, a flow has ended when an End task is done and no task is left unfinished: such a Process is
DONE, finished when its (last) End task finished. A flow that was cancelled (no End done, no task unfinished, a
task cancelled) is CANCELED, finished with its last task. Only viewflow's own tables are read and written, so the
migration needs no process package; what the overwritten ``data`` held is not recoverable, and nothing reads it
once the flow has ended. Rows in any other state are left as they are.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce, Now

CLOSED = ("DONE", "CANCELED")


def close_ended_flows(apps, schema_editor):
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    tasks = Task.objects.filter(process=OuterRef("pk"))
    ended = tasks.filter(flow_task_type="END", status="DONE")
    last_finished = tasks.filter(finished__isnull=False).order_by("-finished").values("finished")[:1]
    stale = Process.objects.exclude(status__in=CLOSED).exclude(Exists(tasks.filter(finished__isnull=True)))
    stale.filter(Exists(ended)).update(
        status="DONE",
        finished=Coalesce(Subquery(ended.order_by("-finished").values("finished")[:1]), Subquery(last_finished), Now()),
    )
    stale.filter(Exists(tasks.filter(status="CANCELED"))).exclude(Exists(ended)).update(
        status="CANCELED", finished=Coalesce(Subquery(last_finished), Now())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0005_open_task_indexes"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(close_ended_flows, migrations.RunPython.noop)]
