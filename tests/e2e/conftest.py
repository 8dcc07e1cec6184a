"""Browser journeys: the real site served by pytest-django's ``live_server``, driven by Debian's Chromium.

How the database is kept whole. The live server runs in another thread, so the journeys need committed data:
they are transactional, and Django empties every table after a transactional test. The session's
``django_db_setup`` loads the demo content once; this conftest serialises that database (demo content plus what
migrations created: the Wagtail root page, groups, collections) into ``_test_serialized_contents``, and marks
each journey ``serialized_rollback=True``: Django puts the snapshot back before each journey, and after the last
journey of a run this conftest puts it back once more, so the tests that follow find the demo content as
``tests/conftest.py`` promises.

The browser. Playwright never downloads a browser here: it launches ``/usr/bin/chromium`` (installed by
``scripts/install_browser.sh``). Without it the journeys are skipped locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests import demo_snapshot
from tests.search.isolation import own_indexes
from django.db import connections

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
DOCS = REPO / "docs"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
DEFAULT_TIMEOUT_MS = 10_000

# Every journey module: ``pytestmark = E2E``. A browser test on committed data that is put back before (by Django)
# and after (below). WhiteNoise warns that STATIC_ROOT is not collected; the live server serves static files itself.
E2E = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing(what: str, how: str):
    message = f"{what} is missing: {how}"
    if _in_ci():
        pytest.fail(f"{message} (CI=true: browser tests must run, not be skipped)", pytrace=False)
    pytest.skip(message)


# --- the database ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _e2e_snapshot(django_db_setup, django_db_blocker):
    """The demo database, serialised once; Django restores it before every journey (serialized_rollback)."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-comments", verbosity=0, stdout=io.StringIO())
        demo_snapshot.take()


@pytest.fixture(autouse=True)
def _e2e_database(_e2e_snapshot, settings):
    """Session-scoped snapshot first, so it exists before pytest-django's per-test setup deserialises it.

    The comment form refuses posts sent sooner than MODERATION_FORM_MIN_SECONDS after rendering (a bot check);
    a browser driven by a test is that fast.
    """
    settings.MODERATION_FORM_MIN_SECONDS = 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # Django emptied the tables after this journey. The next journey restores them itself; any other test
    # (or none: the session ends and the database goes away) gets the demo back here.
    if nextitem is None or _is_journey(nextitem) or not _is_journey(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        demo_snapshot.restore()


def _is_journey(item) -> bool:
    return item.get_closest_marker("e2e") is not None


# --- the browser ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE_JS.is_file():
        _missing("axe-core", f"{AXE_JS.relative_to(REPO)} not found; run scripts/install_browser.sh")
    return AXE_JS


@pytest.fixture(scope="module")
def _playwright():
    """Per module, so nothing of it outlives the journeys (other tests run after them in the same process)."""
    if not CHROMIUM.exists():
        _missing("Chromium", f"{CHROMIUM} not found; run scripts/install_browser.sh (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright", "the Python package is not installed; pip install -r requirements.txt")
    # Playwright's sync API leaves this thread in another context, where Django's connection handler (a
    # context-local) would open new database wrappers: the tests would then no longer share the one the live
    # server uses (an in-memory SQLite database is shared through it) nor the snapshot stored on it.
    # It also marks an event loop as running in this thread, so Django would refuse the tests' (synchronous)
    # ORM calls as "async unsafe"; allowed while the browser runs.
    wrappers = {alias: connections[alias] for alias in connections}
    allow_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, wrapper in wrappers.items():
                connections[alias] = wrapper
            yield playwright
    finally:
        if allow_async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allow_async_unsafe


@pytest.fixture(scope="session")
def _fresh_artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # what is left there after a run is that run's failures


@pytest.fixture(scope="module")
def browser(_playwright, _fresh_artifacts):
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _serve_media(route):
    """The test settings do not serve MEDIA_ROOT (DEBUG is off); the browser gets uploaded files from disk."""
    from urllib.parse import unquote, urlsplit

    relative = unquote(urlsplit(route.request.url).path)[len(settings.MEDIA_URL):]
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root in path.parents and path.is_file():
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404, body="")


@pytest.fixture
def new_context(browser, live_server, request):
    """Opens browser contexts (one per user) on the live server; closes them after the test."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "sv-SE")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.route(re.compile(r"^https?://[^/]+" + re.escape(settings.MEDIA_URL)), _serve_media)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, request):
    """A reader's page. On failure its screenshot and HTML go to test-artifacts/e2e/<test>/."""
    page = new_context().new_page()
    request.node._e2e_pages = [("page", page)]
    yield page


def track_page(request, name: str, page) -> None:
    """Adds a page (another user's) to what is saved on failure."""
    pages = getattr(request.node, "_e2e_pages", [])
    pages.append((name, page))
    request.node._e2e_pages = pages


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    pages = getattr(item, "_e2e_pages", None)
    if not pages:
        return
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", item.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for name, page in pages:
        try:
            if page.is_closed():
                continue
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            (folder / f"{name}.html").write_text(page.content(), encoding="utf-8")
            (folder / f"{name}.url.txt").write_text(page.url + "\n", encoding="utf-8")
        except Exception as error:  # the report must not hide the test's own failure
            (folder / f"{name}.error.txt").write_text(repr(error), encoding="utf-8")
    report.sections.append(("e2e artifacts", str(folder)))


