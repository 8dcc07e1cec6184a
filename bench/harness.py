"""What every benchmark shares: Django set up on the test settings, a fresh database, timing and the report.

Figures are reported against a baseline measured in the same run, so they compare across machines;
nothing here asserts a time.
"""

import contextlib
import json
import os
import platform
import signal
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def results_dir() -> Path:
    """Where the JSON goes: BENCH_RESULTS when set, else var/bench/ (git-ignored; bench/results/ holds the figures
    published with the code and is only written when asked, BENCH_RESULTS=bench/results)."""
    return Path(os.environ.get("BENCH_RESULTS") or ROOT / "var" / "bench").resolve()


def stop_cleanly_on_termination():
    """SIGTERM (and SIGHUP) end the run the way Ctrl-C does, so every `finally` stops what it started."""

    def interrupt(signum, _frame):
        raise KeyboardInterrupt(f"signal {signal.Signals(signum).name}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()


@contextlib.contextmanager
def fresh_database(*, demo=True):
    """A migrated test database (SQLite in memory, or a test_ database on DATABASE_URL's server), dropped after."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if demo:
            call_command("load_demo", "--no-comments", verbosity=0)
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def timed(function, *, repeat):
    """Wall times in milliseconds of `repeat` calls, after one warm-up call."""
    function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def median(samples):
    return statistics.median(samples)


def p95(samples):
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


class Report:
    """Rows of named figures, printed as a table and written as JSON under results_dir()."""

    def __init__(self, name):
        self.name = name
        self.rows = []

    def __call__(self, label, **figures):
        self.rows.append({"name": label, **figures})

    def print_table(self):
        columns = []
        for row in self.rows:
            columns += [key for key in row if key not in columns]
        widths = {c: max(len(c), *(len(self.format(row.get(c))) for row in self.rows)) for c in columns}
        print("  ".join(c.ljust(widths[c]) for c in columns))
        print("  ".join("-" * widths[c] for c in columns))
        for row in self.rows:
            print("  ".join(self.format(row.get(c)).ljust(widths[c]) for c in columns))

    @staticmethod
    def format(value):
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.2f}"
        return str(value)

    def write(self):
        from django.db import connection

        results = results_dir()
        results.mkdir(parents=True, exist_ok=True)
        path = results / f"{self.name}.json"
        path.write_text(json.dumps({
            "benchmark": self.name,
            "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "database": connection.vendor},
            "rows": self.rows,
        }, indent=2, ensure_ascii=False) + "\n")
        return path


def run_standalone(name, run, *, demo=True):
    stop_cleanly_on_termination()
    setup_django()
    report = Report(name)
    with fresh_database(demo=demo):
        run(report)
    report.print_table()
    print(f"written to {report.write()}")
