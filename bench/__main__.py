"""python -m bench [NAME ...]: run benchmarks and print their figures (see bench/README.md)."""

import sys

from bench import audit_chain, org_tree, ws_latency

BENCHMARKS = {"org_tree": org_tree.main, "ws_latency": ws_latency.main, "audit_chain": audit_chain.main}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
