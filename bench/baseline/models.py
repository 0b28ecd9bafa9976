from viewflow.workflow.models import Process


class ApprovalProcess(Process):
    """viewflow's own process row; the decision is kept in its ``data``, as viewflow's samples do."""

    class Meta:
        proxy = True
