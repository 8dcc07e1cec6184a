"""Render time and SQL queries of a post page and the blog index, with 100 and with 1,000 posts.

The 100-post run is the baseline: the 1,000-post figures are reported as ratios against it, and the query counts
must be equal (they may not grow with the number of posts, tags or networks on the page).
"""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import median, run_standalone, timed

REPEAT = 30


def add_posts(total):
    from blog.models import BlogIndexPage, BlogPostPage, NetworkProfilePage

    blog = BlogIndexPage.objects.get()
    networks = list(NetworkProfilePage.objects.all())
    existing = BlogPostPage.objects.count()
    for number in range(existing, total):
        post = BlogPostPage(
            title=f"Bänkinlägg {number}: dialog och innovation i upphandling",
            slug=f"bankinlagg-{number}",
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=number % 3650),
            lead="Beställarnätverk driver innovation genom gemensamma krav och dialog med marknaden.",
            body=[("paragraph", "<p>Ett stycke om upphandling, mandat och finansiering.</p>")],
        )
        post.tags.set([f"tagg{number % 40}", f"ämne{number % 7}", "upphandling"])
        post.networks = networks[: 1 + number % len(networks)]
        blog.add_child(instance=post)


def measure(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    queries = len(captured)
    return median(timed(lambda: client.get(url), repeat=REPEAT)), queries


def run(report):
    from blog.models import BlogPostPage

    client = Client()
    figures = {}
    for total in (100, 1000):
        add_posts(total)
        post = BlogPostPage.objects.order_by("-pk").first()
        for label, url in (("post page", post.url), ("blog index", "/blogg/")):
            figures[(label, total)] = measure(client, url)
    for label in ("post page", "blog index"):
        base_ms, base_queries = figures[(label, 100)]
        ms, queries = figures[(label, 1000)]
        report(f"{label}, 100 posts (baseline)", median_ms=base_ms, queries=base_queries)
        report(f"{label}, 1000 posts", median_ms=ms, queries=queries, time_ratio=ms / base_ms,
               queries_constant=queries == base_queries)


if __name__ == "__main__":
    run_standalone("blog", run)