# --- helpers the journeys share ---------------------------------------------------------------------------------


@pytest.fixture
def axe(axe_source):
    """``axe(page, context=None)``: runs axe-core in the page; fails on serious or critical violations."""

    def check(page, *, include=None, label=""):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated by the driver rather than added as an inline <script>, which the site's policy refuses.
            page.evaluate(axe_source.read_text(encoding="utf-8"))
        results = page.evaluate(
            """async (include) => {
                const context = include ? {include: [include]} : document;
                const r = await axe.run(context, {resultTypes: ['violations']});
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
                }));
            }""",
            include,
        )
        serious = [v for v in results if v["impact"] in ("serious", "critical")]
        assert not serious, format_violations(label or page.url, serious)
        return results

    return check


def format_violations(where: str, violations) -> str:
    lines = [f"axe-core: {len(violations)} serious/critical violation(s) on {where}"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"      {summary_line}")
    return "\n".join(lines)


@pytest.fixture
def screenshot_for_docs():
    """``screenshot_for_docs(page, "name.png")`` writes docs/name.png, only when UPDATE_SCREENSHOTS=1."""

    def take(page, name: str, **options):
        if os.environ.get("UPDATE_SCREENSHOTS") != "1":
            return
        DOCS.mkdir(exist_ok=True)
        options.setdefault("full_page", False)
        page.screenshot(path=str(DOCS / name), **options)

    return take


@pytest.fixture
def superuser(transactional_db, django_user_model):
    """An admin user with a known password (logins go through the real form)."""
    password = "e2e-Lösenord-1"
    user = django_user_model.objects.create_superuser("e2e-admin", "e2e-admin@example.com", password)
    user.raw_password = password
    return user


@pytest.fixture
def admin_login(superuser):
    """``admin_login(page)``: logs in through /admin/login/ with the real form."""

    def login(page, user=None):
        user = user or superuser
        page.goto("/admin/login/")
        page.get_by_label(re.compile(r"Användarnamn|Username")).fill(user.get_username())
        page.get_by_label(re.compile(r"Lösenord|Password")).fill(user.raw_password)
        page.get_by_role("button", name=re.compile(r"Logga in|Sign in|Log in")).click()
        page.wait_for_url(re.compile(r"/admin/$"))
        return user

    return login


def start_post_with_uploaded_hero(editor, blog, *, title, lead, image_path, image_title, alt):
    """In the admin: a new post under the blog, its title and lead filled, its hero image uploaded in the chooser."""
    from playwright.sync_api import expect

    editor.goto(f"/admin/pages/{blog.id}/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text(blog.title)
    editor.get_by_role("link", name="Lägg till undersida").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(re.compile("Blogginlägg"))
    editor.get_by_role("textbox", name=re.compile("^Titel")).fill(title)
    editor.get_by_role("textbox", name=re.compile("^Ingress")).fill(lead)

    editor.get_by_role("button", name="Välj en bild").click()
    chooser = editor.get_by_role("dialog")
    chooser.get_by_role("tab", name="Ladda upp").click()
    upload = chooser.get_by_role("tabpanel", name="Ladda upp")
    upload.get_by_role("button", name=re.compile(r"^Fil\b")).set_input_files(str(image_path))
    upload.get_by_role("textbox", name=re.compile("^Titel")).fill(image_title)
    upload.get_by_role("button", name="Ladda upp").click()
    expect(chooser).to_be_hidden()
    expect(editor.get_by_role("region", name="Huvudbild")).to_contain_text(image_title)
    editor.get_by_role("textbox", name="Alternativtext för huvudbilden").fill(alt)


@pytest.fixture(scope="module")
def search_index(elasticsearch_url, _e2e_snapshot, django_db_blocker):
    """Search on the real Elasticsearch node (tests/plugins/elasticsearch_node.py), indexes of this module's own.

    Module-scoped so the settings override nests inside the search tests' session-wide one and never leaks.
    The indexes hold the demo content, the same pages the database snapshot restores before each journey.
    """
    from dialog_search import services
    from dialog_search.tasks import pending_index_tasks

    with own_indexes(elasticsearch_url, "e2e") as prefix:
        with django_db_blocker.unblock():
            # Set up before the journey's own database setup: the tables may still be empty after the last one.
            demo_snapshot.restore()
            pending_index_tasks().delete()
            services.index_rebuild(thread_count=1)
        yield prefix


@pytest.fixture
def index_worker(search_index):
    """Does the task worker's job (``manage.py db_worker``) in the test's thread: runs the due index tasks.

    A separate worker process cannot see the test database (in-memory SQLite shared with the live server).
    """
    from dialog_search import services
    from dialog_search.tasks import run_pending_index_tasks

    def run() -> int:
        ran = run_pending_index_tasks()
        services.index_refresh()
        return ran

    return run
