"""The Wagtail admin queue, detail view and bulk actions, as moderator, editor, superuser and anonymous."""

import datetime
import re

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.translation import gettext

from dialog_moderation.models import CommentDecision, CommentLogEntry, CommentModeration, CommentState, ModeratorScope

QUEUE = "/admin/moderation/"


def bulk_url(action, ids=(), **params):
    """Wagtail's bulk-action URL for one of the queue's decisions, with the comments' ids in the query string."""
    query = urlencode([("id", i) for i in ids] + list(params.items()))
    return f"/admin/bulk/dialog_moderation/commentmoderation/{action}/" + (f"?{query}" if query else "")


@pytest.mark.django_db
class TestAccess:
    def test_anonymous_is_sent_to_login(self, client, seed_post, submit):
        comment = submit(seed_post)
        for url in (QUEUE, f"{QUEUE}{comment.pk}/"):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        response = client.post(bulk_url("approve", [comment.pk]))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert CommentModeration.objects.get().state == CommentState.PENDING

    def test_editor_without_permission_gets_403(self, client, editor, seed_post, submit):
        comment = submit(seed_post)
        client.force_login(editor)
        assert client.get("/admin/").status_code == 200
        assert client.get(QUEUE).status_code == 403
        assert client.get(f"{QUEUE}{comment.pk}/").status_code == 403
        assert client.post(f"{QUEUE}{comment.pk}/", {"action": "approve"}).status_code == 403
        assert client.get(bulk_url("approve", [comment.pk])).status_code == 403
        assert client.post(bulk_url("approve", [comment.pk])).status_code == 403
        assert CommentModeration.objects.get().state == CommentState.PENDING

    def test_moderator_and_superuser_can(self, client, moderator, superuser, seed_post, submit):
        submit(seed_post)
        for user in (moderator, superuser):
            client.force_login(user)
            assert client.get(QUEUE).status_code == 200

    def test_menu_item_shows_pending_count_only_to_moderators(self, client, moderator, editor, seed_post, submit):
        submit(seed_post)
        submit(seed_post)
        client.force_login(moderator)
        label = f"{gettext('Comments')} (2)"  # "Kommentarer (2)" with the Swedish catalogue
        assert label in client.get("/admin/").content.decode()
        client.force_login(editor)
        assert label not in client.get("/admin/").content.decode()

    def test_dashboard_panel_shows_oldest_pending_age(self, client, moderator, seed_post, submit):
        comment = submit(seed_post)
        CommentModeration.objects.filter(comment=comment).update(submitted_at=timezone.now() - datetime.timedelta(hours=3))
        client.force_login(moderator)
        html = client.get("/admin/").content.decode()
        assert "Kommentarer att granska" in html
        assert "Den äldsta har väntat i 3" in html


