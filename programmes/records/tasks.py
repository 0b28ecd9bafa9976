from celery import shared_task


@shared_task
def send_reminders_task() -> int:
    """Reminders before a term ends to whoever is behind on a quota (programmes.records.reminders)."""
    from programmes.records.reminders import send_reminders

    return send_reminders()
