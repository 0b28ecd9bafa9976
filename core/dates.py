"""Business dates are Asia/Shanghai calendar dates; instants are stored in UTC."""

import datetime

from django.utils import timezone


def business_today() -> datetime.date:
    return timezone.localdate()
