from celery import shared_task


@shared_task
def orphan_attachments_remove_task() -> int:
    """Periodic (Celery beat, or the embedded run's in-process scheduler): uploads never attached, past the grace
    period, are removed with their files."""
    from forms.services import orphan_attachments_remove

    return orphan_attachments_remove()
