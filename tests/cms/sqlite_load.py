"""Run by tests/cms/test_sqlite_concurrency.py in processes of their own on a file SQLite database:

``python -m tests.cms.sqlite_load publish N``: publishes N new posts through the admin's own form, one after the
other, and prints a JSON line per try (status code, whether the post is live, the error page's heading if any).
``python -m tests.cms.sqlite_load enqueue SECONDS``: enqueues write-heavy tasks for the worker without a pause.
"""

import json
import sys
import time

import django


def publish(tries: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from blog.models import BlogIndexPage, BlogPostPage

    user, _ = get_user_model().objects.get_or_create(username="publisher", defaults={"is_superuser": True,
                                                                                     "is_staff": True})
    client = Client(raise_request_exception=False)
    client.force_login(user)
    blog = BlogIndexPage.objects.get(slug="blogg")
    for number in range(tries):
        slug = f"samtidig-{number}"
        data = nested_form_data({
            "title": f"Samtidigt inlägg {number}", "slug": slug, "date": "2024-05-01", "lead": "En ingress.",
            "hero_alt": "", "body": streamfield([("paragraph", rich_text("<p>Ett stycke.</p>"))]),
            "tags": "", "allow_comments": "on", "action-publish": "publish",
        })
        started = time.monotonic()
        response = client.post(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/", data)
        live = BlogPostPage.objects.filter(slug=slug, live=True).exists()
        print(json.dumps({"try": number, "status": response.status_code, "live": live,
                          "seconds": round(time.monotonic() - started, 2),
                          "body": "" if response.status_code == 302 else response.content.decode()[:300]}),
              flush=True)


def enqueue(seconds: float) -> None:
    from django.db import OperationalError

    from tests.cms.fault_tasks import LOAD_PRIORITY, read_then_write

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # Ahead of whatever the copied database already queued, so the worker writes while the admin publishes.
            read_then_write.using(priority=LOAD_PRIORITY).enqueue("tests.cms.fault_tasks.read_then_write")
        except OperationalError as error:  # the load goes on; only the publisher's answers are under test
            print(f"enqueue: {error}", flush=True)


if __name__ == "__main__":
    django.setup()
    mode, amount = sys.argv[1], sys.argv[2]
    if mode == "publish":
        publish(int(amount))
    else:
        enqueue(float(amount))
