"""Swedish completeness: every public page of the demo and the moderation admin, rendered in Swedish, shows no
English text to a person.

What a person reads: every visible text node (not <script>/<style>), and the attributes people read or hear:
title, alt, aria-label, aria-description, placeholder, and the value of buttons. Screen-reader-only text counts.

What counts as English, two independent detectors:
1. the English msgids of every catalogue the site loads (Django's, Wagtail's, django-filter's, taggit's,
   django-comments-xtd's, ours: every sv catalogue on the path): a text that is one of them is an untranslated
   message; msgids with placeholders (%(name)s, %s, {name}) match with any text in their place ("Exploring: …",
   "1-7 of 7 pages"). A msgid whose Swedish is the same word ("Status", "Wagtail"), or a one-word msgid that is also
   a word of the Swedish catalogues, is no evidence and is skipped.
2. a short list of English-only words (ENGLISH_ONLY): any of them anywhere in a text is English.
The self-tests feed both detectors English and Swedish and see them tell the two apart, and each page must give a
substantial amount of Swedish text, so the test cannot pass by finding nothing.
"""

import re
from functools import cache
from pathlib import Path

import django
import pytest
from bs4 import BeautifulSoup, Comment
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from dialog_moderation.models import CommentPolicySettings, ModeratorScope

# Admin URL names (the admin helper is rebuilding these views; the lead re-runs this test after merging).
QUEUE_URL = "moderation:queue"
DETAIL_URL = "moderation:detail"

# English-only words: none is a Swedish word (so "by", "all", "for", "in", "man", "status", "fix" are not here).
ENGLISH_ONLY = frozenset("""
    the of and to with this that these those you your yours are is was were been has have had will would could
    should shall can't cannot don't doesn't isn't please page pages edit delete add search save cancel comments
    comment show hide choose select sort next previous results items which what when where there here
    about above below after before into onto upon from's it its it's yes view preview publish published draft
    unpublish settings user users group groups permission permissions dashboard help loading close open new
    required optional error errors field fields image images document documents title date sign out log login
    logout account password welcome home menu back more less first last any none other than then also only
    just been being such each every some those their there they them our ours we us his her him she he
""".split())

# Text a person sees that is neither Swedish nor English, with the reason it is allowed.
ALLOWED = {
    "Wagtail": "the CMS's brand name, shown as is in Swedish too",
    "RSS": "a format's name",
    "API": "an abbreviation used as is in Swedish",
    "English": "WAGTAILADMIN_PERMITTED_LANGUAGES shows each language in its own name (Svenska, English)",
}

# Hard-coded English in Wagtail 8.0.1's templates with no msgid (so no catalogue can translate it), each where it is:
# (how it is read, text) -> reason. Overriding the whole template would mean keeping a copy of Wagtail's.
WAGTAIL_HARDCODED = {
    ("value", "Search"): "the screen-reader-only submit button of the search forms in wagtailadmin/home.html and "
                         "wagtailadmin/shared/header.html (value=\"Search\" with no {% trans %})",
}

READ_ATTRIBUTES = ("title", "alt", "aria-label", "aria-description", "placeholder")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
SEPARATORS = re.compile(r"\s*(?::|\||·|–|—|\s-\s|\(|\))\s*")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _po_entries(path: Path):
    """(msgid, msgstr) pairs of a PO file, plural msgids included; enough of the format for the catalogues here."""
    entries, key, current = [], None, {}

    def unquote(text):
        return text.strip()[1:-1].encode("raw_unicode_escape").decode("unicode_escape")

    def flush():
        if current.get("msgid"):
            strs = [v for k, v in current.items() if k.startswith("msgstr")]
            for msgid in (current.get("msgid"), current.get("msgid_plural")):
                if msgid:
                    entries.append((msgid, strs[0] if strs else ""))

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("#~") or not line.strip():
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d+\])?|msgctxt)\s+(\".*\")$", line)
        if match:
            if match.group(1) in ("msgid", "msgctxt") and "msgid" in current and key and key.startswith("msgstr"):
                flush()
                current = {}
            key = match.group(1)
            current[key] = unquote(match.group(2))
        elif line.startswith('"') and key:
            current[key] += unquote(line)
    flush()
    return entries


def _catalogues(language: str):
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    dirs.append(Path(django.__file__).parent / "conf" / "locale")
    found = []
    for directory in dict.fromkeys(dirs):
        for domain in ("django.po", "djangojs.po"):
            path = directory / language / "LC_MESSAGES" / domain
            if path.exists():
                found.append(path)
    return found