@pytest.mark.django_db
class TestQueue:
    def test_lists_pending_oldest_first_with_flags(self, client, moderator, seed_post, submit):
        first = submit(seed_post, "Första kommentaren")
        flagged = submit(seed_post, "Ring mig på 070-123 45 67")
        client.force_login(moderator)
        html = client.get(QUEUE).content.decode()
        assert html.index("Första kommentaren") < html.index("Ring mig")
        assert "telefonnummer" in html
        assert f'value="{first.pk}"' in html and f'value="{flagged.pk}"' in html

    def test_filters_search_and_sorting(self, client, moderator, seed_post, make_post, submit, approved):
        other = make_post("Annat inlägg")
        submit(seed_post, "Alfa om upphandling")
        submit(other, "Beta om dialog")
        approved(seed_post, "Gamma godkänd")
        submit(seed_post, "Delta med länk http://a.se http://b.se http://c.se")
        client.force_login(moderator)

        def texts(**params):
            soup = BeautifulSoup(client.get(QUEUE, params).content, "html.parser")
            return [row.select("td")[1].get_text(strip=True) for row in soup.select("table.listing tbody tr")
                    if row.select_one("input")]

        assert len(texts()) == 3
        assert texts(state="approved") == ["Gamma godkänd"]
        assert len(texts(state="all")) == 4
        assert texts(page=other.pk) == ["Beta om dialog"]
        assert texts(q="alfa") == ["Alfa om upphandling"]
        assert texts(flagged="1") == ["Delta med länk http://a.se http://b.se http://c.se"]
        assert len(texts(flagged="0")) == 2
        assert texts(ordering="-submitted_at")[0].startswith("Delta")
        today = timezone.localdate().isoformat()
        assert len(texts(date_from=today, date_to=today)) == 3
        assert texts(date_to="2000-01-01") == []
        # A malformed filter is not ignored (the queue would look filtered while showing everything): a 400 with the
        # field's error and the queue's page around it.
        refused = client.get(QUEUE, {"date_from": "inte-ett-datum", "page": "abc"})
        assert refused.status_code == 400
        assert len(BeautifulSoup(refused.content, "html.parser").select(".moderation-filters .error-message")) == 2

    def test_filters_work_without_javascript(self, client, moderator, seed_post, submit, approved):
        """Wagtail's filter drawer needs JavaScript: a <noscript> form offers the same filters as a plain GET form,
        and submitting it (what a browser without JavaScript sends) filters the queue."""
        submit(seed_post, "Alfa väntar")
        approved(seed_post, "Beta godkänd")
        client.force_login(moderator)
        soup = BeautifulSoup(client.get(QUEUE).content, "html.parser")
        (noscript,) = [element for element in soup.select("noscript") if "moderation-nojs-filters" in str(element)]
        form = BeautifulSoup(noscript.decode_contents(), "html.parser").select_one("form.moderation-nojs-filters")
        names = {field["name"] for field in form.select("input[name], select[name]")}
        assert {"q", "state"} <= names and form.select_one("button[type=submit]")
        soup = BeautifulSoup(client.get(QUEUE, {"state": "approved", "q": ""}).content, "html.parser")
        rows = [row.get_text(" ", strip=True) for row in soup.select("table.listing tbody tr") if row.select_one("input")]
        assert len(rows) == 1 and "Beta godkänd" in rows[0]

    def test_pagination(self, client, moderator, seed_post, submit):
        for _ in range(55):
            submit(seed_post)
        client.force_login(moderator)
        first = client.get(QUEUE).content.decode()
        assert "Sida 1 av 2" in first  # Wagtail's own pagination, in Wagtail's Swedish catalogue
        second = BeautifulSoup(client.get(QUEUE, {"p": 2}).content, "html.parser")
        assert len(second.select("tbody input[name=id]")) == 5

    def test_hostile_filters_are_refused_with_the_queue_shown_again(self, client, moderator, seed_post, submit):
        """A NUL in the search text (PostgreSQL refuses it in SQL text) or an unknown state is no 500: a 400 with
        the filter's error beside the field, in the queue's own page."""
        submit(seed_post, "En kommentar om nätverk")
        client.force_login(moderator)
        for params in ({"q": "nät\x00verk"}, {"state": "bogus\x00"}, {"flagged": "\x00"}, {"state": "bogus"}):
            response = client.get(QUEUE, params)
            assert response.status_code == 400, params
            soup = BeautifulSoup(response.content, "html.parser")
            assert soup.select_one(".moderation-filters .error-message").get_text(strip=True), params
        assert client.get(QUEUE, {"q": "nätverk"}).status_code == 200


