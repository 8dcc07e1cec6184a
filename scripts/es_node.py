#!/usr/bin/env python3
"""Fetch, configure, start and stop a real single-node Elasticsearch.

Used for development (``make es``), by the pytest plugin
``tests/plugins/elasticsearch_node.py`` and in CI. Standard library only.

Usage::

    python scripts/es_node.py start  [--port 9201] [--version X.Y.Z | --major 9] [--java-home DIR]
    python scripts/es_node.py stop   [--port 9201] [--purge]
    python scripts/es_node.py status [--port 9201]
    python scripts/es_node.py url    [--port 9201]

``start`` prints progress on stderr and the node's URL (``http://127.0.0.1:<port>``)
as the last line of stdout, so ``ES_URL=$(python scripts/es_node.py start)`` works.
It reuses a node of ours already running on that port. ``status`` exits 0 when
the node answers, 1 otherwise.

What ``start`` does:

* Downloads ``org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip``
  from Maven Central with ``mvn dependency:copy`` (plain HTTPS download when mvn
  is missing) into the cache, checks it against the ``.sha512``/``.sha1``
  published beside it (or against a pinned SHA-512 for versions Maven Central
  publishes no checksum for) and unzips it once per version.
  Cache: ``$ES_CACHE_DIR``, else ``/var/cache/dialog-es`` as root and
  ``~/.cache/dialog-es`` otherwise. Per-port state (config, logs, pid file and
  data per version) lives in ``<cache>/nodes/<port>/``, so a dev node and a test
  node can coexist. ``stop --purge`` deletes it.
* Copies the Swedish hunspell dictionary (Debian package ``hunspell-sv``,
  installed with apt-get when missing and we are root) to
  ``config/hunspell/sv_SE/``, so a ``hunspell`` token filter with
  ``locale: sv_SE`` works.
* Elasticsearch refuses to run as root: as root the node runs as the system user
  ``esnode`` (created when missing) and the distribution and node directories
  are owned by it.
* Runs on 127.0.0.1 with discovery.type=single-node, a 512 MB heap, disk
  watermarks off and a free transport port chosen apart from the HTTP port. 8.18 and newer 8.x run on
  Java 17 or newer (25 tried), older 8.x on Java 17-23 (they need the SecurityManager, gone in Java 24),
  9.x on Java 21 or newer; the newest suitable JDK under /usr/lib/jvm, at $JAVA_HOME or the ``java`` on
  PATH is picked unless ``--java-home`` is given.
* Waits up to 120 s (ES_START_TIMEOUT) for cluster health yellow/green; on failure it stops the
  node and shows the tail of its logs.

The integ-test-zip is the bare server: it lacks the analysis-common module, so
filters such as ``asciifolding``, ``stemmer``, ``snowball`` and
``word_delimiter`` are missing, while ``standard``, ``lowercase``, ``stop`` and
``hunspell`` are built in.

Python API (used by the pytest plugin): ``start_node(port, version=None,
major=None, java_home=None) -> url`` and ``stop_node(port)``.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

DEFAULT_PORT = 9201
# Newest versions Maven Central serves per major (looked up 2026-11).
NEWEST_BY_MAJOR = {8: "8.19.21", 9: "9.5.4"}
DEFAULT_VERSION = NEWEST_BY_MAJOR[8]
# Maven Central serves the 9.x integ-test-zips without checksum files (nor POMs);
# these SHA-512s were taken from the first download (two independent fetches
# agreed, zip CRCs intact) and guard all later ones.
PINNED_SHA512 = {
    "9.5.4": "a75df614854ace52dd0bce977662b3792873ac077ec0af9026cd0b2a0eb119e4"
             "49910f8eb8ed577d1a83c51c6ee6af71bf5004c3cf5b418c979186de8b5dd9e6",
}
# (min, max) Java feature version, max None for "and newer". 8.x before 8.18 still use the SecurityManager,
# which Java 24 removed; 8.18 replaced it with entitlements, so 8.18 and 8.19 run on 17 and on 24+ (25 tried).
JVM_ROOT = Path("/usr/lib/jvm")
JAVA_RANGES = {(8, 0): (17, 23), (8, 18): (17, None), (9, 0): (21, None)}


def java_range(version: str) -> tuple[int, int | None]:
    """The Java feature versions an Elasticsearch version runs on."""
    wanted = tuple(int(part) for part in version.split(".")[:2])
    fitting = [since for since in JAVA_RANGES if since <= wanted]
    return JAVA_RANGES[max(fitting)] if fitting else JAVA_RANGES[min(JAVA_RANGES)]


def describe_range(low: int, high: int | None) -> str:
    return f"{low}-{high}" if high else f"{low} or newer"

ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
MAVEN_URL = (
    "https://repo.maven.apache.org/maven2/org/elasticsearch/distribution/"
    "integ-test-zip/elasticsearch/{version}/elasticsearch-{version}.zip"
)
ES_USER = "esnode"
HUNSPELL_PACKAGE = "hunspell-sv"
HUNSPELL_DIR = Path("/usr/share/hunspell")
HUNSPELL_LOCALE = "sv_SE"
HEAP = "512m"
# A loaded machine (CI, several test sessions at once) may need longer: ES_START_TIMEOUT seconds.
START_TIMEOUT = int(os.environ.get("ES_START_TIMEOUT", "120"))
STOP_TIMEOUT = 30


class NodeError(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"es_node: {message}", file=sys.stderr, flush=True)


def is_root() -> bool:
    return os.geteuid() == 0


def cache_dir() -> Path:
    if os.environ.get("ES_CACHE_DIR"):
        return Path(os.environ["ES_CACHE_DIR"])
    if is_root():
        return Path("/var/cache/dialog-es")
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "dialog-es"


def node_dir(port: int) -> Path:
    return cache_dir() / "nodes" / str(port)


def pid_file(port: int) -> Path:
    return node_dir(port) / "es.pid"


def node_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def resolve_version(version: str | None, major: int | None) -> str:
    if version:
        return version
    if major is None:
        return DEFAULT_VERSION
    if major not in NEWEST_BY_MAJOR:
        raise NodeError(f"unsupported major {major}; known: {sorted(NEWEST_BY_MAJOR)}")
    return NEWEST_BY_MAJOR[major]


@contextmanager
def cache_lock():
    """Serialise download/unzip/user creation between concurrent starts."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


