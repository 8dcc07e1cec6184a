"""Keeping the index true: page events enqueue durable tasks; the worker applies them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import transaction
from django_comments_xtd.models import XtdComment
from wagtail.models import PageViewRestriction

from blog.models import BlogPostPage
from cms.demo.content import SEED_POST_TITLE
from dialog_search import services
from dialog_search.tasks import pending_index_tasks
from tests.search.conftest import titles

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def clean(restore_index):
    pending_index_tasks().delete()


def test_publish_enqueues_and_the_worker_makes_it_searchable(make_post, run_index_tasks):
    post = make_post("Kvantdatorer i upphandlingen", lead="Ett zorblatt ord finns bara här.")
    assert pending_index_tasks().filter(args_kwargs__kwargs__page_ids=[post.pk]).exists()
    assert titles("zorblatt") == []
    run_index_tasks()
    assert titles("zorblatt") == ["Kvantdatorer i upphandlingen"]


def test_a_rolled_back_change_enqueues_nothing(make_post):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_post("Ångrat inlägg")
        assert pending_index_tasks().exists()
        raise RuntimeError("the editor's request failed")
    assert not pending_index_tasks().exists()


def test_unpublish_removes_the_document(seed_post, run_index_tasks):
    assert SEED_POST_TITLE in titles("erfarenhetsutbyte")
    seed_post.unpublish()
    run_index_tasks()
    assert SEED_POST_TITLE not in titles("erfarenhetsutbyte")


def test_delete_removes_the_document(seed_post, run_index_tasks):
    seed_post.delete()
    run_index_tasks()
    assert SEED_POST_TITLE not in titles("erfarenhetsutbyte")


def test_drafts_are_never_indexed(make_post, run_index_tasks):
    make_post("Utkast om glimrande snöklot", publish=False)
    run_index_tasks()
    services.index_rebuild(kinds=["post"], thread_count=1)
    assert titles("snöklot") == []


def test_draft_changes_to_a_live_post_stay_out_until_published(seed_post, run_index_tasks):
    seed_post.title = "Hemlig arbetsrubrik om vattenmeloner"
    seed_post.save_revision()
    run_index_tasks()
    services.index_rebuild(kinds=["post"], thread_count=1)
    assert titles("vattenmeloner") == []
    assert SEED_POST_TITLE in titles("erfarenhetsutbyte")


def test_private_pages_are_never_indexed(seed_post, run_index_tasks):
    PageViewRestriction.objects.create(page=seed_post, restriction_type=PageViewRestriction.PASSWORD,
                                       password="hemligt")
    run_index_tasks()
    assert SEED_POST_TITLE not in titles("erfarenhetsutbyte")
    services.index_rebuild(kinds=["post"], thread_count=1)
    assert SEED_POST_TITLE not in titles("erfarenhetsutbyte")


def test_rename_reindexes_the_post(seed_post, run_index_tasks):
    seed_post.title = "Erfarenhetsutbyte om pepparkaksbyggen"
    seed_post.save_revision().publish()
    run_index_tasks()
    assert titles("pepparkaksbyggen") == ["Erfarenhetsutbyte om pepparkaksbyggen"]


def test_move_updates_the_url(seed_post, home, run_index_tasks):
    from blog.models import BlogIndexPage

    second_blog = BlogIndexPage(title="Arkivblogg", slug="arkivblogg")
    home.add_child(instance=second_blog)
    second_blog.save_revision().publish()
    seed_post.move(second_blog, pos="last-child")
    run_index_tasks()
    (hit,) = [hit for hit in _hits("erfarenhetsutbyte") if hit.title == SEED_POST_TITLE]
    assert hit.url.startswith("/arkivblogg/")


def test_profile_rename_reaches_the_posts_that_name_it(bebo, run_index_tasks):
    bebo.acronym = "BoKlubben"
    bebo.save_revision().publish()
    run_index_tasks()
    found = _hits("BoKlubben", per_page=50)
    assert "BeBo och energieffektiva flerbostadshus" in [hit.title for hit in found]
    post = next(hit for hit in found if hit.title == "BeBo och energieffektiva flerbostadshus")
    assert {"slug": "bebo", "label": "BoKlubben"} in post.facets["networks"]


def test_pending_comment_text_is_never_findable(seed_post, run_index_tasks):
    XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(BlogPostPage), object_pk=str(seed_post.pk),
        site=Site.objects.get_current(), user_name="Läsare", user_email="l@example.com",
        comment="Kvastfenomenologi är mitt unika ord.", is_public=False,
    )
    seed_post.save_revision().publish()
    run_index_tasks()
    services.index_rebuild(kinds=["post"], thread_count=1)
    assert titles("kvastfenomenologi") == []


def test_search_index_status_and_verify(seed_post, capsys):
    call_command("search_index", "status")
    out = capsys.readouterr().out
    assert "alias" in out and "pending index tasks" in out
    call_command("search_index", "verify")
    assert "match the database" in capsys.readouterr().out
    seed_post.title = "Ändrad titel som indexet inte vet om"
    seed_post.save_revision().publish()
    pending_index_tasks().delete()
    with pytest.raises(SystemExit) as exited:
        call_command("search_index", "verify")
    assert exited.value.code == 1
    assert f"post stale (1): {seed_post.pk}" in capsys.readouterr().out


def _hits(query, **filters):
    from tests.search.conftest import find

    return find(query, **filters).hits
