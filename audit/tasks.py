from celery import shared_task


@shared_task
def verify_audit_task(run_id: int) -> bool:
    """Finish a verification run started from the auditor console; True when the chain is intact."""
    from audit.models import VerificationRun
    from audit.verification import verification_finish

    run = VerificationRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    return run is None or verification_finish(run).intact
