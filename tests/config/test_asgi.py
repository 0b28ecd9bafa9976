"""The ASGI entry point serves websockets with the session of a signed-in browser, and refuses others."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def session_cookie() -> str:
    client = Client()
    client.force_login(UserFactory())
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def connect(headers):
    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/events/", headers=headers)
    connected, code = await communicator.connect()
    await communicator.disconnect()
    return connected, code


async def test_a_signed_in_browser_connects():
    cookie = await sync_to_async(session_cookie)()
    headers = [(b"origin", b"http://127.0.0.1"), (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]
    assert (await connect(headers))[0]


async def test_no_session_is_refused():
    assert not (await connect([(b"origin", b"http://127.0.0.1")]))[0]


async def test_a_foreign_origin_is_refused_even_with_a_session():
    cookie = await sync_to_async(session_cookie)()
    headers = [(b"origin", b"http://evil.example"), (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]
    assert not (await connect(headers))[0]
