"""An announcement to many people goes out in chunks of recipients (issue 8): each person still gets their own
counts, and one person's messages arrive in the order they were written."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from notifications.consumers import user_group
from notifications.delivery import SEND_CHUNK, deliver_pending, live_counts
from notifications.models import Kind
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def listen(users) -> dict[int, str]:
    layer, channels = get_channel_layer(), {}
    for user in users:
        channels[user.pk] = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(user.pk), channels[user.pk])
    return channels


async def _received(channel) -> list[dict]:
    layer, frames = get_channel_layer(), []
    while True:
        try:
            frames.append((await asyncio.wait_for(layer.receive(channel), 0.05))["payload"])
        except TimeoutError:
            return frames


def announce(users, title):
    with transaction.atomic():
        notify(recipients=users, kind=Kind.CC, title=title, url="/tasks/")


def test_an_announcement_to_more_people_than_a_chunk_reaches_each_with_their_own_counts():
    people = [UserFactory() for _ in range(SEND_CHUNK + 5)]
    channels = listen(people)
    announce(people[:1], "第一条")
    announce(people, "公告")
    expected = {person.pk: live_counts(person) for person in people}
    assert expected[people[0].pk]["unread"] == 2

    assert deliver_pending() == len(people) + 1
    for person in people:
        frames = async_to_sync(_received)(channels[person.pk])
        titles = [frame["title"] for frame in frames if frame["type"] == "notification"]
        assert titles == (["第一条", "公告"] if person == people[0] else ["公告"])
        assert frames[-1] == {"type": "counts", **expected[person.pk]}  # after the person's notifications
