"""The proof in a site nobody here wrote: the plugin's wheel in a project made by Wagtail's own `wagtail start`.

The test builds the wheel, installs it into a clean virtual environment, creates `proofsite` with `wagtail start`
and applies the code blocks of the plugin READMEs' "Installation" sections literally (each block is marked
`<!-- install: KIND -->`). It then runs that project's own runserver and db_worker against a real Elasticsearch
node and shows over HTTP that a posted comment waits, a moderator approves it in the admin and it shows, and
that a page published in the admin is found by the search page.

The virtual environment is cached between runs (keyed by the Python version and the wheel's dependency list), so
a warm run only reinstalls the wheel itself.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from bs4 import BeautifulSoup

from scripts import es_node, processes

pytestmark = [pytest.mark.install, pytest.mark.elasticsearch]

REPO = Path(__file__).resolve().parents[2]
READMES = [REPO / "dialog_moderation" / "README.md", REPO / "dialog_search" / "README.md"]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "wagtail-dialog-proof"
INSTALL_BLOCK = re.compile(r"<!-- install: (?P<kind>[a-z]+) -->\s*\n(?P<indent>[ \t]*)```[a-z]*\n(?P<code>.*?)\n[ \t]*```",
                           re.DOTALL)
ADMIN = {"username": "moderator", "password": "proof-" + uuid.uuid4().hex, "email": "moderator@example.com"}


def run(args, *, cwd, env=None, timeout=600) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result.stdout


def install_blocks() -> dict[str, list[str]]:
    """Every `install:` code block of the READMEs, by kind, in the READMEs' order."""
    blocks: dict[str, list[str]] = {}
    for readme in READMES:
        text = readme.read_text(encoding="utf-8")
        installation = text.split("## Installation", 1)[1].split("\n## ", 1)[0]
        for match in INSTALL_BLOCK.finditer(installation):
            blocks.setdefault(match["kind"], []).append(textwrap.dedent(match["code"]) + "\n")
    return blocks


def build_wheel(into: Path) -> Path:
    run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--quiet", "-w", str(into)], cwd=REPO)
    (wheel,) = into.glob("wagtail_dialog-*.whl")
    return wheel


def wheel_requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        lines = archive.read(metadata).decode().splitlines()
    return sorted(line.split(":", 1)[1].strip() for line in lines if line.startswith("Requires-Dist:"))


def python_for_django6() -> str:
    """The newest Python >= 3.12 here (Django 6 needs it), found as the Makefile's venv-django6 finds it."""
    candidates = [os.environ.get("PYTHON6", ""), "python3.14", "python3.13", "python3.12",
                  *sorted(map(str, Path.home().glob(".pyenv/versions/3.1[234]*/bin/python3")), reverse=True)]
    for candidate in filter(None, candidates):
        path = shutil.which(candidate)
        if path and subprocess.run([path, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"],
                                   capture_output=True).returncode == 0:
            return path
    raise AssertionError("Django 6 needs Python >= 3.12 and none runs here (python3.12-3.14, ~/.pyenv or PYTHON6)")


def proof_venv(wheel: Path, interpreter: str) -> Path:
    """A virtual environment with the wheel and its dependencies: made once per Python and dependency list."""
    version = run([interpreter, "-c", "import sys; print(sys.version)"], cwd=REPO)
    key = hashlib.sha256("\n".join([version, *wheel_requirements(wheel)]).encode()).hexdigest()[:16]
    venv = CACHE / f"venv-{key}"
    python = venv / "bin" / "python"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        venv.parent.mkdir(parents=True, exist_ok=True)
        run([interpreter, "-m", "venv", str(venv)], cwd=CACHE)
        run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], cwd=CACHE, timeout=300)
        run([python, "-m", "pip", "install", "--quiet", str(wheel)], cwd=CACHE, timeout=900)
        (venv / ".complete").touch()
    else:
        run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(wheel)], cwd=CACHE)
    return venv


def follow_readmes(project: Path, blocks: dict[str, list[str]], *, elasticsearch_url: str, prefix: str) -> None:
    settings = project / "proofsite" / "settings"
    with (settings / "base.py").open("a", encoding="utf-8") as base:
        for block in blocks["settings"]:
            base.write("\n" + block)
    # What a developer puts in the project's local settings (dev.py imports local.py): where this machine's node is.
    (settings / "local.py").write_text(
        f"ELASTICSEARCH_URL = {elasticsearch_url!r}\nELASTICSEARCH_INDEX_PREFIX = {prefix!r}\n", encoding="utf-8")
    with (project / "proofsite" / "urls.py").open("a", encoding="utf-8") as urls:
        for block in blocks["urls"]:
            urls.write("\n" + block)
    (model,) = blocks["model"]
    (project / "home" / "models.py").write_text(model, encoding="utf-8")
    (registration,) = blocks["registration"]
    (project / "home" / "search.py").write_text(registration, encoding="utf-8")
    template = project / "home" / "templates" / "home" / "home_page.html"
    (include,) = blocks["template"]
    html = template.read_text(encoding="utf-8")
    assert "{% block content %}" in html, "wagtail start's home page template changed shape"
    template.write_text(html.replace("{% block content %}", "{% block content %}\n" + include, 1), encoding="utf-8")


