import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from notifications.consumers import UserEventsConsumer, user_group
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def connect(user):
    communicator = WebsocketCommunicator(UserEventsConsumer.as_asgi(), "/ws/events/")
    communicator.scope["user"] = user
    connected, code = await communicator.connect()
    return communicator, connected, code


async def test_an_anonymous_socket_is_refused():
    communicator, connected, code = await connect(AnonymousUser())
    assert not connected and code == 4401


async def test_a_signed_in_user_receives_events_sent_to_their_group():
    user = await database_sync_to_async(UserFactory)()
    communicator, connected, _code = await connect(user)
    assert connected
    await get_channel_layer().group_send(user_group(user.pk), {"type": "user.event", "payload": {"kind": "ping"}})
    assert await communicator.receive_json_from(timeout=2) == {"kind": "ping"}
    await communicator.disconnect()


async def test_a_user_does_not_receive_another_users_events():
    alice, bob = await database_sync_to_async(UserFactory)(), await database_sync_to_async(UserFactory)()
    communicator, connected, _code = await connect(alice)
    await get_channel_layer().group_send(user_group(bob.pk), {"type": "user.event", "payload": {"kind": "x"}})
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()
