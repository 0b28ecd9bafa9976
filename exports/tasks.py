from celery import shared_task


@shared_task(acks_late=True)
def run_export_task(job_id: int) -> None:
    from exports.services import export_run

    export_run(job_id)