def wait_for_http(url: str, process: subprocess.Popen, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server ended with {process.returncode}"
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def form_fields(form) -> dict[str, str]:
    """What a browser sends for a form as rendered: every named input, textarea and select with its value."""
    fields = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "button", "file"):
            continue
        if element.get("type") in ("checkbox", "radio") and not element.has_attr("checked"):
            continue
        if element.name == "textarea":
            fields[name] = element.text
        elif element.name == "select":
            selected = element.find("option", selected=True) or element.find("option")
            fields[name] = selected.get("value", selected.text) if selected else ""
        else:
            fields[name] = element.get("value", "on" if element.get("type") == "checkbox" else "")
    return fields


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_the_plugin_apps_and_nothing_of_the_site(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    tracked = set(run(["git", "ls-files", "dialog_moderation", "dialog_search"], cwd=REPO).split())
    plugin = {name for name in names if not name.startswith("wagtail_dialog-0.1.0.dist-info/")}
    assert plugin == tracked, f"missing: {sorted(tracked - plugin)[:10]}, extra: {sorted(plugin - tracked)[:10]}"
    for app in ("dialog_moderation", "dialog_search"):
        assert {f"{app}/__init__.py", f"{app}/apps.py", f"{app}/README.md"} <= names
        assert any(name.startswith(f"{app}/templates/{app}/") for name in names)
    assert any(name.startswith("dialog_moderation/migrations/0001_") for name in names)
    assert "dialog_search/data/compound_parts.txt" in names and "dialog_search/data/stopwords_sv.txt" in names
    # Compiled catalogues ship beside their sources, so a host gets the Swedish without running compilemessages.
    catalogues = sorted(name for name in names if name.endswith(".po"))
    assert [name for name in catalogues if name[:-3] + ".mo" not in names] == []
    assert "wagtail_dialog-0.1.0.dist-info/licenses/LICENSE" in names
    requirements = wheel_requirements(wheel)
    assert "Django<6.2,>=5.2" in requirements and "wagtail<9,>=8.0" in requirements


# pip picks the newest Django the wheel allows for each Python: 5.2 on Python 3.11, 6.1 on 3.12 and newer.
DJANGO_LINES = {"django52": ("5.2.", lambda: sys.executable), "django61": ("6.1.", python_for_django6)}


@pytest.fixture(scope="module", params=sorted(DJANGO_LINES))
def proofsite(request, elasticsearch_url, tmp_path_factory, wheel):
    """The running proof project: (base URL, a function running its manage.py)."""
    django_line, interpreter = DJANGO_LINES[request.param]
    work = tmp_path_factory.mktemp(f"proof-{request.param}")
    venv = proof_venv(wheel, interpreter())
    python = str(venv / "bin" / "python")
    django_version = run([python, "-c", "import django; print(django.get_version())"], cwd=work).strip()
    assert django_version.startswith(django_line), f"pip installed Django {django_version} for {request.param}"
    run([str(venv / "bin" / "wagtail"), "start", "proofsite"], cwd=work)
    project = work / "proofsite"
    prefix = f"proof{uuid.uuid4().hex[:8]}"
    blocks = install_blocks()
    follow_readmes(project, blocks, elasticsearch_url=elasticsearch_url, prefix=prefix)

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ELASTICSEARCH_"))}
    env.update(DJANGO_SETTINGS_MODULE="proofsite.settings.dev", PYTHONDONTWRITEBYTECODE="1",
               DJANGO_SUPERUSER_USERNAME=ADMIN["username"], DJANGO_SUPERUSER_PASSWORD=ADMIN["password"],
               DJANGO_SUPERUSER_EMAIL=ADMIN["email"])

    def manage(*args, timeout=300):
        return run([python, "manage.py", *args], cwd=project, env=env, timeout=timeout)

    run([python, "manage.py", "check", "--fail-level", "WARNING"], cwd=project, env=env)
    started = []
    for block in blocks["commands"]:
        for line in block.splitlines():
            command = line.split()
            if not command:
                continue
            assert command[:2] == ["python", "manage.py"], f"a README command this test cannot follow: {line}"
            if command[2] == "createsuperuser":
                command.append("--noinput")
            if command[2] == "db_worker":
                started.append([python, "manage.py", *command[2:], "--interval", "0.2", "--no-startup-delay"])
                continue
            manage(*command[2:])
    port = es_node.free_port()
    started.append([python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"])
    logs = work / "logs"
    logs.mkdir()
    running = []
    try:
        for number, args in enumerate(started):
            log = (logs / f"{number}.log").open("w")
            running.append(subprocess.Popen(args, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True))
        base_url = f"http://127.0.0.1:{port}/"
        wait_for_http(base_url, running[-1])
        yield base_url, manage
    finally:
        ended_early = [" ".join(map(str, process.args[1:])) for process in running if process.poll() is not None]
        for process in running:
            processes.stop(process, group=True, grace=10)
        httpx.delete(f"{elasticsearch_url}/{prefix}*", timeout=30)
        for log in sorted(logs.glob("*.log")):
            sys.stderr.write(f"--- {log.name} ---\n{log.read_text(errors='replace')[-3000:]}\n")
    assert not ended_early, f"ended before the test did: {ended_early}"


def reverse(manage, name: str, *args) -> str:
    """The project's own URL for a URL name, as its templates would link it."""
    code = f"from django.urls import reverse; print(reverse({name!r}, args={list(args)!r}))"
    return manage("shell", "-c", code).strip().splitlines()[-1]


def admin_login(client: httpx.Client, manage) -> None:
    login_url = reverse(manage, "wagtailadmin_login")
    page = client.get(login_url)
    fields = form_fields(BeautifulSoup(page.text, "html.parser").find("form", method=re.compile("post", re.I)))
    fields.update(username=ADMIN["username"], password=ADMIN["password"])
    answer = client.post(login_url, data=fields)
    assert answer.status_code == 302, f"the admin login failed: {answer.status_code}"


def test_comment_waits_then_shows_after_approval_and_a_published_page_is_found(proofsite):
    base_url, manage = proofsite
    word = "proof" + uuid.uuid4().hex[:10]
    text = f"En kommentar från beviset {word}."

    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as reader:
        home = reader.get("/")
        assert home.status_code == 200
        form = BeautifulSoup(home.text, "html.parser").find("form", class_="comment-form")
        assert form is not None, "the comments section is not on the page"
        fields = form_fields(form)
        fields.update(name="Provläsare", email="reader@example.com", text=text, consent="on")
        time.sleep(2.2)  # the form refuses posts sooner than MODERATION_FORM_MIN_SECONDS (2) after rendering
        posted = reader.post(urljoin(base_url, form["action"]), data=fields)
        assert posted.status_code == 302, posted.text[:2000]
        assert text not in reader.get("/").text, "a pending comment is shown"

    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as moderator:
        admin_login(moderator, manage)
        queue = moderator.get(reverse(manage, "moderation:queue"))
        assert queue.status_code == 200 and text in queue.text, "the comment is not waiting in the queue"
        detail_paths = set(re.findall(r'href="(%s)"' % re.escape(reverse(manage, "moderation:detail", 999999))
                                      .replace("999999", r"\d+"), queue.text))
        assert len(detail_paths) == 1, f"expected one comment in the queue, links: {detail_paths}"
        (detail_path,) = detail_paths
        detail = BeautifulSoup(moderator.get(detail_path).text, "html.parser")
        approve = detail.find("button", attrs={"name": "action", "value": "approve"})
        assert approve is not None, "no approve button on the comment's admin page"
        fields = form_fields(approve.find_parent("form"))
        fields["action"] = "approve"  # what the browser sends for the clicked button
        approved = moderator.post(detail_path, data=fields)
        assert approved.status_code == 302, approved.text[:2000]

        assert text in httpx.get(base_url, timeout=30).text, "the approved comment is not shown"

        # An editor publishes the home page with a new title in the admin; the worker indexes it.
        edit_path = reverse(manage, "wagtailadmin_pages:edit", 3)
        edit = moderator.get(edit_path)
        assert edit.status_code == 200
        page_form = BeautifulSoup(edit.text, "html.parser").find("form", attrs={"data-edit-form": True}) or \
            BeautifulSoup(edit.text, "html.parser").find("form", id="page-edit-form")
        fields = form_fields(page_form)
        fields.update(title=f"Välkommen {word}", **{"action-publish": "action-publish"})
        published = moderator.post(edit_path, data=fields)
        assert published.status_code == 302, published.text[:3000]

    search_path = reverse(manage, "dialog_search:page")
    deadline = time.monotonic() + 30
    while True:
        found = httpx.get(urljoin(base_url, search_path), params={"q": word}, timeout=30)
        assert found.status_code == 200, found.text[:2000]
        hits = [link for link in BeautifulSoup(found.text, "html.parser").find_all("a", href=True)
                if word in link.get_text(" ", strip=True)]
        if hits:
            assert urljoin(base_url, hits[0]["href"]) == base_url, f"the hit links elsewhere: {hits[0]}"
            break
        assert time.monotonic() < deadline, f"the published page was not found by search within 30 s:\n{found.text}"
        time.sleep(0.5)
