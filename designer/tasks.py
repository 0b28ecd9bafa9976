from celery import shared_task


@shared_task
def run_limits_task() -> int:
    """Time limits of designed steps (designer.deadlines): reminders, then what a late step's node says."""
    from designer.deadlines import run_overdue, run_reminders

    return run_reminders() + run_overdue()
