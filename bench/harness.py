"""Shared benchmark plumbing: the registry of benchmarks, the Figure result type, timing helpers, databases.

A benchmark is a function registered with ``@benchmark("name")`` in any module of the ``bench`` package (they are
discovered by ``python -m bench``). It takes no argument and returns a list of :class:`Figure`; it runs in its own
process (so it may set environment variables before Django starts, and its peak RSS is its own). Options of the
command line reach it through :data:`OPTIONS`.

    from bench.harness import Figure, at_most, benchmark, timed

    @benchmark("inbox", order=20)
    def inbox() -> list[Figure]:
        samples = timed(lambda: client.get("/tasks/"), repeat=50)
        return [Figure("inbox p95", "ms", samples, goal=at_most(30))]
"""

import contextlib
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

RESULTS = Path(__file__).resolve().parent / "results"

# Set by bench/__main__.py from the command line before a benchmark runs (e.g. OPTIONS.regenerate).
OPTIONS = SimpleNamespace(regenerate=False)


@dataclass(frozen=True)
class Goal:
    """A goal on one statistic of a figure: ``on`` is "median", "p95" or "ratio" (median ÷ baseline median)."""

    op: str  # "<=" or ">="
    value: float
    on: str = "p95"

    def met(self, figure: "Figure") -> bool | None:
        actual = getattr(figure, self.on)
        if actual is None:
            return None
        return actual <= self.value if self.op == "<=" else actual >= self.value

    def __str__(self) -> str:
        sign = "≤" if self.op == "<=" else "≥"
        return f"{self.on} {sign} {_number(self.value)}"


def at_most(value: float, *, on: str = "p95") -> Goal:
    return Goal("<=", value, on)


def at_least(value: float, *, on: str = "median") -> Goal:
    return Goal(">=", value, on)


@dataclass
class Figure:
    """One measured figure: its samples (one value for a single measurement), and optionally the samples of its
    baseline measured in the same run, a goal, and a note."""

    name: str
    unit: str
    samples: list[float]
    baseline: list[float] | None = None
    goal: Goal | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)  # anything else worth keeping in the JSON (e.g. query counts)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95)

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        base = statistics.median(self.baseline)
        return self.median / base if base else None

    @property
    def passed(self) -> bool | None:
        return self.goal.met(self) if self.goal else None

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "unit": self.unit,
            "n": len(self.samples),
            "median": self.median,
            "p95": self.p95,
            "baseline_median": statistics.median(self.baseline) if self.baseline else None,
            "ratio": self.ratio,
            "goal": str(self.goal) if self.goal else None,
            "goal_spec": vars(self.goal) if self.goal else None,
            "passed": self.passed,
            "note": self.note,
            "extra": self.extra,
            "samples": self.samples,
            "baseline": self.baseline,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Figure":
        return cls(
            name=data["name"],
            unit=data["unit"],
            samples=data["samples"],
            baseline=data.get("baseline"),
            goal=Goal(**data["goal_spec"]) if data.get("goal_spec") else None,
            note=data.get("note", ""),
            extra=data.get("extra", {}),
        )


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[], list[Figure]]
    order: int
    about: str


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, *, order: int = 50) -> Callable:
    """Register ``fn`` as the benchmark ``name``; ``python -m bench`` runs them by ascending ``order``, then name.
    The first line of the function's docstring describes it in ``python -m bench --list``."""

    def register(fn: Callable[[], list[Figure]]) -> Callable[[], list[Figure]]:
        if name in REGISTRY and REGISTRY[name].run is not fn:
            raise ValueError(f"benchmark {name!r} registered twice")
        about = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        REGISTRY[name] = Benchmark(name, fn, order, about)
        return fn

    return register


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def timed(fn: Callable[[], object], *, repeat: int = 50, warmup: int = 3) -> list[float]:
    """Milliseconds per call of ``fn`` over ``repeat`` calls, after ``warmup`` calls that are not counted."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0: write 5 to /proc/self/clear_refs); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.1f}"
    return f"{value:.3g}"


def table(figures: list[tuple[str, Figure]]) -> str:
    """The figures of a run as a plain-text table: benchmark, figure, unit, n, median, p95, ratio, goal, result."""
    header = ("bench", "figure", "unit", "n", "median", "p95", "ratio", "goal", "", "note")
    rows = [header]
    for bench, fig in figures:
        verdict = {True: "pass", False: "FAIL", None: ""}[fig.passed]
        rows.append(
            (
                bench,
                fig.name,
                fig.unit,
                str(len(fig.samples)),
                _number(fig.median),
                _number(fig.p95) if len(fig.samples) > 1 else "",
                f"{fig.ratio:.2f}×" if fig.ratio is not None else "",
                str(fig.goal) if fig.goal else "",
                verdict,
                fig.note,
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header) - 1)]
    right = {3, 4, 5, 6}
    lines = []
    for row in rows:
        cells = []
        for i, width in enumerate(widths):
            pad = " " * (width - _width(row[i]))
            cells.append(pad + row[i] if i in right else row[i] + pad)
        lines.append("  ".join(cells) + "  " + row[-1])
    lines.insert(1, "-" * min(160, sum(widths) + 2 * len(widths)))
    return "\n".join(line.rstrip() for line in lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


# --- Django and databases -----------------------------------------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


@contextlib.contextmanager
def throwaway_database():
    """Create test_<name> (as the test runner does), migrate it, and drop it afterwards."""
    from django.db import connection

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