@cache
def english_messages():
    """(exact English msgids, one regex for those with placeholders). The msgids come from the English source
    catalogues the apps ship (they hold every msgid, also those the sv catalogue lacks, like Wagtail 8's
    "Exploring") and from the sv catalogues; the sv catalogues' translations tell which msgids are Swedish too."""
    swedish = {}
    for path in reversed(_catalogues("sv")):  # earlier directories win, as in Django
        swedish.update({msgid: msgstr for msgid, msgstr in _po_entries(path) if msgstr})
    msgids = {msgid for path in _catalogues("en") + _catalogues("sv") for msgid, _msgstr in _po_entries(path)}
    swedish_words = {word.lower() for msgstr in swedish.values() for word in WORD.findall(msgstr)}
    exact, patterns = set(), []
    for msgid in msgids:
        text = " ".join(msgid.split())
        words = WORD.findall(PLACEHOLDER.sub(" ", text))
        if not words or text.lower() == " ".join(swedish.get(msgid, "").split()).lower() or text in ALLOWED:
            continue
        if PLACEHOLDER.search(text):
            if not [word for word in words if word.lower() not in swedish_words] or len(text) < 6:
                continue  # "%(count)s %(unit)s", "%(name)s: %(value)s": nothing English left to match
            parts = PLACEHOLDER.split(text)
            patterns.append(".+?".join(re.escape(part) for part in parts))
        elif len(words) == 1 and (words[0].lower() in swedish_words or len(words[0]) < 3):
            continue
        else:
            exact.add(text)
    return exact, re.compile("^(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")$", re.DOTALL)


def english_in(text: str) -> str | None:
    """Why `text` is English, or None."""
    text = " ".join(text.split())
    if not text or text in ALLOWED:
        return None
    exact, pattern = english_messages()
    if text in exact or text.rstrip(":.…") in exact:
        return "an English msgid"
    if len(text) < 2000 and pattern.match(text):
        return "an English msgid with placeholders"
    for part in SEPARATORS.split(text):  # "Exploring: Blogg", "Edit post | Wagtail"
        if part.strip(" .…") in exact:
            return f"an English msgid ({part.strip()!r})"
    words = {word.lower() for word in WORD.findall(text)}
    hits = sorted(words & ENGLISH_ONLY)
    if hits:
        return f"English words {hits}"
    return None


def readable_texts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style"]):
        node.decompose()
    for node in soup.select("[hidden]"):  # shown to nobody, not even a screen reader, until a script unhides it
        if node.name != "template":
            node.decompose()
    texts = [str(s) for s in soup.find_all(string=True) if not isinstance(s, Comment) and str(s).strip()]
    for tag in soup.find_all(True):
        for attribute in READ_ATTRIBUTES:
            if tag.get(attribute):
                texts.append(tag[attribute])
        if tag.get("value") and tag.name == "input" and tag.get("type") in ("submit", "button", "reset"):
            if ("value", tag["value"]) not in WAGTAIL_HARDCODED:
                texts.append(tag["value"])
    return [" ".join(t.split()) for t in texts if t.strip()]


def assert_swedish(html: str, where: str, *, min_words: int = 15):
    texts = readable_texts(html)
    words = sum(len(WORD.findall(t)) for t in texts)
    assert words >= min_words, f"{where}: only {words} words of text found; is this the page meant?"
    leaks = [(t[:160], why) for t in texts if (why := english_in(t))]
    assert not leaks, f"{where}: English a person reads:\n" + "\n".join(f"  {t!r}: {why}" for t, why in leaks)


# --- the detectors themselves -----------------------------------------------------------------------------------

@pytest.mark.parametrize("english", [
    "Please choose a page before you save this draft.",
    "A comma-separated list of tags.",
    "Exploring: Blogg",
    "1-7 of 7 sidor",
    "Page not found",
])
def test_the_detectors_see_english(english):
    assert english_in(english)
    with pytest.raises(AssertionError, match="English a person reads"):
        assert_swedish(f"<main><p>{english}</p>" + "<p>Det här är en svensk mening om bloggen.</p>" * 5, "self-test")


@pytest.mark.parametrize("swedish", [
    "Ditt namn och din kommentar publiceras när kommentaren har granskats.",
    "Sida 1 av 3",
    "Status",
    "Beställarnätverk samlar organisationer som köper samma slags varor.",
])
def test_the_detectors_accept_swedish(swedish):
    assert english_in(swedish) is None


def test_an_attribute_people_read_counts_and_an_empty_page_fails():
    assert english_in("Close this dialog")
    with pytest.raises(AssertionError, match="English a person reads"):
        assert_swedish('<button aria-label="Close this dialog">×</button>' + "<p>En svensk mening om bloggen.</p>" * 5,
                       "self-test")
    with pytest.raises(AssertionError, match="words of text found"):
        assert_swedish("<main></main>", "self-test")


