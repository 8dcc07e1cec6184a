"""The services under test, started the way `make serve` runs them, on loopback: PostgreSQL (its own database),
a real Elasticsearch node on a free port, the task worker and gunicorn with the production settings."""

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

from scripts import es_node, processes

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[loadtest] {message}", file=sys.stderr, flush=True)


def as_postgres(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=True)


class Stack:
    def __init__(self, *, db_name: str, web_concurrency: int):
        self.db_name = db_name
        self.web_concurrency = web_concurrency
        self.tmp = Path(tempfile.mkdtemp(prefix="dialog-loadtest-"))
        self.es_node = es_node
        # Under the full load a restarting node takes minutes on a small machine, not es_node's 2.
        self.es_node.START_TIMEOUT = 300
        self.es_port = es_node.free_port()
        self.port = es_node.free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.pg_version = ""
        self.database_url = ""
        self.env: dict[str, str] = {}
        self.gunicorn: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.worker_log = self.tmp / "worker.log"
        self.server_log = self.tmp / "gunicorn.log"
        self._logs = []
        self._es_started = False

    # --- PostgreSQL ---------------------------------------------------------------------------------------------

    def _database(self) -> str:
        env = {**os.environ, "PG_DB_NAME": self.db_name}
        out = subprocess.run(["bash", "scripts/postgres.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"scripts/postgres.sh failed:\n{out.stderr}")
        url = out.stdout.strip().splitlines()[-1]
        self.pg_version = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]
        # A fresh database each run: drop what an interrupted earlier run may have left, then create it again.
        port = str(urlparse(url).port or 5432)
        self.drop_database()
        as_postgres("createdb", "-p", port, "-O", urlparse(url).username, self.db_name)
        return url

    def drop_database(self) -> None:
        port = str(urlparse(self.database_url).port or 5432) if self.database_url else "5432"
        as_postgres("psql", "-q", "-p", port, "-c", f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def postgres(self, action: str) -> None:
        subprocess.run(["pg_ctlcluster", self.pg_version, "main", action, *(["-m", "fast"] if action == "stop" else [])],
                       check=True, capture_output=True, text=True)

    def postgres_ready(self) -> bool:
        port = str(urlparse(self.database_url).port or 5432)
        return subprocess.run(["runuser", "-u", "postgres", "--", "pg_isready", "-q", "-h", "127.0.0.1", "-p", port],
                              capture_output=True).returncode == 0

    # --- Django -------------------------------------------------------------------------------------------------

    def manage(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def django(self, function: str, **kwargs) -> dict:
        """Runs loadtest.django_side.<function>(**kwargs) in a subprocess; returns the JSON it printed."""
        code = f"from loadtest import django_side; django_side.{function}(**{kwargs!r})"
        return json.loads(self.manage("shell", "-c", code).stdout.strip().splitlines()[-1])

    # --- Elasticsearch ------------------------------------------------------------------------------------------

    def es_start(self) -> str:
        url = self.es_node.start_node(self.es_port)
        self._es_started = True
        return url

    def es_stop(self) -> None:
        self.es_node.stop_node(self.es_port)

    def es_signal(self, signum: int) -> None:
        os.kill(self.es_node.read_pid(self.es_port), signum)

    # --- the server and the worker ------------------------------------------------------------------------------

    def _popen(self, args: list[str], log_path: Path) -> subprocess.Popen:
        out = open(log_path, "ab")
        self._logs.append(out)
        return subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def start_worker(self) -> None:
        self.worker = self._popen([sys.executable, "manage.py", "db_worker"], self.worker_log)

    def kill_worker(self) -> None:
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait(10)

    def start(self) -> None:
        es_url: dict[str, str | BaseException] = {}

        def start_es():
            try:
                es_url["url"] = self.es_start()
            except BaseException as error:  # noqa: BLE001 - re-raised in the main thread below
                es_url["error"] = error

        es_thread = threading.Thread(target=start_es, daemon=True)
        es_thread.start()
        log("PostgreSQL: its own database")
        self.database_url = self._database()
        es_thread.join()
        if "error" in es_url:
            raise es_url["error"]
        env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; everything else as in production
            DATABASE_URL=self.database_url,
            DATABASE_CONN_MAX_AGE="60",
            ELASTICSEARCH_URL=es_url["url"],
            # Readers' searches wait up to 10 s (production default 2.5 s): on a small shared test machine under
            # full load, Elasticsearch's answers can take longer than 2.5 s without anything having failed.
            ELASTICSEARCH_TIMEOUT="10",
            MODERATION_TRUSTED_PROXY_COUNT="1",
            STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            SEARCH_TASK_RETRY_DELAY="1",
            SEARCH_TASK_RETRY_MAX_DELAY="4",
            WAGTAILADMIN_BASE_URL=self.base_url,
            LOG_LEVEL="WARNING",
        )
        self.env = env
        log("migrate, load_demo, collectstatic, check_services")
        self.manage("migrate", "--noinput")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("check_services")

    def serve(self) -> None:
        log("search_index rebuild; starting the worker and gunicorn")
        self.manage("search_index", "rebuild", "--no-progress")
        self.start_worker()
        self.gunicorn = self._popen([
            sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.web_concurrency), "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1",
            "--timeout", "30"], self.server_log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.server_log.read_text()[-3000:]}")
            try:
                if httpx.get(self.base_url + "/", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        for process in (self.gunicorn, self.worker):
            if process is not None:
                processes.stop(process)
        for out in self._logs:
            out.close()
        if self._es_started or self.es_node.read_pid(self.es_port):
            self.es_node.stop_node(self.es_port, purge=True)
        if self.database_url:
            if not self.postgres_ready():
                self.postgres("start")
            self.drop_database()