@pytest.mark.django_db
class TestDecisions:
    def test_bulk_approve_reject_spam(self, client, moderator, seed_post, submit):
        comments = [submit(seed_post) for _ in range(4)]
        client.force_login(moderator)
        # Wagtail's confirmation page first (GET), listing the comments, then the decision (POST).
        confirm = client.get(bulk_url("approve", [c.pk for c in comments[:2]], next=QUEUE))
        assert confirm.status_code == 200
        assert len(BeautifulSoup(confirm.content, "html.parser").select("ul.moderation-bulk-items li")) == 2
        response = client.post(bulk_url("approve", [c.pk for c in comments[:2]], next=QUEUE))
        assert response.status_code == 302 and response["Location"] == QUEUE
        response = client.post(bulk_url("reject", [comments[2].pk]),
                               {"policy_reason": "Utanför ämnet", "reason": "Handlar om annat"})
        client.post(bulk_url("spam", [comments[3].pk]))
        states = dict(CommentModeration.objects.values_list("comment_id", "state"))
        assert [states[c.pk] for c in comments] == ["approved", "approved", "rejected", "spam"]
        for comment in comments:
            comment.refresh_from_db()
        assert [c.is_public for c in comments] == [True, True, False, False]
        decision = CommentDecision.objects.filter(comment=comments[2]).last()
        assert decision.actor == moderator and decision.reason == "Utanför ämnet: Handlar om annat"
        assert decision.from_state == "pending" and decision.to_state == "rejected"
        assert CommentLogEntry.objects.filter(page=seed_post, action="moderation.comment.approve").count() == 2
        assert CommentLogEntry.objects.filter(page=seed_post, action="moderation.comment.reject").count() == 1

    def test_bulk_without_selection_or_action(self, client, moderator, seed_post, submit):
        submit(seed_post)
        client.force_login(moderator)
        assert client.post(bulk_url("approve")).status_code == 302
        # An action Wagtail has no bulk action for is Wagtail's 404 (the URL names the action now).
        assert client.post(bulk_url("delete", ["1"])).status_code == 404
        assert client.post(bulk_url("approve", ["abc"])).status_code == 400
        assert CommentModeration.objects.get().state == CommentState.PENDING
        assert client.post(bulk_url("approve", ["1"], next="https://evil.example/"))["Location"] == QUEUE

    def test_detail_shows_thread_sender_history_flags_and_decisions(self, client, moderator, seed_post, approved, submit):
        parent = approved(seed_post, "Förälder i tråden", email="ella@example.com")
        earlier = submit(seed_post, "Tidigare kommentar", email="sam@example.com")
        client.force_login(moderator)
        client.post(f"{QUEUE}{earlier.pk}/", {"action": "reject", "policy_reason": "Personangrepp"})
        comment = submit(seed_post, "Mejla mig på sam@example.com", email="sam@example.com", parent_id=parent.pk)
        html = client.get(f"{QUEUE}{comment.pk}/").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert "Förälder i tråden" in soup.select_one("ol.thread").get_text()
        assert "Tidigare kommentar" in soup.select_one("ul.sender-history").get_text()
        assert "Avvisad" in soup.select_one("ul.sender-history").get_text()
        assert "e-postadress" in soup.select_one("ul.first-pass").get_text()
        assert "Inskickad" in soup.select_one("table.decision-history").get_text()
        client.post(f"{QUEUE}{comment.pk}/", {"action": "approve"})
        client.post(f"{QUEUE}{comment.pk}/", {"action": "spam", "reason": "Reklam"})
        history = list(CommentDecision.objects.filter(comment=comment).values_list("from_state", "to_state", "reason"))
        assert history[1:] == [("pending", "approved", ""), ("approved", "spam", "Reklam")]
        rows = BeautifulSoup(client.get(f"{QUEUE}{comment.pk}/").content, "html.parser").select(
            "table.decision-history tbody tr")
        assert len(rows) == 3 and "moderator" in rows[2].get_text()

    def test_invalid_decision_is_400(self, client, moderator, seed_post, submit):
        comment = submit(seed_post)
        client.force_login(moderator)
        assert client.post(f"{QUEUE}{comment.pk}/", {"action": "delete"}).status_code == 400
        assert client.get(f"{QUEUE}99999/").status_code == 404

    def test_staff_reply_is_published_and_marked(self, client, moderator, seed_post, approved, submit):
        parent = approved(seed_post, "En fråga till redaktionen")
        client.force_login(moderator)
        response = client.post(f"{QUEUE}{parent.pk}/", {"reply": "1", "text": "Tack för frågan, vi återkommer."})
        assert response.status_code == 302
        reply = CommentModeration.objects.get(is_staff_reply=True)
        assert reply.state == CommentState.APPROVED and reply.comment.is_public
        assert reply.comment.parent_id == parent.pk and reply.comment.user_name == "Dialog och innovation"
        html = client.get(seed_post.url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        staff = soup.select_one(f"#c{reply.public_id}")
        assert "comment--staff" in staff["class"] and "Redaktionen" in staff.get_text()
        pending = submit(seed_post)
        assert client.post(f"{QUEUE}{pending.pk}/", {"reply": "1", "text": "Svar"}).status_code == 400

    def test_row_buttons_post_one_decision_without_javascript(self, client, moderator, seed_post, submit, approved):
        waiting, other = submit(seed_post), submit(seed_post)
        answered = approved(seed_post, "Redan godkänd")
        client.force_login(moderator)
        soup = BeautifulSoup(client.get(QUEUE, {"state": "all"}).content, "html.parser")
        form = soup.select_one(f"form#beslut-{waiting.pk}")
        assert form["action"] == f"{QUEUE}{waiting.pk}/" and form.select_one("input[name=csrfmiddlewaretoken]")
        buttons = soup.select(f"button[form=beslut-{waiting.pk}]")
        assert [(b["value"], b.kbd.get_text()) for b in buttons] == [("approve", "a"), ("reject", "d"), ("spam", "s")]
        # Only an approved comment gets a reply field in the queue (a reply waits for approval).
        assert soup.select_one(f"textarea[form=svar-form-{answered.pk}]") is not None
        assert soup.select_one(f"textarea[form=svar-form-{waiting.pk}]") is None

        next_url = f"{QUEUE}?state=all#kommentar-{other.pk}"
        response = client.post(f"{QUEUE}{waiting.pk}/", {"action": "approve", "next": next_url}, follow=True)
        assert response.redirect_chain == [(next_url, 302)]
        assert gettext("Comment #%(id)s: %(state)s.") % {"id": waiting.pk, "state": CommentState.APPROVED.label} in [str(message) for message in response.context["messages"]]
        assert CommentModeration.objects.get(comment=waiting).state == CommentState.APPROVED
        reply = client.post(f"{QUEUE}{answered.pk}/", {"reply": "1", "text": "Tack!", "next": next_url})
        assert reply.status_code == 302 and reply["Location"] == next_url
        elsewhere = client.post(f"{QUEUE}{other.pk}/", {"action": "spam", "next": "https://evil.example/"})
        assert elsewhere["Location"] == f"{QUEUE}{other.pk}/"

    def test_queue_shows_its_keyboard_legend(self, client, moderator, seed_post, submit):
        submit(seed_post)
        client.force_login(moderator)
        soup = BeautifulSoup(client.get(QUEUE).content, "html.parser")
        legend = soup.select_one("section.moderation-keys")
        # The labels through the catalogue: Swedish ("Kortkommandon", "Nästa kommentar", …) once it is merged.
        assert legend.h2.get_text() == gettext("Keyboard shortcuts")
        keys = [(button["aria-keyshortcuts"], button.kbd.get_text(), button["data-label"])
                for button in legend.select("button[data-controller=w-kbd]")]
        assert keys == [(key, key, gettext(label)) for key, label in [
            ("j", "Next comment"), ("k", "Previous comment"), ("a", "Approve"), ("d", "Reject"), ("s", "Mark as spam"),
            ("r", "Reply"), ("o", "Open"), ("x", "Select for bulk action"), ("?", "Show all keyboard shortcuts")]]
        assert soup.select_one('script[src$="dialog_moderation/js/queue.js"]') is not None


@pytest.mark.django_db
class TestScopes:
    def test_scoped_moderator_sees_and_acts_only_in_scope(self, client, scoped_moderator, make_post, submit):
        inside = make_post("Inom området")
        outside = make_post("Utanför området")
        user = scoped_moderator(inside, "scoped")
        mine = submit(inside, "Min kommentar")
        theirs = submit(outside, "Någon annans kommentar")
        client.force_login(user)
        html = client.get(QUEUE).content.decode()
        assert "Min kommentar" in html and "Någon annans kommentar" not in html
        assert client.get(f"{QUEUE}{theirs.pk}/").status_code == 404
        confirm = BeautifulSoup(client.get(bulk_url("approve", [mine.pk, theirs.pk])).content, "html.parser")
        assert "Min kommentar" in confirm.get_text() and "Någon annans kommentar" not in confirm.get_text()
        client.post(bulk_url("approve", [mine.pk, theirs.pk]))
        states = dict(CommentModeration.objects.values_list("comment_id", "state"))
        assert states[mine.pk] == "approved" and states[theirs.pk] == "pending"
        assert f"{gettext('Comments')} (1)" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_scopes_and_policy_are_edited_in_the_admin(client, superuser, moderators_group, blog):
    client.force_login(superuser)
    assert client.get("/admin/snippets/dialog_moderation/moderatorscope/").status_code == 200
    response = client.post("/admin/snippets/dialog_moderation/moderatorscope/add/",
                           {"group": moderators_group.pk, "root": blog.pk})
    assert response.status_code == 302
    assert ModeratorScope.objects.filter(group=moderators_group, root=blog).exists()
    response = client.get("/admin/settings/dialog_moderation/commentpolicysettings/")
    # Wagtail sends the settings' index to the edit view of the one policy row.
    assert response.status_code == 302
    settings_url = response["Location"]
    assert re.fullmatch(r"/admin/settings/dialog_moderation/commentpolicysettings/\d+/", settings_url), settings_url
    page = client.get(settings_url)
    assert page.status_code == 200 and "blockerade ord" in page.content.decode().lower()


@pytest.mark.django_db
def test_group_editor_grants_moderation_and_a_member_with_a_scope_opens_the_queue(client, superuser, editor, blog,
                                                                                    seed_post, submit):
    """register_permissions: Wagtail's own group editor shows "moderate comments", and ticking it is what lets a
    group's member (with a scope) moderate."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Bloggens moderatorer")
    group.user_set.add(editor)
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(admin_access)
    ModeratorScope.objects.create(group=group, root=blog)
    submit(seed_post, "En kommentar inom bloggen")
    moderate = Permission.objects.get(content_type__app_label="dialog_moderation", codename="moderate_comments")

    client.force_login(superuser)
    editor_page = BeautifulSoup(client.get(f"/admin/groups/edit/{group.pk}/").content, "html.parser")
    checkbox = editor_page.select_one(f'input[name="permissions"][value="{moderate.pk}"]')
    assert checkbox is not None and not checkbox.has_attr("checked")
    form = {"name": group.name, "permissions": [admin_access.pk, moderate.pk]}
    for management in editor_page.select('input[type=hidden][name$="-TOTAL_FORMS"], '
                                         'input[type=hidden][name$="-INITIAL_FORMS"], '
                                         'input[type=hidden][name$="-MIN_NUM_FORMS"], '
                                         'input[type=hidden][name$="-MAX_NUM_FORMS"]'):
        form[management["name"]] = management.get("value", "0")
    response = client.post(f"/admin/groups/edit/{group.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert group.permissions.filter(pk=moderate.pk).exists()

    client.force_login(editor)
    queue = client.get(QUEUE)
    assert queue.status_code == 200 and "En kommentar inom bloggen" in queue.content.decode()


@pytest.mark.django_db
def test_row_actions_fit_the_comment_state_and_states_show_labels(client, moderator, seed_post, submit, approved):
    waiting = submit(seed_post)
    answered = approved(seed_post, "Redan godkänd")
    client.force_login(moderator)
    soup = BeautifulSoup(client.get(QUEUE, {"state": "all"}).content, "html.parser")
    assert [b["value"] for b in soup.select(f"button[form=beslut-{waiting.pk}]")] == ["approve", "reject", "spam"]
    assert [b["value"] for b in soup.select(f"button[form=beslut-{answered.pk}]")] == ["reject", "spam"]
    states = [row.select("td")[5].get_text(" ", strip=True) for row in soup.select("table.listing tbody tr")]
    assert sorted(states) == sorted([str(CommentState.PENDING.label), str(CommentState.APPROVED.label)])
    assert "pending" not in states and "approved" not in states
    detail = BeautifulSoup(client.get(f"{QUEUE}{answered.pk}/").content, "html.parser")
    history = detail.select_one("table.decision-history").get_text(" ", strip=True)
    assert str(CommentState.APPROVED.label) in history and "approved" not in history and "pending" not in history
