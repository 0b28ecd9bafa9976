"""Completing the approval step: load the task, check viewflow's own permission, record the decision on the
process and execute the task (what viewflow's UpdateProcessView does on a valid form), in one request."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.models import Task

from bench.baseline.flows import ApprovalFlow


class CompleteApi(APIView):
    def post(self, request, pk):
        task = get_object_or_404(Task, pk=pk, flow_task=ApprovalFlow.approve)
        if not task.flow_task.can_execute(request.user, task):
            raise PermissionDenied
        with task.activation() as activation:
            activation.start(request)
            process = activation.process
            process.data = {**process.data, "decision": request.data.get("decision", "approve")}
            process.save(update_fields=["data"])
            activation.execute()
        return Response({"task_id": task.pk, "status": activation.task.status})
