"""Faults injected while the readers keep coming. Each records its window (seconds from the start of the load) and
the checks that prove the site came back whole."""

import asyncio
import json
import signal
import time
from dataclasses import dataclass, field

import httpx
import psycopg

from loadtest.stack import Stack, log
from loadtest.traffic import Run

UNPUBLISH_TITLE = "Lasttest: avpubliceras under sökavbrottet"
UNPUBLISH_WORD = "sorlandeforsen"


@dataclass
class Window:
    name: str
    allows: str  # which 503s are expected inside: "search" (search routes only) or "all"
    start: float
    end: float | None = None
    notes: list[str] = field(default_factory=list)
    checks: list[tuple[bool, str]] = field(default_factory=list)

    def check(self, ok: bool, text: str) -> bool:
        self.checks.append((bool(ok), text))
        return ok


async def wait_until(predicate, seconds: float, interval: float = 0.5):
    """Polls a blocking predicate in a thread; returns (its last value, seconds waited)."""
    started = time.monotonic()
    while True:
        value = await asyncio.to_thread(predicate)
        if value or time.monotonic() - started > seconds:
            return value, time.monotonic() - started
        await asyncio.sleep(interval)


def search_titles(stack: Stack, query: str) -> list[str] | None:
    try:
        response = httpx.get(stack.base_url + "/api/search/", params={"q": query}, timeout=10)
    except httpx.HTTPError:
        return None
    if response.status_code != 200:
        return None
    return [hit["title"] for hit in response.json()["results"]]


async def index_catches_up(window: Window, stack: Stack, word: str, title: str, seconds: float = 180):
    last = {}

    def verified() -> bool:
        last["result"] = stack.manage("search_index", "verify", check=False)
        return last["result"].returncode == 0

    ok, waited = await wait_until(verified, seconds, interval=1)
    output = "" if ok else " — last output: " + " ".join((last["result"].stdout + last["result"].stderr).split())[-400:]
    window.check(ok, f"`search_index verify` exits 0 after {waited:.1f} s (bound {seconds:.0f} s){output}")
    titles = await asyncio.to_thread(search_titles, stack, word)
    window.check(titles == [title], f"a search for {word!r} finds the new post: {titles}")


async def elasticsearch_outage(stack: Stack, run: Run, hold: float) -> Window:
    window = Window("Elasticsearch stopped and started", "search", run.now())
    await asyncio.to_thread(stack.es_stop)
    stopped = run.now()
    window.notes.append(f"node stopped at {stopped:.1f} s")
    title = f"Publicerat under sökavbrottet {run.marker_prefix}"
    await asyncio.to_thread(stack.django, "post_publish", title=title, lead="Ordet kvittrandemolnet finns bara här.")
    await asyncio.to_thread(stack.django, "post_unpublish", slug=stack.unpublish_slug)
    window.notes.append("published one post and unpublished another through Django while the node was down")
    await asyncio.sleep(max(0.0, stopped + hold - run.now()))
    await asyncio.to_thread(stack.es_start)
    window.notes.append(f"node healthy again at {run.now():.1f} s")
    answered, waited = await wait_until(lambda: search_titles(stack, "innovation") is not None, 30)
    window.end = run.now()
    window.check(answered, f"searches answer again {waited:.1f} s after the node is healthy")
    await index_catches_up(window, stack, "kvittrandemolnet", title)
    gone = await asyncio.to_thread(search_titles, stack, UNPUBLISH_WORD)
    window.check(gone == [], f"the post unpublished during the outage is out of the index: {gone}")
    return window


def _index_task(database_url: str, page_id: int) -> tuple[str, str, list] | None:
    with psycopg.connect(database_url, connect_timeout=5) as db:
        return db.execute(
            "SELECT id::text, status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'dialog_search.tasks.sync_pages_task' AND args_kwargs->'kwargs'->'page_ids' @> %s::jsonb "
            "ORDER BY enqueued_at LIMIT 1", [json.dumps([page_id])]).fetchone()


