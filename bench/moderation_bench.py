"""The moderation queue with 100,000 comments (10,000 pending) and a post page with 300 approved comments in threads.

Reports median render time and SQL queries. Query counts must not grow with the number of comments shown: the
post page is measured with 30 and with 300 approved comments, the queue with 1,000 and with 10,000 pending.
Run standalone with `python -m bench.moderation_bench`.
"""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import median, run_standalone, timed

REPEAT = 15
TOTAL = 100_000
PENDING = 10_000
BATCH = 5_000


def insert_comments(rows):
    """rows: dicts with page, text, state, thread position. Bulk inserts the django-comments row, xtd's child row
    (bulk_create cannot do multi-table inheritance) and the moderation row."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    from blog.models import BlogPostPage
    from dialog_moderation.models import CommentModeration

    content_type = ContentType.objects.get_for_model(BlogPostPage)
    now = timezone.now()
    created = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        comments = Comment.objects.bulk_create([
            Comment(content_type=content_type, object_pk=str(row["page"].pk), site_id=settings.SITE_ID,
                    user_name=f"Läsare {row['n']}", user_email=f"lasare{row['n'] % 5000}@example.com",
                    comment=row["text"], submit_date=now - datetime.timedelta(minutes=len(rows) - row["n"]),
                    is_public=row["state"] == "approved")
            for row in chunk
        ])
        for comment, row in zip(comments, chunk):
            row["pk"] = comment.pk
        ids = {row["n"]: row["pk"] for row in chunk}
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO {XtdComment._meta.db_table} (comment_ptr_id, thread_id, parent_id, level, "order", '
                "followup, nested_count) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(row["pk"], ids.get(row.get("thread_n"), row["pk"]), ids.get(row.get("parent_n"), row["pk"]),
                  row.get("level", 0), row.get("order", 1), False, 0) for row in chunk],
            )
        CommentModeration.objects.bulk_create([
            CommentModeration(comment_id=row["pk"], page_id=row["page"].pk, state=row["state"], flags=row["flags"],
                              flagged=bool(row["flags"]), submitted_at=now - datetime.timedelta(minutes=len(rows) - row["n"]),
                              sender_key=f"lasare{row['n'] % 5000}@example.com")
            for row in chunk
        ])
        created += chunk
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a real database
    return created


def threaded_rows(page, count, offset):
    """`count` approved comments as threads of three: a comment, a reply and a reply to the reply."""
    rows = []
    for index in range(count):
        position = index % 3
        root = offset + index - position
        rows.append({"n": offset + index, "page": page, "state": "approved", "flags": [],
                     "text": f"Tråd {root} nivå {position}: ett sakligt inlägg om upphandling.",
                     "thread_n": root, "parent_n": offset + index - 1 if position else None,
                     "level": position, "order": position + 1})
    return rows


def measure(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # Counted before timing: captured_queries reads the connection's log, which every later request resets.
    queries = len(captured)
    return median(timed(lambda: client.get(url), repeat=REPEAT)), queries


def run(report):
    from django.contrib.auth import get_user_model

    from blog.models import BlogIndexPage, BlogPostPage

    blog = BlogIndexPage.objects.get()
    posts = []
    for number in range(20):
        post = BlogPostPage(title=f"Bänk {number}", slug=f"bank-moderering-{number}", lead="Ingress.")
        blog.add_child(instance=post)
        post.save_revision().publish()
        posts.append(post)
    thread_post = posts[0]
    client = Client()

    insert_comments(threaded_rows(thread_post, 30, 0))
    small_ms, small_queries = measure(client, thread_post.url)
    insert_comments(threaded_rows(thread_post, 270, 30))
    big_ms, big_queries = measure(client, thread_post.url)
    report("post page, 30 approved comments (baseline)", median_ms=small_ms, queries=small_queries)
    report("post page, 300 approved comments in threads", median_ms=big_ms, queries=big_queries,
           time_ratio=big_ms / small_ms, queries_constant=big_queries == small_queries)
    api_ms, api_queries = measure(client, f"/api/comments/?page={thread_post.pk}")
    report("GET /api/comments/, 300 approved comments", median_ms=api_ms, queries=api_queries)

    admin = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
    client.force_login(admin)
    flag = [{"code": "links", "message": "Texten innehåller 3 länkar."}]

    def bulk_rows(start, count, pending_share):
        return [{"n": n, "page": posts[1 + n % 19], "state": "pending" if (n - start) < pending_share else (
                 "approved" if n % 3 else "rejected"), "flags": flag if n % 7 == 0 else [],
                 "text": f"Kommentar nummer {n} om dialog och innovation."} for n in range(start, start + count)]

    insert_comments(bulk_rows(1_000, 10_000, 1_000))
    few_ms, few_queries = measure(client, "/admin/moderation/")
    insert_comments(bulk_rows(11_000, TOTAL - 300 - 10_000, PENDING - 1_000))
    from dialog_moderation.models import CommentModeration

    total = CommentModeration.objects.count()
    pending = CommentModeration.objects.filter(state="pending").count()
    queue_ms, queue_queries = measure(client, "/admin/moderation/")
    report("queue view, 1,000 pending (baseline)", median_ms=few_ms, queries=few_queries)
    report(f"queue view, {total:,} comments, {pending:,} pending", median_ms=queue_ms, queries=queue_queries,
           queries_constant=queue_queries == few_queries)
    for label, query in (("flagged filter", "?flagged=1"), ("free-text search", "?q=nummer+4242"),
                         ("all states, newest first, page 50", "?state=all&sort=newest&p=50")):
        ms, queries = measure(client, f"/admin/moderation/{query}")
        report(f"queue view, {label}", median_ms=ms, queries=queries)


if __name__ == "__main__":
    run_standalone("moderation", run)
