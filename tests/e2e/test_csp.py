"""The Content-Security-Policy in a real browser: readers and editors do their work and nothing is refused.

Every page and frame of a context reports its ``securitypolicyviolation`` events to the test (an init script that
also keeps them on ``window.__cspViolations``), and Chromium's "Refused to …" console errors and uncaught page
errors are collected beside them. Each journey asserts that every step worked, then that nothing was refused.
"""

import re

import pytest
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.e2e.conftest import E2E, start_post_with_uploaded_hero, track_page

pytestmark = E2E

SEED_URL = "/blogg/erfarenhetsutbyte-hur-bestallarnatverk-kan-driva-innovation-och-samarbete/"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const violation = {
        directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile,
        line: event.lineNumber, sample: event.sample, disposition: event.disposition, page: document.URL,
    };
    window.__cspViolations.push(violation);
    window.__reportCspViolation(violation);
});
"""


class PolicyWatch:
    """What the browser refused or failed at, in every page and frame of the contexts it watches."""

    def __init__(self):
        self.violations = []
        self.console_errors = []
        self.page_errors = []

    def watch_context(self, context):
        context.expose_binding("__reportCspViolation", lambda source, violation: self.violations.append(violation))
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("page", self.watch_page)
        for page in context.pages:
            self.watch_page(page)
        return context

    def watch_page(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _console(self, message):
        if message.type == "error" and re.search(r"Refused to|Content Security Policy", message.text):
            self.console_errors.append(message.text)

    def assert_nothing_refused(self):
        problems = [f"violation: {v}" for v in self.violations]
        problems += [f"console: {text}" for text in self.console_errors]
        problems += [f"page error: {text}" for text in self.page_errors]
        assert not problems, "the browser refused or failed at:\n" + "\n".join(problems)


@pytest.fixture
def watched(new_context):
    """``(watch, new_page)``: pages in contexts whose refusals are collected."""
    watch = PolicyWatch()

    def new_page():
        return watch.watch_context(new_context()).new_page()

    yield watch, new_page
    # Shown with a failure that came before the final assertion.
    print("refused or failed:", *watch.violations, *watch.console_errors, *watch.page_errors, sep="\n")


def leave_editor(editor, user):
    """Leaves an edit page and waits until Wagtail's editing-session release (a beacon sent as the page goes) is done.

    The live server answers requests in threads that share one in-memory SQLite connection; the release and the
    next page's request at once can break each other's transaction.
    """
    from wagtail.admin.models import EditingSession

    editor.goto("about:blank")
    for _ in range(50):
        if not EditingSession.objects.filter(user=user).exists():
            return
        editor.wait_for_timeout(100)
    raise AssertionError("the editing session was not released within 5 seconds")


def assert_policy(response, *, admin):
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "object-src 'none'" in policy, policy
    assert ("frame-ancestors 'self'" if admin else "frame-ancestors 'none'") in policy, policy


def test_reader_pages_and_comment_form_work_under_the_policy(watched, request, seed_post, search_index):
    watch, new_page = watched
    page = new_page()
    track_page(request, "reader", page)

    assert_policy(page.goto("/"), admin=False)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute", \
        "site.css was not applied"

    assert_policy(page.goto("/blogg/"), admin=False)
    expect(page.get_by_role("main").get_by_role("link", name=re.compile("Erfarenhetsutbyte")).first).to_be_visible()
    page.get_by_role("main").get_by_role("img").first.evaluate("img => img.decode()")

    assert_policy(page.goto(SEED_URL), admin=False)
    form = page.locator("form").filter(has=page.get_by_role("button", name="Skicka kommentar"))
    honeypot = form.locator(".field--website")
    expect(honeypot).to_be_attached()
    box = honeypot.bounding_box()
    assert box is not None and box["x"] + box["width"] < 0, f"the honeypot field is on screen at {box}"
    form.get_by_role("textbox", name="Namn").fill("Cecilia Policy")
    form.get_by_role("textbox", name="E-post").fill("cecilia@example.com")
    form.get_by_role("textbox", name="Kommentar").fill("Skrivet under en strikt säkerhetspolicy.")
    form.get_by_role("checkbox", name=re.compile("godkänner det")).check()
    form.get_by_role("button", name="Skicka kommentar").click()
    expect(page.get_by_role("status")).to_have_text("Tack! Din kommentar granskas innan den publiceras.")

    assert_policy(page.goto("/natverk/bebo/"), admin=False)
    expect(page.get_by_role("heading", level=1)).to_contain_text("BeBo")

    assert_policy(page.goto("/sok/?q=nätverk"), admin=False)
    expect(page.get_by_role("status")).to_contain_text("träffar för ”nätverk”")
    expect(page.get_by_role("main").locator("mark").first).to_be_visible()

    watch.assert_nothing_refused()


def test_moderator_and_editor_work_in_the_admin_under_its_policy(watched, request, seed_post, blog, bebo,
                                                                  superuser, admin_login, tmp_path):
    from PIL import Image

    from dialog_moderation import services

    pending = services.comment_submit(page=seed_post, name="Petra Policy", email="petra@example.com",
                                      text="En kommentar som väntar under policyn.", consent=True, ip="127.0.0.1")
    title = "Policyprovet – ett inlägg skrivet under admin-policyn"
    image_path = tmp_path / "policy-bild.png"
    Image.new("RGB", (320, 200), (160, 40, 20)).save(image_path)

    watch, new_page = watched
    editor = new_page()
    track_page(request, "editor", editor)

    admin_login(editor)
    expect(editor.get_by_role("heading", level=1)).to_be_visible()
    assert_policy(editor.goto("/admin/"), admin=True)
    expect(editor.get_by_role("region", name="Kommentarer att granska")).to_contain_text("1 kommentar väntar")

    # The moderation queue and one comment's detail.
    editor.get_by_role("link", name=re.compile(rf"^{gettext('Comments')} \(1\)")).click()
    expect(editor).to_have_url(re.compile(r"/admin/moderation/"))
    row = editor.get_by_role("row").filter(has_text=pending.comment)
    expect(row).to_have_count(1)
    editor.goto(f"/admin/moderation/{pending.pk}/")
    expect(editor.get_by_text(pending.comment).first).to_be_visible()
    expect(editor.locator(".thread li").first).to_have_attribute("aria-current", "true")

    # A new post: title, lead, a hero image uploaded in the image chooser, a StreamField paragraph typed in Draftail.
    start_post_with_uploaded_hero(editor, blog, title=title, lead="En ingress under admin-policyn.",
                                  image_path=image_path, image_title="Policybild", alt="En röd rektangel.")
    # Widgets Wagtail starts with inline scripts, started by cms/static/cms/js/widget-start.js instead.
    editor.get_by_role("textbox", name=re.compile("^Publiceringsdatum")).click()
    expect(editor.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    editor.get_by_role("textbox", name=re.compile("^Publiceringsdatum")).press("Escape")
    editor.get_by_role("button", name="Välj skribent").click()
    chooser = editor.get_by_role("dialog")
    chooser.get_by_role("link", name="Niklas Tideklev").click()
    expect(chooser).to_be_hidden()
    expect(editor.get_by_role("region", name="Publicering")).to_contain_text("Niklas Tideklev")

    editor.get_by_role("button", name="Lägg till ett block").first.click()
    editor.get_by_role("option", name="Stycke").click()
    editor.locator(".Draftail-Editor [contenteditable='true']").first.click()
    editor.keyboard.type("Ett stycke skrivet i Draftail under policyn.")

    # An image block in the body: the image chooser's listing, choosing the image uploaded above.
    editor.get_by_role("button", name="Lägg till ett block").last.click()
    editor.get_by_role("option", name="Bild").click()
    editor.get_by_role("button", name="Välj en bild").last.click()
    chooser = editor.get_by_role("dialog")
    chooser.get_by_role("link", name=re.compile("Policybild")).click()
    expect(chooser).to_be_hidden()
    editor.get_by_role("textbox", name=re.compile("^Alternativtext")).last.fill("Samma röda rektangel.")

    editor.get_by_role("button", name="Spara utkast").click()
    expect(editor.locator(".messages")).to_contain_text(re.compile("skapad|sparad|uppdaterad"))

    # The preview panel frames the admin's preview view.
    editor.get_by_role("button", name="Växla förhandsgranskning").click()
    preview = editor.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    expect(preview.get_by_text("Ett stycke skrivet i Draftail under policyn.")).to_be_visible()
    # The checks panel runs Wagtail's content checks (axe-core) in the preview.
    editor.get_by_role("button", name="Växla kontroller").click()
    expect(editor.locator("[data-side-panel='checks']")).to_be_visible()

    editor.get_by_role("button", name="Fler åtgärder").click()
    editor.get_by_role("button", name="Publicera").click()
    expect(editor.locator(".messages")).to_contain_text(re.compile("publicerad"))

    # An inline panel: a network's members, one more added.
    leave_editor(editor, superuser)
    editor.goto(f"/admin/pages/{bebo.id}/edit/")
    total = editor.locator("#id_members-TOTAL_FORMS")
    before = int(total.input_value())
    editor.get_by_role("button", name=re.compile("Lägg till medlem", re.IGNORECASE)).click()
    expect(total).to_have_value(str(before + 1))
    expect(editor.locator(f"#inline_child_members-{before}")).to_be_visible()

    # Snippets.
    leave_editor(editor, superuser)
    editor.goto("/admin/snippets/")
    expect(editor.get_by_role("heading", level=1)).to_be_visible()
    editor.get_by_role("link", name=re.compile("Skribent", re.IGNORECASE)).first.click()
    expect(editor.get_by_role("table")).to_be_visible()

    # A reader sees the post, its images loading from the same origin.
    reader = new_page()
    track_page(request, "reader", reader)
    reader.goto("/blogg/")
    reader.get_by_role("link", name=title).click()
    expect(reader.get_by_role("img", name="En röd rektangel.")).to_be_visible()
    expect(reader.get_by_text("Ett stycke skrivet i Draftail under policyn.")).to_be_visible()

    watch.assert_nothing_refused()


def test_api_docs_render_every_operation_from_the_sites_own_files(watched, request, live_server):
    """/api/docs/ is Swagger UI from the site's static files: every operation shows, nothing is fetched elsewhere."""
    import json
    from urllib.request import urlopen

    with urlopen(f"{live_server.url}/api/openapi.json") as answer:
        schema = json.load(answer)
    methods = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
    operations = {(method.upper(), path) for path, item in schema["paths"].items() for method in item if method in methods}
    assert len(operations) >= 5, operations

    watch, new_page = watched
    page = new_page()
    track_page(request, "docs", page)
    requested = []
    page.on("request", lambda r: requested.append(r.url))

    assert_policy(page.goto("/api/docs/"), admin=False)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Dialog och innovation API")
    expect(page.locator(".opblock")).to_have_count(len(operations))
    shown = set()
    for block in page.locator(".opblock").all():
        method = block.locator(".opblock-summary-method").inner_text().strip().upper()
        path = block.locator(".opblock-summary-path").get_attribute("data-path")
        shown.add((method, path))
    assert shown == operations

    foreign = [url for url in requested if not url.startswith(live_server.url) and not url.startswith(("data:", "blob:"))]
    assert not foreign, f"requests that left the site: {foreign}"
    assert any("/static/ninja/swagger-ui-bundle" in url for url in requested), requested
    watch.assert_nothing_refused()
