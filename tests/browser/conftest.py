"""Browser journeys: Debian's Chromium (/usr/bin/chromium, installed by `make test`) driven by pytest-playwright
against the real ASGI application (HTTP and the websocket) served by uvicorn in a thread of this test process.

The server shares this process's settings, test database and in-memory channel layer, so a step completed in one
person's browser reaches another person's open page over the websocket, as in the embedded `make run`.

pytest-playwright's session-wide `playwright` fixture is replaced by one per test: Playwright's sync API keeps an
asyncio loop running in the main thread while it is started, which would break every later test of the worker that
uses asyncio or async_to_sync. Each journey starts its own Chromium (a fresh profile) and stops it before the test
database is flushed.
"""

import contextlib
import socket
import threading
import time

import pytest
from django.db import connection
from playwright.sync_api import sync_playwright

from tests.browser.journey import CHROMIUM, LAUNCH_ARGS, Journey
from tests.workflows.party.conftest import party  # noqa: F401  (the branch the party journeys use)


@pytest.fixture(scope="session")
def asgi_url(django_db_setup, django_db_blocker):
    """uvicorn serving config.asgi (with the static files) on a free port of 127.0.0.1, for this worker's session."""
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from config.asgi import application

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application), lifespan="off", log_level="warning", ws="websockets-sansio"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="asgi-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:  # bounded wait for the server to listen, not a timing assertion
        assert thread.is_alive() and time.monotonic() < deadline, "the test ASGI server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        # Connections the server's request threads left open (held in their async contexts, out of reach from
        # here) would keep the worker's test database from being dropped at the end of the session: the server
        # is stopped, so end them at the database.
        if connection.vendor == "postgresql":
            with django_db_blocker.unblock(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        with contextlib.suppress(OSError):
            sock.close()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "headless": True, "args": LAUNCH_ARGS}


@pytest.fixture
def playwright(transactional_db, monkeypatch):
    # While Playwright runs, the main thread counts as async: the test's own database reads (and the flush after
    # it, once Playwright has stopped) are plain synchronous code, which Django must be told.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture
def browser_context_args(asgi_url):
    return {
        "base_url": asgi_url,
        "viewport": {"width": 1280, "height": 900},
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "accept_downloads": True,
    }


@pytest.fixture
def journey(new_context, asgi_url):
    """journey(name): a journey's people (each in a browser context of their own), its screenshots under
    test-artifacts/browser/<name>/ and its checks (accessibility, console errors, requests leaving the machine)."""
    return lambda name: Journey(name, new_context, asgi_url)
