"""The Redis channel layer with a pool that waits for a free connection instead of failing.

channels-redis builds a redis-py ConnectionPool, which raises MaxConnectionsError as soon as all its connections
are in use: a burst of websocket handshakes (each one a group_add) made every handshake of that moment fail.
A BlockingConnectionPool of the same size makes the burst queue for up to ``timeout`` seconds (settings:
CHANNEL_LAYER_MAX_CONNECTIONS, CHANNEL_LAYER_POOL_TIMEOUT); past that the consumer refuses the socket with 1013.
"""

from channels_redis import core
from redis import asyncio as aioredis


def _blocking_pool(host: dict):
    host = dict(host)
    address = host.pop("address", None)
    if address is None:  # host/port or sentinel entries: channels-redis's own pool
        return core.create_pool(host)
    return aioredis.BlockingConnectionPool.from_url(address, **host)


class RedisChannelLayer(core.RedisChannelLayer):
    def create_pool(self, index):
        return _blocking_pool(self.hosts[index])
