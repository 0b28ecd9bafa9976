"""The per-user websocket: one channel-layer group per user, session-authenticated.

A socket also joins a group of its session, so that signing out closes that session's sockets, and a password
change closes all of the person's sockets (sockets_close_*; issue #15 item 16). A person holds at most
settings.WEBSOCKET_MAX_PER_USER sockets at once (item 18): each socket takes one of that many slots in the cache
(an atomic add, shared by every process through Redis), so a burst of handshakes from one account is refused with
close code 4429 before it reaches the channel layer. A channel layer that fails during the handshake (Redis pool
exhausted or down) refuses the socket with 1013 (try again later) instead of failing the handshake with a 500.
"""

import asyncio
import hashlib
import logging

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

SIGNED_OUT = 4401  # also the code static/js/live.js does not reconnect after
TOO_MANY = 4429
TRY_AGAIN_LATER = 1013
# A slot outlives a process that died holding it by at most this long; a live socket renews its slot.
SLOT_SECONDS = 15 * 60


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    # The session key is a credential: the channel layer (Redis) sees only a digest of it.
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:32]


def _close(group: str) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(group, {"type": "socket.close"})
    except Exception:  # the sign-out or password change stands; the socket's session is already invalid
        logger.warning("could not close the sockets of %s", group, exc_info=True)


def sockets_close_for_session(session_key: str | None) -> None:
    """Close the sockets opened with this session (the person signs out)."""
    if session_key:
        _close(session_group(session_key))


def sockets_close_for_user(user_id: int) -> None:
    """Close every socket of the person (their password changed)."""
    _close(user_group(user_id))


def _slot_key(user_id: int, index: int) -> str:
    return f"ws-slot:{user_id}:{index}"


class UserEventsConsumer(AsyncJsonWebsocketConsumer):
    """Pushes events addressed to the connected user. Anonymous sockets are refused (close code 4401)."""

    slot = None
    groups_joined: tuple[str, ...] = ()

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=SIGNED_OUT)
            return
        self.user_id = user.pk
        try:
            self.slot = await self._take_slot()
        except Exception:
            logger.warning("websocket slots unavailable", exc_info=True)
            await self.close(code=TRY_AGAIN_LATER)
            return
        if self.slot is None:
            await self.close(code=TOO_MANY)
            return
        session_key = getattr(self.scope.get("session"), "session_key", None)
        groups = (user_group(user.pk), *((session_group(session_key),) if session_key else ()))
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined += (group,)
        except Exception:  # Redis pool exhausted or unreachable: refuse this socket, the client retries later
            logger.warning("channel layer unavailable during a websocket handshake", exc_info=True)
            await self._leave()
            await self.close(code=TRY_AGAIN_LATER)
            return
        self.renewal = asyncio.ensure_future(self._renew_slot())
        await self.accept()

    async def disconnect(self, code):
        await self._leave()

    async def user_event(self, message):
        await self.send_json(message["payload"])

    async def socket_close(self, message):
        await self._leave()
        await self.close(code=SIGNED_OUT)

    async def _take_slot(self) -> str | None:
        for index in range(settings.WEBSOCKET_MAX_PER_USER):
            key = _slot_key(self.user_id, index)
            if await cache.aadd(key, self.channel_name, SLOT_SECONDS):
                return key
        return None

    async def _renew_slot(self):
        while True:
            await asyncio.sleep(SLOT_SECONDS / 3)
            try:
                await cache.aset(self.slot, self.channel_name, SLOT_SECONDS)
            except Exception:
                logger.warning("could not renew a websocket slot", exc_info=True)

    async def _leave(self):
        renewal = getattr(self, "renewal", None)
        if renewal is not None:
            renewal.cancel()
            self.renewal = None
        for group in self.groups_joined:
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # the group entry expires in Redis by itself (group_expiry)
                logger.warning("could not leave %s", group, exc_info=True)
        self.groups_joined = ()
        if self.slot is not None:
            slot, self.slot = self.slot, None
            try:
                if await cache.aget(slot) == self.channel_name:  # not one another socket took after it expired
                    await cache.adelete(slot)
            except Exception:
                logger.warning("could not free a websocket slot", exc_info=True)
