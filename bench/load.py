"""A small closed-loop HTTP load client: N threads, each signed in with its own token and holding its own steps,
post one completion after another (a new connection per request, as gunicorn's sync workers close them), for a
given time: latencies, per-second throughput and errors. A warm-up is a first run on the same clients (their steps
are iterators, so the measured run goes on with the next ones)."""

import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Client:
    port: int  # the web process this client talks to
    token: str
    urls: Iterator[str]  # the paths this client posts to, in order (each a distinct step)
    body: dict = field(default_factory=dict)


@dataclass
class LoadResult:
    latencies_ms: list[float]  # one per counted request that succeeded
    per_second: list[float]  # successful completions finished in each whole second of the measured window
    errors: Counter  # status (or exception name) -> count, counted requests only
    completed: int  # successful requests
    seconds: float  # length of the run (shorter than asked when the steps ran out)
    exhausted: bool  # a client ran out of steps before the time was up

    @property
    def throughput(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0


def post(port: int, path: str, token: str, body: dict, timeout: float = 30) -> tuple[int, bytes]:
    """One POST as nginx would pass it on: HTTPS already ended (X-Forwarded-Proto), JSON body, token auth."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={
                "Host": "127.0.0.1",
                "Content-Type": "application/json",
                "Authorization": f"Token {token}",
                "X-Forwarded-Proto": "https",
            },
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def run(clients: list[Client], *, duration: float) -> LoadResult:
    """Run every client in its own thread for ``duration`` seconds, or until its steps run out."""
    started = time.monotonic()
    until = started + duration
    records: list[tuple[float, float, object]] = []  # (start, end, status or exception name)
    exhausted = threading.Event()
    lock = threading.Lock()

    def work(client: Client) -> None:
        mine = []
        for path in client.urls:
            begin = time.monotonic()
            try:
                status, _body = post(client.port, path, client.token, client.body)
            except OSError as error:
                status = type(error).__name__
            mine.append((begin, time.monotonic(), status))
            if mine[-1][1] >= until:
                break
        else:
            exhausted.set()
        with lock:
            records.extend(mine)

    threads = [threading.Thread(target=work, args=(client,), daemon=True) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = min(until, max((r[1] for r in records), default=until)) - started
    ok = [r for r in records if r[2] == 200]
    buckets = Counter(int(r[1] - started) for r in ok)
    return LoadResult(
        latencies_ms=[(r[1] - r[0]) * 1000 for r in ok],
        per_second=[float(buckets.get(second, 0)) for second in range(int(seconds))],
        errors=Counter(str(r[2]) for r in records if r[2] != 200),
        completed=sum(1 for r in ok if r[1] <= started + seconds),
        seconds=seconds,
        exhausted=exhausted.is_set(),
    )


def combined(results: list[LoadResult]) -> LoadResult:
    """Runs one after another (windows of one load taking turns with another) as one."""
    return LoadResult(
        latencies_ms=[latency for result in results for latency in result.latencies_ms],
        per_second=[count for result in results for count in result.per_second],
        errors=sum((result.errors for result in results), Counter()),
        completed=sum(result.completed for result in results),
        seconds=sum(result.seconds for result in results),
        exhausted=any(result.exhausted for result in results),
    )


def warm_up(clients: list[Client], *, seconds: float, completions: int, limit: float = 120) -> None:
    """Load for at least ``seconds`` and until ``completions`` requests succeeded: every worker has booted and
    answered (a worker imports the whole project before its first answer, a second or more of CPU; on a busy
    machine much longer)."""
    started, done = time.monotonic(), 0
    while time.monotonic() - started < seconds or done < completions:
        if time.monotonic() - started > limit:
            raise RuntimeError(f"the web workers completed {done} requests in {limit} s of warm-up")
        done += run(clients, duration=1).completed
