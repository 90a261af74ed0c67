"""The shared cache of several servers, Redis, that a server unable to reach serves without.

Every read from an unreachable Redis is a miss and every write is dropped, so that pages and
figures are computed as if nothing had been kept; the server says so once in its log.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("cell05.cache")

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_said = False


def _or(default):
    def tolerant(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            global _said
            try:
                return method(self, *args, **kwargs)
            except _UNREACHABLE as error:
                if not _said:
                    _said = True
                    logger.warning("The shared cache cannot be reached; pages are served uncached: %s", error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return tolerant


class TolerantRedisCache(RedisCache):
    get = _or(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _or({})(RedisCache.get_many)
    has_key = _or(False)(RedisCache.has_key)
    add = _or(False)(RedisCache.add)
    set = _or(None)(RedisCache.set)
    touch = _or(False)(RedisCache.touch)
    set_many = _or(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete = _or(False)(RedisCache.delete)
    delete_many = _or(None)(RedisCache.delete_many)
    clear = _or(False)(RedisCache.clear)
