"""Websockets end with the credentials that opened them (issue #15 item 16): signing out closes that session's
sockets, a password change closes all of the person's sockets; and one account holds a bounded number of sockets,
a burst of handshakes never failing (item 18)."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from notifications.consumers import UserEventsConsumer, user_group
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

NEW = "New-password-2026!"
# A Redis database no other test uses (grep -rn "6379/" tests config bench).
BURST_REDIS = "redis://127.0.0.1:6379/7"


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


async def open_socket(user, session_key: str | None = None):
    communicator = WebsocketCommunicator(UserEventsConsumer.as_asgi(), "/ws/events/")
    communicator.scope["user"] = user
    if session_key:
        communicator.scope["session"] = SessionStore(session_key=session_key)
    connected, code = await communicator.connect(timeout=10)
    return communicator, connected, code


async def closed_with(communicator) -> int | None:
    message = await communicator.receive_output(timeout=2)
    return message.get("code") if message["type"] == "websocket.close" else None


async def test_signing_out_closes_the_sockets_of_that_session_only():
    user = await database_sync_to_async(UserFactory)()
    leaving, staying = await sync_to_async(signed_in_client)(user), await sync_to_async(signed_in_client)(user)
    left, ok_left, _code = await open_socket(user, leaving.session.session_key)
    kept, ok_kept, _code = await open_socket(user, staying.session.session_key)
    assert ok_left and ok_kept
    response = await sync_to_async(leaving.post)(reverse("logout"))
    assert response.status_code == 302
    assert await closed_with(left) == 4401  # the code the page's script does not reconnect after
    assert await kept.receive_nothing(timeout=0.3)
    await get_channel_layer().group_send(user_group(user.pk), {"type": "user.event", "payload": {"kind": "x"}})
    assert await kept.receive_json_from(timeout=2) == {"kind": "x"}
    await left.disconnect()
    await kept.disconnect()


async def test_a_password_change_closes_every_socket_of_the_person():
    user = await database_sync_to_async(UserFactory)()
    other = await database_sync_to_async(UserFactory)()
    changing, elsewhere = await sync_to_async(signed_in_client)(user), await sync_to_async(signed_in_client)(user)
    first, _ok, _code = await open_socket(user, changing.session.session_key)
    second, _ok, _code = await open_socket(user, elsewhere.session.session_key)
    bystander, _ok, _code = await open_socket(other)
    response = await sync_to_async(changing.post)(
        reverse("password_change"),
        {"old_password": "pw-for-tests-123", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert await closed_with(first) == 4401
    assert await closed_with(second) == 4401
    assert await bystander.receive_nothing(timeout=0.3)
    for communicator in (first, second, bystander):
        await communicator.disconnect()


async def test_an_anonymous_socket_is_still_refused():
    _communicator, connected, code = await open_socket(AnonymousUser())
    assert not connected and code == 4401


async def test_one_account_holds_at_most_the_configured_number_of_sockets(settings):
    settings.WEBSOCKET_MAX_PER_USER = 3
    user = UserFactory.build(pk=900001)
    results = await asyncio.gather(*(open_socket(user) for _ in range(12)))  # one burst of handshakes
    accepted = [communicator for communicator, connected, _code in results if connected]
    assert len(accepted) == 3
    assert {code for _c, connected, code in results if not connected} == {4429}
    await accepted[0].disconnect()  # a closed socket frees its place
    again, connected, _code = await open_socket(user)
    assert connected
    for communicator in (*accepted[1:], again):
        await communicator.disconnect()


async def test_a_burst_of_handshakes_on_a_small_redis_pool_never_fails(settings):
    """Many people connecting at once on a pool of 3 connections: each handshake waits for a connection (or is
    refused with 1013); before, the pool ran dry and the handshakes failed with MaxConnectionsError (a 500)."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "notifications.layers.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": BURST_REDIS, "max_connections": 3, "timeout": 10}]},
        }
    }
    people = [UserFactory.build(pk=910000 + n) for n in range(40)]
    results = await asyncio.gather(*(open_socket(person) for person in people))
    assert all(connected or code == 1013 for _c, connected, code in results)
    assert sum(connected for _c, connected, _code in results) >= 30
    for communicator, connected, _code in results:
        if connected:
            await communicator.disconnect()
    await get_channel_layer().flush()