async def worker_killed(stack: Stack, run: Run) -> Window:
    """The worker is SIGKILLed while it runs an index task. To be sure to catch it mid-task, Elasticsearch is frozen
    (SIGSTOP) first, so the task hangs on its request; searches meanwhile time out into 503s."""
    window = Window("task worker SIGKILLed mid-task (Elasticsearch frozen meanwhile)", "search", run.now())
    title = f"Publicerat medan arbetaren dödades {run.marker_prefix}"
    stack.es_signal(signal.SIGSTOP)
    try:
        post = await asyncio.to_thread(stack.django, "post_publish", title=title,
                                       lead="Ordet porlandebacken finns bara här.")
        running, _ = await wait_until(
            lambda: (row := _index_task(stack.database_url, post["id"])) and row[1] == "RUNNING" and row, 30, 0.2)
        if not window.check(running, f"the worker took the index task of page {post['id']}"):
            return window
        old_pid = stack.worker.pid
        stack.kill_worker()
        window.notes.append(f"worker pid {old_pid} SIGKILLed at {run.now():.1f} s while running task {running[0]}")
        left = _index_task(stack.database_url, post["id"])
        window.check(left[1] == "RUNNING", "django-tasks-db leaves the task RUNNING after its worker died "
                                           f"(status {left[1]})")
    finally:
        stack.es_signal(signal.SIGCONT)
    answered, _ = await wait_until(lambda: search_titles(stack, "innovation") is not None, 30)
    window.end = run.now()
    window.check(answered, "searches answer again once Elasticsearch runs")
    stack.start_worker()
    window.notes.append(f"a new worker (pid {stack.worker.pid}) started")
    done, waited = await wait_until(
        lambda: (row := _index_task(stack.database_url, post["id"])) and row[1] == "SUCCESSFUL" and row, 60)
    window.check(done and len(done[2]) == 2,
                 f"the same task ran again in the new worker and succeeded after {waited:.1f} s "
                 f"(workers: {done[2] if done else '?'})")
    await index_catches_up(window, stack, "porlandebacken", title)
    return window


def _page_answers(stack: Stack) -> bool:
    try:
        return httpx.get(stack.base_url + "/blogg/", timeout=10).status_code == 200
    except httpx.HTTPError:
        return False


async def postgres_restart(stack: Stack, run: Run, down: float) -> Window:
    window = Window("PostgreSQL stopped and started", "all", run.now())
    server_pid, worker_pid = stack.gunicorn.pid, stack.worker.pid
    await asyncio.to_thread(stack.postgres, "stop")
    window.notes.append(f"database stopped at {run.now():.1f} s")
    await asyncio.sleep(down)
    await asyncio.to_thread(stack.postgres, "start")
    await wait_until(stack.postgres_ready, 60)
    back = run.now()
    window.notes.append(f"database accepting connections again at {back:.1f} s")
    answered, waited = await wait_until(lambda: _page_answers(stack), 30, 0.2)
    window.end = run.now()
    window.check(answered, f"the site answered 200 again {waited:.1f} s after the database was back, without a restart")
    window.check(stack.gunicorn.poll() is None and stack.gunicorn.pid == server_pid, "gunicorn kept running")
    window.check(stack.worker.poll() is None and stack.worker.pid == worker_pid,
                 "the task worker waited the outage out (same process still running)")
    title = f"Publicerat efter databasomstarten {run.marker_prefix}"
    await asyncio.to_thread(stack.django, "post_publish", title=title, lead="Ordet skvalpandesjon finns bara här.")
    await index_catches_up(window, stack, "skvalpandesjon", title)
    return window


async def run_faults(stack: Stack, run: Run, duration: float, names: list[str]) -> list[Window]:
    plan = [("elasticsearch", 0.10), ("worker", 0.45), ("postgres", 0.70)]
    windows = []
    for name, at in plan:
        if name not in names:
            continue
        await asyncio.sleep(max(0.0, at * duration - run.now()))
        log(f"fault: {name} at {run.now():.1f} s")
        if name == "elasticsearch":
            windows.append(await elasticsearch_outage(stack, run, hold=max(5.0, duration / 8)))
        elif name == "worker":
            windows.append(await worker_killed(stack, run))
        else:
            windows.append(await postgres_restart(stack, run, down=max(3.0, duration / 12)))
        log(f"fault: {name} done at {run.now():.1f} s")
    return windows
