"""A moderator works the comment queue with the keyboard alone; the reader then sees only what was approved."""

import re
from urllib.parse import quote

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.e2e.conftest import E2E, track_page
from tests.e2e.test_journeys import SEED_URL, comments_list, submit_pending_comment

pytestmark = E2E

QUEUE = "/admin/moderation/"
# (key, the legend button's label), through the catalogue: Swedish ("Nästa kommentar", …) once it is merged.
LEGEND_MSGIDS = [
    ("j", "Next comment"), ("k", "Previous comment"), ("a", "Approve"), ("d", "Reject"),
    ("s", "Mark as spam"), ("r", "Reply"), ("o", "Open"), ("x", "Select for bulk action"),
    ("?", "Show all keyboard shortcuts"),
]
# The two layouts the queue must work in: 1280×900, and the same screen at 200% zoom (640 CSS px wide).
LAYOUTS = {"1280px": {"viewport": {"width": 1280, "height": 900}},
           "200pc-zoom": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}}


def state_of(comment) -> str:
    from dialog_moderation.models import CommentModeration

    return CommentModeration.objects.get(comment_id=comment.pk).state


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_moderator_works_the_queue_by_keyboard_alone(page, new_context, seed_post, admin_login, axe,
                                                     screenshot_for_docs, request, layout):
    from dialog_moderation.models import CommentModeration

    legend_keys = [(key, _(label)) for key, label in LEGEND_MSGIDS]

    texts = {
        "approve": "Vi har provat lärande nätverk i tre år och kan rekommendera det.",
        "reject": "Det här inlägget är trams från början till slut.",
        "spam": "Billiga solglasögon på www.example.com, köp nu!",
        "waits": "Finns det en kontaktperson för BeLok i Norrland?",
    }
    names = {"approve": "Agnes Ahlström", "reject": "Ruben Rask", "spam": "Sune Säljare", "waits": "Vera Väntar"}
    comments = {key: submit_pending_comment(seed_post, name=names[key], text=text) for key, text in texts.items()}
    reply_text = "Tack Agnes! Vi skriver mer om lärande nätverk i höst."

    moderator = new_context(**LAYOUTS[layout]).new_page()
    track_page(request, "moderator", moderator)
    admin_login(moderator)
    # From here on only the keyboard: page.keyboard.press, never a click.
    moderator.goto(QUEUE)
    keyboard = moderator.keyboard
    current = moderator.locator("tbody tr[aria-current='true']")

    # The legend: every key on screen, each button announcing its key to assistive technology.
    legend = moderator.get_by_role("region", name=_("Keyboard shortcuts"))
    expect(legend).to_be_visible()
    # The page never scrolls sideways (WCAG 1.4.10), and the current row's actions are on screen.
    assert moderator.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    width = moderator.viewport_size["width"]
    for command in ("approve", "reject", "spam", "reply"):  # each within the page's width (reachable by scrolling down)
        box = current.locator(f"[data-command={command}]").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (layout, command, box)
    for key, label in legend_keys:
        button = legend.get_by_role("button", name=f"{key} {label}", exact=True)
        expect(button).to_be_visible()
        expect(button).to_have_attribute("aria-keyshortcuts", key)
        expect(button.locator("kbd")).to_have_text(key)
    expect(current).to_contain_text(texts["approve"])
    expect(current.locator("kbd").first).to_be_visible()  # the hints sit on the current row's buttons
    axe(moderator, label=f"the moderation queue with its keyboard legend ({layout})")
    if layout == "1280px":
        screenshot_for_docs(moderator, "moderation-queue.png", full_page=True)
        screenshot_for_docs(moderator, "moderation-queue-keyboard.png")

    # j and k move the current row; it has focus.
    keyboard.press("j")
    expect(current).to_contain_text(texts["reject"])
    expect(current).to_be_focused()
    keyboard.press("j")
    keyboard.press("j")
    expect(current).to_contain_text(texts["waits"])
    keyboard.press("k")
    keyboard.press("k")
    keyboard.press("k")
    expect(current).to_contain_text(texts["approve"])
    expect(current).to_be_focused()

    # x (or space on the row) selects it for a bulk action, and says so.
    announcer = legend.get_by_role("status")
    keyboard.press("x")
    expect(current.get_by_role("checkbox")).to_be_checked()
    expect(announcer).to_have_text(_("Selected for bulk action: comment {id}.").format(id=comments["approve"].pk))
    keyboard.press("Space")
    expect(current.get_by_role("checkbox")).not_to_be_checked()

    # Keys with Ctrl/Alt/Meta, or typed into a field, do nothing here.
    keyboard.press("Control+a")
    keyboard.press("Alt+d")
    search_field = moderator.locator("main input[name=q]")  # Wagtail's header search (it searches as one types)
    search_field.focus()
    keyboard.type("jas")
    expect(search_field).to_have_value("jas")
    assert {state_of(comment) for comment in comments.values()} == {"pending"}
    keyboard.press("Control+a")
    keyboard.press("Delete")
    expect(current).to_contain_text(texts["approve"])
    keyboard.press("Shift+Tab")  # out of the field, onto the page again
    moderator.evaluate("document.activeElement.blur()")

    # ? shows every shortcut: Wagtail's own dialog, with the queue's keys as a group of their own.
    keyboard.press("?")
    dialog = moderator.get_by_role("dialog", name="Kortkommandon")  # Wagtail's own dialog, Wagtail's Swedish
    expect(dialog).to_be_visible()
    queue_group = dialog.locator("#keyboard-shortcut-group-moderation-queue")
    expect(queue_group.get_by_role("rowheader", name=_("Comment queue"))).to_be_visible()
    for key, label in legend_keys:
        expect(queue_group.get_by_role("row", name=f"{label} {key}", exact=True)).to_be_visible()
    keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # a approves the current comment; the outcome is announced and the next pending comment becomes current.
    with moderator.expect_navigation():
        keyboard.press("a")
    decided = _("Comment #%(id)s: %(state)s.")
    approved_text = decided % {"id": comments["approve"].pk, "state": "Godkänd"}
    expect(moderator.get_by_role("status").filter(has_text=approved_text).first).to_contain_text(approved_text)
    expect(announcer).to_have_text(approved_text)
    expect(current).to_contain_text(texts["reject"])
    expect(current).to_be_focused()
    assert state_of(comments["approve"]) == "approved"

    with moderator.expect_navigation():
        keyboard.press("d")
    expect(announcer).to_have_text(decided % {"id": comments["reject"].pk, "state": "Avvisad"})
    expect(current).to_contain_text(texts["spam"])

    with moderator.expect_navigation():
        keyboard.press("s")
    expect(announcer).to_have_text(decided % {"id": comments["spam"].pk, "state": "Skräppost"})
    expect(current).to_contain_text(texts["waits"])
    expect(current).to_be_focused()

    # r on a pending comment: replies wait for approval, and the moderator is told so.
    keyboard.press("r")
    expect(announcer).to_have_text(_("Approve the comment to be able to reply to it."))

    # o opens the current comment's detail view.
    with moderator.expect_navigation():
        keyboard.press("o")
    expect(moderator).to_have_url(re.compile(rf"{QUEUE}{comments['waits'].pk}/$"))

    # The approved comment among the approved ones: r opens its reply field with focus in it.
    moderator.goto(f"{QUEUE}?state=approved&q={quote(texts['approve'])}")
    expect(current).to_contain_text(texts["approve"])
    keyboard.press("r")
    reply_field = moderator.get_by_role("textbox", name=_("Reply from the editors to comment %(id)s")
                                        % {"id": comments["approve"].pk})
    expect(reply_field).to_be_focused()
    keyboard.type(reply_text)
    keyboard.press("Tab")
    expect(moderator.get_by_role("button", name=_("Publish reply"))).to_be_focused()
    with moderator.expect_navigation():
        keyboard.press("Enter")
    expect(announcer).to_have_text(_("The reply to comment #%(id)s is published.") % {"id": comments["approve"].pk})
    expect(current).to_contain_text(texts["approve"])

    # The database, through the moderation models.
    assert {key: state_of(comment) for key, comment in comments.items()} == {
        "approve": "approved", "reject": "rejected", "spam": "spam", "waits": "pending"}
    reply = CommentModeration.objects.select_related("comment").get(comment__parent_id=comments["approve"].pk,
                                                                     is_staff_reply=True)
    assert reply.state == "approved"
    assert reply.comment.comment == reply_text

    # The reader sees the approved comment and the staff reply, nothing else.
    page.goto(SEED_URL)
    expect(page.get_by_role("heading", name="2 kommentarer", exact=True)).to_be_visible()
    items = comments_list(page)
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text(texts["approve"])
    expect(items.first).to_contain_text(names["approve"])
    # The reply is nested in the approved comment's item.
    expect(items.first.get_by_role("listitem").filter(has_text=reply_text)).to_have_count(1)
    for key in ("reject", "spam", "waits"):
        expect(page.get_by_text(texts[key])).to_have_count(0)


def test_queue_reflows_at_320_px(new_context, seed_post, admin_login, axe, request):
    """WCAG 1.4.10: at 320 CSS px the page does not scroll sideways and every action of a row is within reach."""
    comment = submit_pending_comment(seed_post, name="Smal Skärm", text="En kommentar läst på en smal skärm.")
    moderator = new_context(viewport={"width": 320, "height": 640}).new_page()
    track_page(request, "moderator-320", moderator)
    admin_login(moderator)
    moderator.goto(QUEUE)
    row = moderator.locator(f"#kommentar-{comment.pk}")
    expect(row).to_contain_text("En kommentar läst på en smal skärm.")
    assert moderator.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for command in ("approve", "reject", "spam", "reply", "open"):
        control = row.locator(f"[data-command={command}]")
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, (command, box)
    axe(moderator, label="the moderation queue at 320 px")