# --- distribution ---------------------------------------------------------


def http_get(url: str) -> bytes | None:
    """Body of url, or None on 404."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def download(version: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if shutil.which("mvn"):
        log(f"downloading {ARTIFACT.format(version=version)} with mvn")
        result = subprocess.run(
            ["mvn", "-q", "-B", "dependency:copy",
             f"-Dartifact={ARTIFACT.format(version=version)}",
             f"-DoutputDirectory={target.parent}"],
            cwd=target.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        if result.returncode != 0:
            raise NodeError(f"mvn could not fetch Elasticsearch {version}:\n{result.stdout[-3000:]}")
    else:
        url = MAVEN_URL.format(version=version)
        log(f"downloading {url}")
        partial = target.with_suffix(".part")
        try:
            with urllib.request.urlopen(url, timeout=60) as response, open(partial, "wb") as out:
                shutil.copyfileobj(response, out, 1 << 20)
        except urllib.error.HTTPError as error:
            raise NodeError(f"cannot download {url}: HTTP {error.code}") from error
        partial.rename(target)
    size = target.stat().st_size / 2**20
    log(f"downloaded {size:.1f} MiB in {time.monotonic() - started:.1f} s")


def verify(version: str, archive: Path) -> None:
    """Compare archive with the checksum published beside it on Maven Central."""
    url = MAVEN_URL.format(version=version)
    for algorithm in ("sha512", "sha1"):
        body = http_get(f"{url}.{algorithm}")
        if body is not None:
            expected = body.decode().split()[0].lower()
            break
    else:
        algorithm = "sha512"
        expected = PINNED_SHA512.get(version)
    if expected is None:
        raise NodeError(
            f"Maven Central publishes no checksum for Elasticsearch {version} and none is "
            f"pinned in PINNED_SHA512 of {__file__}; refusing an unverified download"
        )
    digest = hashlib.new(algorithm)
    with open(archive, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        archive.unlink()
        raise NodeError(
            f"{archive.name}: {algorithm} mismatch (expected {expected}, got "
            f"{digest.hexdigest()}); the file was deleted, run start again"
        )
    log(f"{archive.name}: {algorithm} checksum OK")


def unzip(archive: Path, target: Path) -> None:
    """Unzip keeping the Unix permissions (zipfile drops the executable bits)."""
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    with zipfile.ZipFile(archive) as bundle:
        for info in bundle.infolist():
            path = Path(bundle.extract(info, staging))
            mode = info.external_attr >> 16 & 0o777
            if mode and not info.is_dir():
                path.chmod(mode)
    (top,) = staging.iterdir()
    top.rename(target)
    staging.rmdir()


def ensure_distribution(version: str) -> Path:
    """ES_HOME of an unzipped, verified distribution of version."""
    home = cache_dir() / "dist" / f"elasticsearch-{version}"
    if home.is_dir():
        return home
    archive = cache_dir() / "downloads" / f"elasticsearch-{version}.zip"
    if not archive.exists():
        download(version, archive)
    verify(version, archive)
    home.parent.mkdir(parents=True, exist_ok=True)
    unzip(archive, home)
    return home


# --- hunspell, user, java ---------------------------------------------------


def hunspell_files() -> list[Path]:
    files = [HUNSPELL_DIR / f"{HUNSPELL_LOCALE}.{ext}" for ext in ("aff", "dic")]
    if all(path.exists() for path in files):
        return files
    if not is_root():
        raise NodeError(
            f"{' and '.join(map(str, files))} missing; install them with "
            f"'sudo apt-get install {HUNSPELL_PACKAGE}'"
        )
    log(f"installing {HUNSPELL_PACKAGE} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", HUNSPELL_PACKAGE]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        # The package lists may be missing (fresh container) or stale.
        subprocess.run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL, check=True)
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=True)
    if not all(path.exists() for path in files):
        raise NodeError(f"{HUNSPELL_PACKAGE} is installed but {files} are still missing")
    return files


def ensure_user() -> None:
    try:
        pwd.getpwnam(ES_USER)
        return
    except KeyError:
        pass
    log(f"creating system user {ES_USER}")
    result = subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home",
         "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", ES_USER]
    )
    if result.returncode not in (0, 9):  # 9: created meanwhile by someone else
        raise NodeError(f"useradd {ES_USER} failed with exit code {result.returncode}")


def chown_tree(path: Path) -> None:
    subprocess.run(["chown", "-R", f"{ES_USER}:{ES_USER}", str(path)], check=True)


def java_feature_version(java_home: Path) -> int | None:
    try:
        release = (java_home / "release").read_text()
    except OSError:
        return None
    match = re.search(r'^JAVA_VERSION="(\d+)', release, re.MULTILINE)
    if not match or not (java_home / "bin" / "java").exists():
        return None
    return int(match.group(1))


def java_on_path() -> Path | None:
    """The JDK home of the `java` on PATH (through its symlinks, e.g. /etc/alternatives), when it has one."""
    found = shutil.which("java")
    if not found:
        return None
    return Path(found).resolve().parent.parent


def java_candidates() -> set[Path]:
    candidates = {path.resolve() for path in JVM_ROOT.glob("*") if path.is_dir()}
    if os.environ.get("JAVA_HOME"):
        candidates.add(Path(os.environ["JAVA_HOME"]).resolve())
    on_path = java_on_path()
    if on_path:
        candidates.add(on_path)
    return candidates


def pick_java_home(version: str) -> Path:
    """The newest JDK (under /usr/lib/jvm, at $JAVA_HOME or `java` on PATH) this Elasticsearch version runs on."""
    low, high = java_range(version)
    suitable, seen = [], []
    for home in java_candidates():
        feature = java_feature_version(home)
        if feature:
            seen.append(f"Java {feature} at {home}")
        if feature and feature >= low and (high is None or feature <= high):
            suitable.append((feature, str(home)))
    if not suitable:
        found = "; found only " + ", ".join(sorted(seen)) if seen else "; none found"
        raise NodeError(
            f"Elasticsearch {version} needs Java {describe_range(low, high)} (looked in {JVM_ROOT}, "
            f"$JAVA_HOME and `java` on PATH{found}). Install a JDK in that range or pass --java-home"
        )
    return Path(max(suitable)[1])


# --- node -------------------------------------------------------------------


def write_config(home: Path, version: str, port: int, hunspell: list[Path]) -> Path:
    """Per-port config dir (ES_PATH_CONF) with our elasticsearch.yml and the dictionary."""
    root = node_dir(port)
    config = root / "config"
    if not config.exists():
        shutil.copytree(home / "config", config)
    # Per-version data: a node cannot read data written by a newer version.
    data = root / "data" / version
    data.mkdir(parents=True, exist_ok=True)
    (root / "logs").mkdir(exist_ok=True)
    settings = {
        "cluster.name": f"dialog-es-{port}",
        "node.name": f"node-{port}",
        "network.host": "127.0.0.1",
        "http.port": port,
        # Not 0: the OS could hand the ephemeral transport port the very HTTP port that is still free while the
        # transport binds first, and the node's HTTP check would then meet "This is not an HTTP port".
        "transport.port": _transport_port(port),
        "discovery.type": "single-node",
        "path.data": str(data),
        "path.logs": str(root / "logs"),
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "action.destructive_requires_name": False,
    }
    # Some integ-test-zips bundle x-pack-security, which would demand TLS and passwords.
    if (home / "modules" / "x-pack-security").is_dir():
        settings["xpack.security.enabled"] = False
    (config / "elasticsearch.yml").write_text(
        "".join(f"{key}: {json.dumps(value)}\n" for key, value in settings.items())
    )
    dictionary = config / "hunspell" / HUNSPELL_LOCALE
    dictionary.mkdir(parents=True, exist_ok=True)
    for source in hunspell:
        shutil.copyfile(source, dictionary / source.name)
    return config


def read_pid(port: int) -> int | None:
    """Pid of the node on port, or None when it is not running."""
    try:
        pid = int(pid_file(port).read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    # A stale pid file may name a pid that now belongs to another process.
    return pid if b"org.elasticsearch" in cmdline else None


def health(port: int) -> str | None:
    """Cluster health status, or None when nothing answers."""
    try:
        with urllib.request.urlopen(f"{node_url(port)}/_cluster/health", timeout=5) as response:
            return json.load(response).get("status")
    except (OSError, ValueError):
        return None


def node_version(port: int) -> str:
    # The integ-test-zip has no handler for GET /, so ask the nodes API.
    with urllib.request.urlopen(f"{node_url(port)}/_nodes/_local/version", timeout=5) as response:
        (node,) = json.load(response)["nodes"].values()
    return node["version"]


def log_tail(port: int, lines: int = 40) -> str:
    logs = node_dir(port) / "logs"
    parts = []
    for path in (logs / "console.log", logs / f"dialog-es-{port}.log"):
        if path.exists():
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path} (last {len(tail)} lines)\n" + "\n".join(tail))
    return "\n".join(parts) or f"(no logs in {logs})"


def wait_healthy(port: int, launcher: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if health(port) in ("yellow", "green"):
            return
        # With -d the launcher exits 0 once the node is up and non-zero on failure.
        if launcher.poll() not in (None, 0):
            raise NodeError(
                f"Elasticsearch failed to start (exit code {launcher.returncode})\n{log_tail(port)}"
            )
        time.sleep(1)
    raise NodeError(f"Elasticsearch not healthy after {START_TIMEOUT} s\n{log_tail(port)}")


def free_port() -> int:
    """A loopback port nothing listens on now (for a node of a test, benchmark or load run)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _transport_port(http_port: int) -> int:
    while (port := free_port()) == http_port:
        pass
    return port