def test_the_catalogues_are_read():
    exact, pattern = english_messages()
    assert len(exact) > 1500  # Django's and Wagtail's catalogues, not just ours
    assert "Add a comment" in exact
    assert pattern.match("1-7 of 7 sidor")
    assert english_in("Exploring: Blogg")


# --- the public site --------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def form_settings(settings):
    settings.MODERATION_FORM_MIN_SECONDS = 0
    settings.MODERATION_RATE_LIMIT_PER_IP = 1000


@pytest.fixture
def swedish_client():
    return Client(HTTP_ACCEPT_LANGUAGE="sv")


@pytest.fixture
def superuser_sv(django_user_model):
    return django_user_model.objects.create_superuser("granskare", "granskare@example.se", "pw")


@pytest.mark.django_db
def test_public_pages_are_swedish(swedish_client, home, blog, network_index, seed_post, bebo):
    pages = {
        "home": home.url, "blog index": blog.url, "post": seed_post.url, "network index": network_index.url,
        "network profile": bebo.url, "blog tag filter": f"{blog.url}?tagg=innovation",
    }
    for name, url in pages.items():
        response = swedish_client.get(url)
        assert response.status_code == 200, (name, url)
        assert_swedish(response.content.decode(), f"{name} ({url})")


@pytest.mark.django_db
def test_search_page_is_swedish(swedish_client):
    response = swedish_client.get(reverse("dialog_search:page"))
    assert response.status_code == 200
    assert_swedish(response.content.decode(), "search page", min_words=10)


@pytest.mark.django_db
def test_comment_form_with_errors_is_swedish(swedish_client, seed_post):
    from tests.moderation.conftest import form_data

    response = swedish_client.post(reverse("dialog_moderation:post"),
                                   form_data(seed_post, email="inte-en-adress", consent=None))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv en giltig e-postadress." in html
    assert_swedish(html, "comment form with errors")


@pytest.mark.django_db
def test_confirm_and_mute_pages_are_swedish(swedish_client):
    for name in ("confirm", "mute"):
        response = swedish_client.get(reverse(f"dialog_moderation:{name}", args=["ogiltig"]))
        assert response.status_code in (200, 400, 404), name
        assert_swedish(response.content.decode(), f"{name} page with a bad link", min_words=8)


@pytest.mark.django_db
def test_error_pages_are_swedish(swedish_client, seed_post):
    response = swedish_client.get("/finns-inte-alls/")
    assert response.status_code == 404
    assert_swedish(response.content.decode(), "404", min_words=10)

    response = swedish_client.post(reverse("dialog_moderation:post"), data={"page": seed_post.pk, "text": "x" * 3_000_000})
    assert response.status_code == 400
    assert_swedish(response.content.decode(), "400", min_words=10)

    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="sv")
    response = strict.post(reverse("dialog_moderation:post"), data={"page": seed_post.pk, "text": "Min text"})
    assert response.status_code == 403
    assert_swedish(response.content.decode(), "403 (form)", min_words=10)

    request = RequestFactory().get("/")
    assert_swedish(render_to_string("500.html"), "500", min_words=8)
    assert_swedish(render_to_string("503.html", request=request), "503", min_words=8)


# --- the moderation admin and the Wagtail pages moderators and editors use --------------------------------------

@pytest.fixture
def admin_client(superuser_sv):
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    client.force_login(superuser_sv)
    return client


@pytest.mark.django_db
def test_moderation_admin_is_swedish(admin_client, seed_post, blog):
    from tests.moderation.conftest import form_data

    Client().post(reverse("dialog_moderation:post"), form_data(seed_post))
    from dialog_moderation.models import CommentModeration

    moderation = CommentModeration.objects.latest("pk")
    scope_group = Group.objects.create(name="Granskare bloggen")
    ModeratorScope.objects.create(group=scope_group, root=blog)
    urls = {
        "dashboard": reverse("wagtailadmin_home"),
        "queue": reverse(QUEUE_URL),
        "detail": reverse(DETAIL_URL, args=[moderation.comment_id]),
        "scopes": reverse("wagtailsnippets_dialog_moderation_moderatorscope:list"),
        "policy settings": reverse("wagtailsettings:edit", args=["dialog_moderation", "commentpolicysettings", CommentPolicySettings.load().pk]),
        "page editor (post)": reverse("wagtailadmin_pages:edit", args=[seed_post.pk]),
        "page explorer (blog)": reverse("wagtailadmin_explore", args=[blog.pk]),
        "group editor": reverse("wagtailusers_groups:edit", args=[Group.objects.get(name="Moderatorer").pk]),
    }
    failures = []
    for name, url in urls.items():
        response = admin_client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        try:
            assert_swedish(response.content.decode(), f"{name} ({url})")
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)
