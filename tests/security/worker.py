"""A delivery worker in a process of its own, for the fault tests: it sends the outbox with notifications.delivery,
websocket messages on a Redis channel layer and mail into a folder (one file per message, ``MailDrop``). The mailer
can be told to block forever at its Nth message, after creating the file ``blocked``, so that a test can SIGKILL
the worker while it holds a batch.

    DATABASE_URL=… STEPWISE_MAIL_DROP=folder STEPWISE_MAIL_BLOCK_AT=N python -m tests.security.worker LAYER_URL
"""

import os
import sys
import threading
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

_lock = threading.Lock()
_count = 0


class MailDrop(BaseEmailBackend):
    """Each message becomes a file in $STEPWISE_MAIL_DROP. The $STEPWISE_MAIL_BLOCK_AT-th message this process
    sends (counting from 1; unset: none) never goes: the mailer hangs, as on a dead mail server."""

    def send_messages(self, messages):
        global _count
        folder = Path(os.environ["STEPWISE_MAIL_DROP"])
        for message in messages:
            with _lock:
                _count += 1
                count = _count
            if count == int(os.environ.get("STEPWISE_MAIL_BLOCK_AT", "0")):
                (folder / "blocked").touch()
                threading.Event().wait()
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)


MAIL_DROP = {"default": {"BACKEND": "tests.security.worker.MailDrop"}}


def layers(url: str) -> dict:
    config = {"hosts": [url], "capacity": 1000}
    return {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": config}}


def main(layer_url: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings

    settings.MAILERS = MAIL_DROP
    settings.CHANNEL_LAYERS = layers(layer_url)  # both before the first send reads them

    from notifications.delivery import deliver_pending

    deliver_pending(worker=f"doomed:{os.getpid()}")


if __name__ == "__main__":
    main(sys.argv[1])
