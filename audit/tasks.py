from celery import shared_task


@shared_task
def verify_audit_task(run_id: int) -> bool:
    """Finish a verification run started from the auditor console; True when the chain is intact."""
    from audit.models import VerificationRun
    from audit.verification import verification_finish

    run = VerificationRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    return run is None or verification_finish(run).intact


@shared_task
def audit_checkpoint_task() -> str:
    """Periodic: verify the trail against the latest checkpoint and write the next one when it is intact
    (recorded as a verification run, so the auditor console shows it)."""
    from audit.verification import verification_run

    run = verification_run()
    return "intact" if run.intact else f"NOT INTACT: {len(run.findings)} findings"
