"""`make bench`: every benchmark in one run, each on a fresh database; tables printed, JSON under var/bench/
(or BENCH_RESULTS). Ctrl-C or SIGTERM stops every node it started."""

import importlib
import sys

from bench.harness import Report, fresh_database, setup_django, stop_cleanly_on_termination

BENCHMARKS = ["blog", "moderation", "search"]


def main(names):
    stop_cleanly_on_termination()
    setup_django()
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}_bench")
        print(f"\n== {name} ==")
        report = Report(name)
        with fresh_database():
            module.run(report)
        report.print_table()
        print(f"written to {report.write()}")


if __name__ == "__main__":
    main(sys.argv[1:])
