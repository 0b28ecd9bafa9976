from celery import shared_task

from accounts.services import memberships_sync


@shared_task
def memberships_sync_task() -> int:
    return memberships_sync()


@shared_task
def tokens_purge_task() -> int:
    from accounts.tokens import tokens_purge

    return tokens_purge()
