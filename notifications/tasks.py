from celery import shared_task


@shared_task
def deliver_pending_task() -> int:
    from notifications.delivery import deliver_pending

    return deliver_pending()
