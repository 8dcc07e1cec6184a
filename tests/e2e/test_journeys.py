"""Real user flows in a real browser: readers, moderators and editors on the live site."""

import re
import time
from urllib.parse import quote

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import expect

from tests.e2e.conftest import E2E, start_post_with_uploaded_hero, track_page

pytestmark = E2E

SEED_URL = "/blogg/erfarenhetsutbyte-hur-bestallarnatverk-kan-driva-innovation-och-samarbete/"
SEED_TITLE = "Erfarenhetsutbyte – hur beställarnätverk kan driva innovation och samarbete"
THANKS = "Tack! Din kommentar granskas innan den publiceras."


def comment_form(page):
    return page.locator("form").filter(has=page.get_by_role("button", name="Skicka kommentar"))


def fill_comment(page, *, name, email, text, consent=True):
    form = comment_form(page)
    form.get_by_role("textbox", name="Namn").fill(name)
    form.get_by_role("textbox", name="E-post").fill(email)
    form.get_by_role("textbox", name="Kommentar").fill(text)
    if consent:
        form.get_by_role("checkbox", name=re.compile("godkänner det")).check()


def comments_list(page):
    return page.get_by_role("region", name=re.compile(r"^\d+ kommentar")).get_by_role("listitem")


def submit_pending_comment(seed_post, *, name, text, email=None):
    from dialog_moderation import services

    return services.comment_submit(
        page=seed_post, name=name, email=email or f"{name.split()[0].lower()}@example.com", text=text,
        consent=True, ip="127.0.0.1",
    )


def test_reader_comments_and_is_told_it_awaits_review(page, seed_post):
    text = "Bra inlägg! Vi i vår kommun vill gärna gå med i BeBo."
    page.goto(SEED_URL)
    page.get_by_role("link", name="Kommentera").first.click()
    expect(page.get_by_role("heading", name="Kommentera")).to_be_visible()

    fill_comment(page, name="Anna Andersson", email="anna@example.com", text=text)
    comment_form(page).get_by_role("button", name="Skicka kommentar").click()

    expect(page.get_by_role("status")).to_have_text(THANKS)
    expect(page.get_by_text(text)).to_have_count(0)
    expect(page.get_by_role("heading", name="0 kommentarer")).to_be_visible()


