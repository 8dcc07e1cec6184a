"""python -m loadtest [--users N] [--duration S] [--faults elasticsearch,worker,postgres|none]

Starts PostgreSQL (its own database), a real Elasticsearch node, the task worker and gunicorn with the production
settings; sends the readers' traffic with the faults at set times; prints the report and the checks; tears it
all down. Exits 1 when a check fails.
"""

import argparse
import asyncio
import os
import secrets
import shutil
import statistics
import sys
import time
from collections import Counter

from loadtest.faults import UNPUBLISH_TITLE, UNPUBLISH_WORD, Window, run_faults
from loadtest.stack import Stack, log
from loadtest.traffic import COMMENT_ROUTES, SEARCH_ROUTES, Run, Sample, User, discover

FAULTS = ["elasticsearch", "worker", "postgres"]
EXPECTED = {"POST /kommentarer/skicka/": {302, 429}, "POST /api/comments/": {202, 429}}  # GETs expect 200


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n\n")[1])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOADTEST_USERS", 50)))
    parser.add_argument("--duration", type=float, default=float(os.environ.get("LOADTEST_DURATION", 60)),
                        help="seconds of load (extended while the last fault's checks finish)")
    parser.add_argument("--faults", default=os.environ.get("LOADTEST_FAULTS", ",".join(FAULTS)),
                        help="comma-separated, from: " + ", ".join(FAULTS) + "; or none")
    parser.add_argument("--db-name", default=os.environ.get("LOADTEST_DB_NAME", "dialog_load"))
    args = parser.parse_args(argv)
    args.faults = [] if args.faults == "none" else [name.strip() for name in args.faults.split(",") if name.strip()]
    unknown = set(args.faults) - set(FAULTS)
    if unknown:
        parser.error(f"unknown faults: {', '.join(sorted(unknown))}")
    return args


async def load(stack: Stack, args) -> tuple[Run, list[Window]]:
    catalog = await discover(stack.base_url, stack.unpublish_slug)
    run = Run(base_url=stack.base_url, catalog=catalog, marker_prefix=f"lt{secrets.token_hex(3)}")
    users = [asyncio.create_task(User(run, index).live()) for index in range(args.users)]
    faults = asyncio.create_task(run_faults(stack, run, args.duration, args.faults))
    await asyncio.sleep(args.duration)
    if not faults.done():
        log(f"{args.duration:.0f} s passed; the load goes on until the faults' checks finish")
    try:
        windows = await faults
        if run.now() > args.duration:
            await asyncio.sleep(3)  # some load after the last recovery too
    finally:
        run.stopping = True
        run.elapsed = run.now()
        await asyncio.gather(*users)
    return run, windows


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def inside(sample: Sample, window: Window) -> bool:
    return sample.start < window.end and sample.end > window.start


def allowed_in(sample: Sample, windows: list[Window]) -> bool:
    """A 503 that a fault window explains: search routes saying search is away, or any route saying the database is."""
    for window in windows:
        if not inside(sample, window) or sample.status != 503:
            continue
        if window.allows == "all" and sample.unavailable in ("database", "search"):
            return True
        if sample.route in SEARCH_ROUTES and sample.unavailable == "search":
            return True
    return False


