"""The production processes of deploy/ started for a benchmark: gunicorn and uvicorn on free ports, with the
production settings (or bench.settings) pointed at a bench database and Redis db, and what they cost: the peak
resident memory and the CPU time of their workers and of the PostgreSQL backends serving them."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start within {timeout} s:\n{log.read_text()[-3000:]}")


def database_url(settings_dict: dict, name: str | None = None) -> str:
    auth = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
    host = settings_dict["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{settings_dict['PORT'] or 5432}/{name or settings_dict['NAME']}"


def server_env(*, database_url: str, redis_url: str, settings: str = "config.settings.production", **extra) -> dict:
    """The environment deploy/env.example describes, for this machine: DEBUG off, one host, the given stores.
    SECRET_KEY comes from this process's environment so that sessions signed here are valid there."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "DEMO_MODE": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def gunicorn_argv(port: int) -> list[str]:
    """deploy/gunicorn.conf.py as production runs it; GUNICORN_BIND in the environment is overridden here."""
    return [
        *(sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"),
        *("--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "config.wsgi"),
    ]


def uvicorn_argv(port: int) -> list[str]:
    """deploy/Procfile's ws line."""
    return [
        *(sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)),
        *("--lifespan", "off", "--no-access-log", "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"),
    ]


@contextlib.contextmanager
def processes(prefix: str = "bench-"):
    """Start processes with start(name, argv, env) -> (Popen, log path); all are stopped (TERM, then KILL) on
    exit, in reverse order, and their logs removed."""
    started: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix=prefix) as logs:

        def start(name, argv, env):
            log = Path(logs) / f"{name}.log"
            process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
            started.append(process)
            return process, log

        try:
            yield start
        finally:
            for process in reversed(started):
                process.terminate()
            for process in reversed(started):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def children(pid: int) -> list[int]:
    """The direct children of a process (gunicorn's workers of its master)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def wait_for_workers(master: int, count: int, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = children(master)
        if len(workers) >= count:
            return workers
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn started {len(children(master))} of {count} workers within {timeout} s")


def status_kb(pid: int, field: str) -> int:
    """A /proc/<pid>/status figure in kB (VmHWM: peak resident set, VmRSS: current), 0 if the process is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, None once it has exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14 and 15 of stat)


def backends_of(admin_dsn: str, database: str) -> list[int]:
    """The PostgreSQL backend processes connected to ``database`` now."""
    import psycopg

    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        return [row[0] for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])]


@dataclass
class Cost:
    """CPU seconds used over a window by a server's processes and by the database backends serving them."""

    web: float
    db: float


class CostMeter:
    """CPU time over a window of the given web processes and of the backends connected to their database. A
    backend that connects during the window counts from zero; one that ends during it is left out (gunicorn keeps
    its connections for CONN_MAX_AGE, so after the warm-up neither happens)."""

    def __init__(self, web_pids: list[int], admin_dsn: str, database: str):
        self.web_pids, self.admin_dsn, self.database = web_pids, admin_dsn, database

    def _read(self) -> tuple[dict, dict]:
        web = {pid: cpu_seconds(pid) for pid in self.web_pids}
        db = {pid: cpu_seconds(pid) for pid in backends_of(self.admin_dsn, self.database)}
        return web, db

    def start(self) -> None:
        self.before = self._read()

    def stop(self) -> Cost:
        after = self._read()
        used = []
        for before, now in zip(self.before, after, strict=True):
            used.append(sum(now[pid] - (before.get(pid) or 0) for pid in now if now[pid] is not None))
        return Cost(web=used[0], db=used[1])