def test_comment_form_by_keyboard_alone(page, seed_post):
    text = "Skrivet helt utan mus."
    page.goto(SEED_URL + "#kommentera")
    form = comment_form(page)
    form.get_by_role("textbox", name="Namn").focus()
    expect(form.get_by_role("textbox", name="Namn")).to_be_focused()

    page.keyboard.type("Tangent Bordsson")
    page.keyboard.press("Tab")
    expect(form.get_by_role("textbox", name="E-post")).to_be_focused()
    page.keyboard.type("tangent@example.com")
    page.keyboard.press("Tab")
    expect(form.get_by_role("textbox", name="Kommentar")).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    consent = form.get_by_role("checkbox", name=re.compile("godkänner det"))
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    # The optional notification boxes come next; tab past them to the button, never into the hidden honeypot.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
        assert page.evaluate("document.activeElement.name") != "website", "focus reached the honeypot field"
    expect(form.get_by_role("button", name="Skicka kommentar")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text(THANKS)
    expect(page.get_by_text(text)).to_have_count(0)


def test_moderator_approves_one_and_rejects_two(page, new_context, seed_post, admin_login, screenshot_for_docs, request):
    texts = {
        "approve": "Tack för ett tydligt inlägg om beställarnätverk.",
        "reject1": "Köp billiga klockor här!",
        "reject2": "Det här är inte värt att läsa.",
    }
    submit_pending_comment(seed_post, name="Greta Godkänd", text=texts["approve"])
    submit_pending_comment(seed_post, name="Sven Spam", text=texts["reject1"])
    submit_pending_comment(seed_post, name="Rolf Ruskig", text=texts["reject2"])

    moderator = new_context().new_page()
    track_page(request, "moderator", moderator)
    admin_login(moderator)
    menu_item = moderator.get_by_role("link", name=re.compile(rf"^{_('Comments')} \(3\)"))
    expect(menu_item).to_be_visible()
    menu_item.click()
    expect(moderator).to_have_url(re.compile(r"/admin/moderation/"))
    for text in texts.values():
        expect(moderator.get_by_role("row").filter(has_text=text)).to_have_count(1)
    screenshot_for_docs(moderator, "moderation-queue.png")

    def select(text):
        moderator.get_by_role("row").filter(has_text=text).get_by_role("checkbox").check()

    # Wagtail's bulk-action footer, then Wagtail's confirmation page of the action.
    footer = moderator.locator("[data-bulk-action-footer]")
    select(texts["approve"])
    footer.get_by_role("link", name=_("Approve the selected comments")).click()
    moderator.get_by_role("button", name=_("Yes, %(action)s") % {"action": _("Approve")}).click()
    expect(moderator.get_by_text(ngettext("%(count)s comment: %(action)s.", "%(count)s comments: %(action)s.", 1)
                                 % {"count": 1, "action": _("Approve")})).to_be_visible()
    select(texts["reject1"])
    select(texts["reject2"])
    footer.get_by_role("link", name=_("Reject the selected comments")).click()
    moderator.get_by_role("button", name=_("Yes, %(action)s") % {"action": _("Reject")}).click()
    expect(moderator.get_by_text(ngettext("%(count)s comment: %(action)s.", "%(count)s comments: %(action)s.", 2)
                                 % {"count": 2, "action": _("Reject")})).to_be_visible()
    for text in texts.values():
        expect(moderator.get_by_role("row").filter(has_text=text)).to_have_count(0)

    page.goto(SEED_URL)
    expect(page.get_by_role("heading", name="1 kommentar", exact=True)).to_be_visible()
    expect(comments_list(page)).to_have_count(1)
    expect(comments_list(page).first).to_contain_text(texts["approve"])
    expect(comments_list(page).first).to_contain_text("Greta Godkänd")
    for text in (texts["reject1"], texts["reject2"]):
        expect(page.get_by_text(text)).to_have_count(0)
    page.get_by_role("heading", name="1 kommentar", exact=True).scroll_into_view_if_needed()
    screenshot_for_docs(page, "post-with-comments.png")


def test_approved_comment_with_markup_stays_text(page, seed_post, superuser):
    from dialog_moderation import services

    payloads = [
        "<script>window.__xss=1;alert('script')</script>",
        '<img src=x onerror="window.__xss=1;alert(\'img\')">',
        '<a href="javascript:window.__xss=1;alert(\'link\')">klicka här</a>',
        "[klicka](javascript:window.__xss=1)",
    ]
    comment = submit_pending_comment(seed_post, name='<b onmouseover="window.__xss=1">Hacker</b>',
                                     email="hacker@example.com", text="\n".join(payloads))
    services.comment_approve(comment=comment, by=superuser)

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(SEED_URL)
    item = comments_list(page).first
    expect(item).to_be_visible()
    for payload in payloads:
        expect(item).to_contain_text(payload)
    expect(item).to_contain_text('<b onmouseover="window.__xss=1">Hacker</b>')
    item.hover()
    expect(item.locator("script, img, b, [onerror], [onmouseover], a[href^='javascript']")).to_have_count(0)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []


def api_post_titles(context) -> list[str]:
    response = context.request.get("/api/v2/pages/?type=blog.BlogPostPage&limit=50")
    assert response.ok, f"the pages API answered {response.status}"
    return [item["title"] for item in response.json()["items"]]


def search_finds(page, title: str, *, expected: bool, within_seconds: float = 5.0) -> None:
    """The reader searches /sok/ for the title until it is (or is no longer) found, for a few seconds at most."""
    deadline = time.monotonic() + within_seconds
    while True:
        page.goto(f"/sok/?q={quote(title)}")
        found = page.get_by_role("main").get_by_role("link", name=title).count() > 0
        if found == expected or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert found == expected, f"/sok/ {'does not find' if expected else 'still finds'} {title!r}"


def test_editor_publishes_a_post_with_an_image_then_unpublishes_it(page, new_context, blog, admin_login, tmp_path,
                                                                    search_index, index_worker, request):
    from PIL import Image

    title = "Innovationsupphandling i praktiken – test från webbläsaren"
    image_path = tmp_path / "e2e-natverk.png"
    Image.new("RGB", (320, 200), (20, 90, 160)).save(image_path)

    editor = new_context().new_page()
    track_page(request, "editor", editor)
    admin_login(editor)

    # The blog "Dialog och innovation" in the page explorer, a new post under it, its hero image uploaded.
    start_post_with_uploaded_hero(editor, blog, title=title, lead="En ingress skriven av ett test i Chromium.",
                                  image_path=image_path, image_title="Testbild nätverk", alt="En blå rektangel.")

    editor.get_by_role("button", name="Fler åtgärder").click()
    editor.get_by_role("button", name="Publicera").click()
    expect(editor.get_by_role("status")).to_contain_text(re.compile(r"skapad och publicerad"))

    # A reader sees it on the blog index, with its image, and a front end finds it in the API.
    page.goto("/blogg/")
    link = page.get_by_role("link", name=title)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("img", name="En blå rektangel.")).to_be_visible()
    assert title in api_post_titles(page.context)
    index_worker()
    search_finds(page, title, expected=True)

    # Unpublished in the admin: gone from both.
    editor.goto(f"/admin/pages/{blog.id}/")
    editor.get_by_role("link", name=title).click()
    editor.get_by_role("button", name="Fler åtgärder").click()
    editor.get_by_role("link", name="Avpublicera").click()
    editor.get_by_role("button", name=re.compile("Ja, avpublicera")).click()
    expect(editor.get_by_role("status")).to_contain_text(re.compile(r"opublicerad|avpublicerad"))

    page.goto("/blogg/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=title)).to_have_count(0)
    assert title not in api_post_titles(page.context)
    index_worker()
    search_finds(page, title, expected=False)


def test_reader_searches_from_the_header_and_narrows_by_network(page, search_index, axe, screenshot_for_docs):
    page.goto("/")
    box = page.get_by_role("search").get_by_role("combobox", name="Sök på webbplatsen")
    suggestions = page.get_by_role("listbox", name="Sökförslag")
    # What the header box's autocomplete asks for as the reader types.
    suggest = page.context.request.get("/api/search/suggest/?q=erfarenhet")
    assert suggest.ok, f"/api/search/suggest/ answered {suggest.status}"
    assert {"title": SEED_TITLE, "url": SEED_URL} in [
        {"title": item["title"], "url": item["url"]} for item in suggest.json()["suggestions"]]

    # Typed text and Enter, nothing picked: the plain search.
    box.press_sequentially("nätverk", delay=40)
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/sok/\?q=n%C3%A4tverk"))
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*7 träffar för ”nätverk”\s*$"))
    hits = page.get_by_role("main").get_by_role("listitem").filter(has=page.get_by_role("heading", level=2))
    expect(hits).to_have_count(7)
    expect(hits.first.locator("mark").first).to_have_text(re.compile(r"^nätverk", re.IGNORECASE))
    expect(page.get_by_role("link", name="Energimyndighetens beställargrupp för bostäder")).to_be_visible()
    screenshot_for_docs(page, "search.png", full_page=True)

    facets = page.get_by_role("complementary", name="Avgränsa sökningen")
    facets.get_by_role("link", name=re.compile(r"^BeBo \(\d+\)")).click()
    expect(page).to_have_url(re.compile(r"network=bebo"))
    expect(page.get_by_role("status")).to_contain_text("4 träffar")
    expect(hits).to_have_count(4)
    selected = facets.get_by_role("link", name=re.compile(r"^BeBo"))
    expect(selected).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("link", name="Sjukhusens och vårdbyggnadernas beställargrupp")).to_have_count(0)

    # The reader types the start of a word: suggestions appear; Down picks the seed post's title, Enter searches it.
    box.fill("")
    box.press_sequentially("erfarenh", delay=40)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "header-search-suggestions")
    option = suggestions.get_by_role("option", name=SEED_TITLE)
    expect(option).to_be_visible()
    expect(page.locator("[data-autocomplete-status]")).to_contain_text("förslag")
    axe(page, label="the search page with the header's suggestion list open")
    screenshot_for_docs(page, "search-suggestions.png")
    options = suggestions.get_by_role("option")
    position = [text.strip() for text in options.all_inner_texts()].index(SEED_TITLE)
    for _ in range(position + 1):
        box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    expect(box).to_be_focused()
    box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    for _ in range(position + 1):
        box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/sok/\?q=Erfarenhetsutbyte"))
    expect(box).to_have_value(SEED_TITLE)
    expect(page.get_by_role("status")).to_contain_text(f"för ”{SEED_TITLE}”")
    seed_hit = hits.filter(has=page.get_by_role("link", name=SEED_TITLE))
    expect(seed_hit).to_have_count(1)
    expect(hits.first.locator("mark").first).to_be_visible()
    expect(seed_hit.locator("mark").first).to_be_visible()
    facets.get_by_role("link", name=re.compile(r"^BeLok \(\d+\)")).click()
    expect(page).to_have_url(re.compile(r"network=belok"))
    expect(facets.get_by_role("link", name=re.compile(r"^BeLok"))).to_have_attribute("aria-current", "true")
    expect(seed_hit).to_have_count(1)

    # A click picks too.
    box.fill("")
    box.press_sequentially("erfarenh", delay=40)
    option.click()
    expect(page).to_have_url(re.compile(r"/sok/\?q=Erfarenhetsutbyte"))
    expect(seed_hit).to_have_count(1)


def test_header_search_without_search_engine_shows_no_suggestions(page, settings):
    settings.SEARCH_ENABLED = False
    page.goto("/blogg/")
    box = page.get_by_role("search").get_by_role("combobox", name="Sök på webbplatsen")
    with page.expect_response(lambda response: "/api/search/suggest/" in response.url) as answer:
        box.press_sequentially("nätverk", delay=40)
    assert answer.value.status == 503
    page.wait_for_timeout(300)  # the script has had the answer
    expect(page.get_by_role("listbox", name="Sökförslag")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/sok/\?q=n%C3%A4tverk"))
    expect(page.get_by_role("alert")).to_contain_text("tillfälligt otillgänglig")
