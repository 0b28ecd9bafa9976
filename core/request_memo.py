"""Reads made once per page: the same person's substitutions, grants and open steps are needed by the view and by
the page furniture (the 待办 badge, the navigation), and do not change while a page is read.

Only GET and HEAD requests remember (RequestMemoMiddleware): a request that writes may change what it read, so it
reads again. Outside a request (services, Celery tasks, the tests' direct calls) nothing is remembered.
"""

from collections.abc import Callable
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("stepwise_request_memo", default=None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def per_request[T](key: tuple, compute: Callable[[], T]) -> T:
    """compute(), or what it gave earlier in this GET request for the same key."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
