from celery import shared_task

from exports.jobs import export_run


@shared_task(acks_late=True)
def run_export_task(job_id: int) -> None:
    export_run(job_id)
