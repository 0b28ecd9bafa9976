from celery import shared_task


@shared_task
def run_deadlines_task() -> int:
    from workflows.deadlines import run_deadlines

    return run_deadlines()


@shared_task
def daily_digest_task() -> int:
    from workflows.digest import send_daily_digests

    return send_daily_digests()
