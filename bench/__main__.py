"""python -m bench [NAME ...]: run benchmarks, print one table of their figures, write bench/results/<time>.json.

Every module of the bench package is imported, so its @benchmark functions register themselves (bench/harness.py).
Each benchmark runs in a child process of its own (``--child``); the parent collects their figures.
"""

import argparse
import datetime
import importlib
import json
import os
import pkgutil
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench
from bench.harness import OPTIONS, REGISTRY, RESULTS, Figure, table

ROOT = Path(__file__).resolve().parent.parent


def discover() -> None:
    # settings and urls are the bench servers' Django modules, and packages (baseline) are Django apps: not benchmarks.
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name not in {"__main__", "harness", "settings", "urls"} and not module.ispkg:
            importlib.import_module(f"bench.{module.name}")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--skip", action="append", default=[], metavar="NAME", help="leave a benchmark out")
    parser.add_argument(
        "--regenerate", action="store_true", help="rebuild the generated bench databases even if they are current"
    )
    parser.add_argument("--child", metavar="NAME", help=argparse.SUPPRESS)
    parser.add_argument("--out", metavar="PATH", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_child(name: str, out: str) -> int:
    figures = REGISTRY[name].run()
    Path(out).write_text(json.dumps([f.as_dict() for f in figures], ensure_ascii=False), encoding="utf-8")
    return 0


def run_one(name: str, args: argparse.Namespace) -> tuple[list[Figure], float, int]:
    with tempfile.NamedTemporaryFile(prefix=f"bench-{name}-", suffix=".json", delete=False) as handle:
        out = handle.name
    argv = [sys.executable, "-m", "bench", "--child", name, "--out", out]
    if args.regenerate:
        argv.append("--regenerate")
    started = time.monotonic()
    code = subprocess.run(argv, cwd=ROOT, check=False).returncode
    seconds = time.monotonic() - started
    try:
        text = Path(out).read_text(encoding="utf-8")
        figures = [Figure.from_dict(item) for item in json.loads(text)] if text else []
    finally:
        os.unlink(out)
    return figures, seconds, code


def main(argv: list[str]) -> int:
    args = parse(argv)
    OPTIONS.regenerate = args.regenerate
    discover()
    if args.child:
        return run_child(args.child, args.out)
    ordered = sorted(REGISTRY.values(), key=lambda b: (b.order, b.name))
    if args.list:
        for item in ordered:
            print(f"{item.name:<16} {item.about}")
        return 0
    unknown = [name for name in [*args.names, *args.skip] if name not in REGISTRY]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(b.name for b in ordered)}")
        return 2
    selected = [b.name for b in ordered if (not args.names or b.name in args.names) and b.name not in args.skip]

    started, load_before = datetime.datetime.now(datetime.UTC), os.getloadavg()
    collected: list[tuple[str, Figure]] = []
    runs, failed = {}, []
    for name in selected:
        print(f"\n── {name} ──", flush=True)
        figures, seconds, code = run_one(name, args)
        runs[name] = {"seconds": round(seconds, 1), "exit_code": code}
        if code:
            failed.append(name)
        collected += [(name, figure) for figure in figures]
        print(f"── {name}: {len(figures)} figures in {seconds:.0f} s{' (FAILED)' if code else ''}", flush=True)

    total = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
    print("\n" + table(collected))
    goals = [figure.passed for _, figure in collected if figure.passed is not None]
    print(
        f"\n{len(collected)} figures from {len(selected)} benchmarks in {total:.0f} s; "
        f"goals met {sum(goals)}/{len(goals)}; load average {load_before[0]:.1f} → {os.getloadavg()[0]:.1f}"
        + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}.json"
    document = {
        "started": started.isoformat(),
        "seconds": round(total, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "benchmarks": runs,
        "figures": [{"bench": name, **figure.as_dict()} for name, figure in collected],
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"results: {path.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