def start_node(port: int = DEFAULT_PORT, version: str | None = None,
               major: int | None = None, java_home: str | Path | None = None) -> str:
    """Start (or reuse) the node on port; return its URL once yellow/green."""
    url = node_url(port)
    version = resolve_version(version, major)
    if read_pid(port) and health(port) in ("yellow", "green"):
        running_version = node_version(port)
        if running_version != version:
            raise NodeError(
                f"{url} runs Elasticsearch {running_version}, not {version}; stop it first"
            )
        log(f"reusing the node already running at {url}")
        return url
    stop_node(port)
    if health(port) is not None:
        raise NodeError(f"port {port} is served by an Elasticsearch this script did not start")
    java = Path(java_home) if java_home else pick_java_home(version)
    with cache_lock():
        home = ensure_distribution(version)
        hunspell = hunspell_files()
        node_dir(port).mkdir(parents=True, exist_ok=True)
        config = write_config(home, version, port, hunspell)
        if is_root():
            ensure_user()
            if home.stat().st_uid != pwd.getpwnam(ES_USER).pw_uid:
                chown_tree(home)
            chown_tree(node_dir(port))
    env = {key: value for key, value in os.environ.items() if key != "JAVA_HOME"}
    env.update(
        ES_JAVA_HOME=str(java),
        ES_JAVA_OPTS=f"-Xms{HEAP} -Xmx{HEAP}",
        ES_PATH_CONF=str(config),
    )
    command = [str(home / "bin" / "elasticsearch"), "-d", "-p", str(pid_file(port))]
    if is_root():
        command = ["runuser", "-u", ES_USER, "--", *command]
    logs = node_dir(port) / "logs"
    log(f"starting Elasticsearch {version} on {url} (Java {java}, state in {node_dir(port)})")
    started = time.monotonic()
    with open(logs / "console.log", "ab") as console:
        # The JVM writes gc.log and crash files relative to its working directory.
        launcher = subprocess.Popen(
            command, cwd=logs, env=env, stdin=subprocess.DEVNULL,
            stdout=console, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_healthy(port, launcher, started + START_TIMEOUT)
    except BaseException:
        stop_node(port)
        if launcher.poll() is None:
            launcher.kill()
        raise
    log(f"Elasticsearch {version} healthy after {time.monotonic() - started:.1f} s")
    return url


def stop_node(port: int = DEFAULT_PORT, purge: bool = False) -> None:
    """Stop the node on port started by this script: SIGTERM, then SIGKILL after 30 s.

    purge also deletes the port's state (config, data, logs).
    """
    pid = read_pid(port)
    if pid is not None:
        terminate(port, pid)
    pid_file(port).unlink(missing_ok=True)
    if purge:
        shutil.rmtree(node_dir(port), ignore_errors=True)


def running(pid: int) -> bool:
    """Whether pid exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def terminate(port: int, pid: int) -> None:
    log(f"stopping Elasticsearch on port {port} (pid {pid})")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        if not running(pid):
            break
        time.sleep(0.5)
    else:
        log(f"pid {pid} ignored SIGTERM for {STOP_TIMEOUT} s, killing it")
        os.kill(pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status", "url"])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    versions = parser.add_mutually_exclusive_group()
    versions.add_argument("--version", help=f"Elasticsearch version (default {DEFAULT_VERSION})")
    versions.add_argument("--major", type=int, choices=sorted(NEWEST_BY_MAJOR),
                          help="newest known version of this major")
    parser.add_argument("--java-home", help="JDK to run the node with (default: picked automatically)")
    parser.add_argument("--purge", action="store_true", help="stop: also delete the port's data and logs")
    args = parser.parse_args(argv)

    try:
        if args.command == "start":
            print(start_node(args.port, args.version, args.major, args.java_home))
        elif args.command == "stop":
            stop_node(args.port, purge=args.purge)
        elif args.command == "status":
            status = health(args.port)
            pid = read_pid(args.port)
            print(f"{node_url(args.port)} pid={pid or '-'} health={status or 'down'}")
            return 0 if status else 1
        else:
            print(node_url(args.port))
    except NodeError as error:
        log(f"error: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