def report(run: Run, windows: list[Window], stored: dict[str, list[str]], args) -> bool:
    samples = run.samples
    print(f"\nLoad test: {args.users} users for {run.elapsed:.1f} s (configured {args.duration:.0f} s), "
          f"faults: {', '.join(args.faults) or 'none'}")
    print(f"Requests: {len(samples)} in total, {len(samples) / run.elapsed:.1f} per second\n")
    by_route: dict[str, list[Sample]] = {}
    for sample in samples:
        by_route.setdefault(sample.route, []).append(sample)
    print(f"{'route':32} {'count':>6} {'median ms':>10} {'p95 ms':>8}  statuses")
    for route in sorted(by_route):
        durations = [(s.end - s.start) * 1000 for s in by_route[route]]
        statuses = Counter(str(s.status) for s in by_route[route])
        print(f"{route:32} {len(durations):>6} {statistics.median(durations):>10.0f} {percentile(durations, 0.95):>8.0f}"
              f"  {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}")

    window_checks: list[tuple[bool, str]] = []
    if windows:
        print("\nFault windows (seconds from the start of the load):")
    for window in windows:
        in_window = [s for s in samples if inside(s, window)]
        unavailable = Counter(s.unavailable for s in in_window if s.status == 503)
        print(f"  {window.start:6.1f} – {window.end:6.1f}  {window.name}: {len(in_window)} requests, 503s: "
              f"{dict(unavailable) or 'none'}")
        for note in window.notes:
            print(f"      · {note}")
        if window.allows == "all":
            window.check(unavailable.get("database", 0) > 0,
                         f"requests during the outage got the Swedish 503 with Retry-After ({unavailable.get('database', 0)})")
        else:
            others = [s for s in in_window if s.route not in SEARCH_ROUTES and s.status not in EXPECTED.get(s.route, {200})]
            window.check(not others, f"routes other than search unaffected ({len(others)} odd answers)")
        for ok, text in window.checks:
            print(f"      {'✓' if ok else '✗'} {text}")
        window_checks.extend(window.checks)

    in_any = lambda s: any(inside(s, w) for w in windows)  # noqa: E731
    checks: list[tuple[bool, str]] = []
    errors_outside = [s for s in samples if not in_any(s) and (isinstance(s.status, str) or s.status >= 500)]
    checks.append((not errors_outside, f"no 5xx or transport error outside the fault windows "
                                       f"({len(errors_outside)}: {Counter((s.route, s.status) for s in errors_outside).most_common(5)})"))
    fives = [s for s in samples if in_any(s) and (isinstance(s.status, str) or s.status >= 500)]
    unexplained = [s for s in fives if not allowed_in(s, windows)]
    checks.append((not unexplained, f"inside the windows, only the 503s the fault explains ({len(fives)} 503s; "
                                    f"{len(unexplained)} others: {Counter((s.route, s.status, s.unavailable) for s in unexplained).most_common(5)})"))
    checks.append((not any(s.status == 500 for s in samples), "no 500 anywhere"))
    odd = [s for s in samples if isinstance(s.status, int) and s.status < 500
           and s.status not in EXPECTED.get(s.route, {200})]
    checks.append((not odd, f"every other answer as expected: GETs 200, form 302/429, API 202/429 "
                            f"({len(odd)} odd: {Counter((s.route, s.status) for s in odd).most_common(5)})"))

    posted = [s for s in samples if s.route in COMMENT_ROUTES]
    limited = sum(1 for s in posted if s.status == 429)
    wrong = {marker: stored.get(marker) for marker in run.accepted if stored.get(marker) != ["pending"]}
    by_form = sum(1 for how in run.accepted.values() if how == "form")
    checks.append((not wrong and run.accepted, f"{len(run.accepted)} accepted comments (form {by_form}, API "
                                               f"{len(run.accepted) - by_form}) each stored exactly once and pending; "
                                               f"{limited} posts rate-limited (429); wrong: {dict(list(wrong.items())[:5])}"))
    duplicates = {marker: states for marker, states in stored.items() if len(states) > 1}
    checks.append((not duplicates, f"no comment stored twice ({len(stored)} stored with this run's markers)"))

    print("\nChecks:")
    for ok, text in checks:
        print(f"  {'✓' if ok else '✗'} {text}")
    failed = [text for ok, text in window_checks + checks if not ok]
    print(f"\n{'FAILED: ' + str(len(failed)) + ' check(s)' if failed else 'All checks passed'}.")
    return not failed


def main(argv=None) -> int:
    args = parse_args(argv)
    stack = Stack(db_name=args.db_name,
                  web_concurrency=int(os.environ.get("WEB_CONCURRENCY", 2 * os.cpu_count() + 1)))
    started = time.monotonic()
    ok = False
    try:
        stack.start()
        stack.unpublish_slug = stack.django("post_publish", title=UNPUBLISH_TITLE,
                                            lead=f"Ordet {UNPUBLISH_WORD} finns bara här.")["slug"]
        stack.serve()
        log(f"ready after {time.monotonic() - started:.0f} s: {stack.base_url} (logs in {stack.tmp})")
        run, windows = asyncio.run(load(stack, args))
        stored = stack.django("comments_by_marker", prefix=run.marker_prefix)
        ok = report(run, windows, stored, args)
    finally:
        log("tearing down: gunicorn, worker, Elasticsearch node, database")
        stack.stop()
    if ok:
        shutil.rmtree(stack.tmp, ignore_errors=True)
    else:
        log(f"logs kept in {stack.tmp}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
