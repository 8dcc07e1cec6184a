"""Search on 10,000 generated Swedish posts, side by side in one run:

- latency (median, p95) of /api/search/ against the same request body sent straight to Elasticsearch (ratio,
  target <= 1.5x at the median), and the same searches through Wagtail's own search backends (database and,
  if it can run on this node, modelsearch's Elasticsearch backend);
- full rebuild throughput (`search_index rebuild`'s code path) against a raw `helpers.bulk` of the same prepared
  documents (ratio, target >= 0.7);
- publish-to-searchable delay (median, p95) with the index worker running.

Elasticsearch: ELASTICSEARCH_URL if set, otherwise a node started with scripts/es_node.py on a free port
(stopped afterwards). `python -m bench.search_bench [--posts N]` runs it standalone.
"""

import contextlib
import datetime
import itertools
import os
import random
import sys
import threading
import time
import uuid

from bench.harness import median, p95, run_standalone, timed

POSTS = int(os.environ.get("SEARCH_BENCH_POSTS", "10000"))
REPEAT = int(os.environ.get("SEARCH_BENCH_REPEAT", "60"))
PUBLISHES = 20
QUERIES = [
    "beställarnätverk", "nätverk", "finansiering", "bestallarnatverk", "innovationsupphandling",
    "energieffektiva bostäder", "dialog med leverantörer", "upphandlingsmyndigheten", "solceller",
    "sjukhus ventilation", "cirkulär ekonomi", "kommuner samarbete", "fossilfria transporter", "lagändringar",
    "livsmedel skola", "innovatoin", "mandat och kontinuitet", "marknadsdialog", "återbruk", "vårdbyggnader",
]
SUBJECTS = ["Beställarnätverket", "Kommunen", "Regionen", "Bostadsbolaget", "Myndigheten", "Upphandlaren",
            "Fastighetsägaren", "Sjukhuset", "Skolan", "Leverantören", "Nätverket", "Trafikverket"]
VERBS = ["upphandlar", "utvecklar", "prövar", "finansierar", "samordnar", "utvärderar", "följer upp",
         "beskriver", "delar", "driver"]
OBJECTS = ["energieffektiva lösningar", "innovationsupphandlingar", "gemensamma krav", "solcellsanläggningar",
           "behovsstyrd ventilation", "fossilfria transporter", "cirkulära möbler", "närproducerade livsmedel",
           "digitala verktyg", "tekniska specifikationer", "hållbara vårdmiljöer", "marknadsdialoger",
           "lokaler med låg energianvändning", "erfarenhetsutbyten", "ramavtal för återbruk",
           "sociala krav i leverantörskedjan", "beställarnätverkens finansiering", "projekt med tydligt mandat"]
PLACES = ["i kommunerna", "på sjukhusen", "i regionerna", "i flerbostadshus", "i skolköken", "inom vården",
          "i offentlig sektor", "tillsammans med marknaden", "i beställarnätverken", "under 2024"]


def sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}."


def add_posts(total, rng):
    """Generated posts, created live (as published) without one revision each, to keep setup affordable."""
    from blog.models import BlogIndexPage, BlogPostPage, NetworkProfilePage

    blog = BlogIndexPage.objects.get()
    networks = list(NetworkProfilePage.objects.all())
    tags = ["energi", "innovation", "dialog", "juridik", "vård", "bostäder", "klimat", "kommuner", "samarbete"]
    for number in range(total):
        title = f"{rng.choice(OBJECTS).capitalize()} {rng.choice(PLACES)} ({number})"
        post = BlogPostPage(
            title=title,
            slug=f"bench-{number}",
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650)),
            lead=" ".join(sentence(rng) for _ in range(2)),
            body=[("paragraph", "<p>" + " ".join(sentence(rng) for _ in range(6)) + "</p>") for _ in range(3)],
            live=True,
        )
        post.tags.set(rng.sample(tags, 2))
        post.networks = rng.sample(networks, rng.randrange(len(networks) + 1))
        blog.add_child(instance=post)


@contextlib.contextmanager
def elasticsearch_node():
    """The URL of the node the benchmark uses; a node it starts itself is stopped however the run ends (also when
    interrupted while the node is starting)."""
    if os.environ.get("ELASTICSEARCH_URL"):
        yield os.environ["ELASTICSEARCH_URL"]
        return
    from scripts import es_node

    port = es_node.free_port()
    try:
        yield es_node.start_node(port)
    finally:
        es_node.stop_node(port, purge=True)


def summary(samples):
    return {"median_ms": median(samples), "p95_ms": p95(samples)}


def measure_api_against_direct(report):
    from django.test import Client

    from dialog_search import queries, selectors
    from dialog_search.client import get_client

    client, es = Client(), get_client()
    aliases = selectors.search_aliases()
    api_queries, direct_queries = itertools.cycle(QUERIES), itertools.cycle(QUERIES)  # the same sequence each

    def api():
        response = client.get("/api/search/", {"q": next(api_queries)})
        assert response.status_code == 200, response.content[:200]

    def direct():
        params = queries.SearchParams(query=queries.clean_query(next(direct_queries)))
        es.search(index=aliases, body=queries.search_body(params), search_type="dfs_query_then_fetch")

    for name, function in (("direct", direct), ("api", api)):
        for _warm in range(len(QUERIES)):
            function()
    api_samples, direct_samples = [], []
    for _round in range(REPEAT):  # interleaved, so both see the same machine load
        direct_samples += timed(direct, repeat=1)
        api_samples += timed(api, repeat=1)
    report("Elasticsearch direct (same body)", **summary(direct_samples), ratio=1.0)
    report("/api/search/", **summary(api_samples), ratio=median(api_samples) / median(direct_samples))
    return median(direct_samples)


# Wagtail's Elasticsearch backend declares ngram, edge_ngram and asciifolding analysis for its autocomplete
# fields; a node with only Elasticsearch's core (the integ-test-zip, many managed clusters) refuses those types.
# They are replaced by core types that leave tokens alone (the standard tokenizer, a stop filter with no words),
# which changes only autocomplete, not the full-text searches measured here.
_KEEP_TOKENS = {"type": "stop", "stopwords": "_none_"}
WAGTAIL_CORE_ONLY_ANALYSIS = {
    "settings": {"analysis": {
        "analyzer": {name: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
                     for name in ("ngram_analyzer", "edgengram_analyzer")},
        "tokenizer": {name: {"type": "standard"} for name in ("ngram_tokenizer", "edgengram_tokenizer")},
        "filter": {"ngram": _KEEP_TOKENS, "edgengram": _KEEP_TOKENS},
    }},
}


def measure_wagtail_backends(report, direct_median, url, prefix):
    from django.conf import settings
    from django.core.management import call_command

    from blog.models import BlogPostPage

    cycle = itertools.cycle(QUERIES)
    started = time.perf_counter()
    call_command("update_index", backend_name="default", verbosity=0)
    build = time.perf_counter() - started

    def database():
        list(BlogPostPage.objects.live().search(next(cycle), backend="default")[:10])

    # A few queries take a minute on SQLite with 10,000 posts: fewer samples keep the run affordable.
    samples = timed(database, repeat=max(len(QUERIES), REPEAT // 3))
    report("Wagtail database backend", **summary(samples), ratio=median(samples) / direct_median,
           note=f"index built in {build:.0f} s")

    settings.WAGTAILSEARCH_BACKENDS["bench_es"] = {
        "BACKEND": "modelsearch.backends.elasticsearch8", "URLS": [url], "INDEX_PREFIX": f"{prefix}-wagtail-",
        "TIMEOUT": 30, "INDEX_SETTINGS": WAGTAIL_CORE_ONLY_ANALYSIS,
    }
    try:
        call_command("update_index", backend_name="bench_es", verbosity=0)

        def elasticsearch():
            list(BlogPostPage.objects.live().search(next(cycle), backend="bench_es")[:10])

        samples = timed(elasticsearch, repeat=REPEAT)
        report("Wagtail Elasticsearch backend", **summary(samples), ratio=median(samples) / direct_median,
               note="modelsearch elasticsearch8; its ngram analysis swapped for core types (see the code)")
    except Exception as error:  # reported in the table: why Wagtail's ES backend cannot run on this node
        reason = str(error).replace("\n", " ")[:160]
        report("Wagtail Elasticsearch backend", note=f"cannot run: {type(error).__name__}: {reason}")
    finally:
        settings.WAGTAILSEARCH_BACKENDS.pop("bench_es", None)


def measure_rebuild(report, rounds=2):
    """Rebuild and raw bulk alternate, best of `rounds` each, so a busy neighbour does not decide the ratio."""
    from elasticsearch import helpers

    from dialog_search import conf, services
    from dialog_search.client import get_client

    client = get_client(for_indexing=True)
    services.index_rebuild(kinds=["profile"])
    prepared = list(services.iter_sources("post"))
    rebuild_runs, raw_runs = [], []
    for attempt in range(rounds):
        started = time.perf_counter()
        (result,) = services.index_rebuild(kinds=["post"])
        rebuild_runs.append((time.perf_counter() - started, result.indexed))

        raw_index = conf.index_names("post").versioned(f"rawbulk{attempt}")
        services.index_create(client=client, kind="post", name=raw_index)
        started = time.perf_counter()
        helpers.bulk(client, ({"_index": raw_index, "_id": str(page_id), "_source": body}
                              for page_id, body in prepared), chunk_size=500)
        client.indices.refresh(index=raw_index)
        raw_runs.append((time.perf_counter() - started, len(prepared)))
        client.indices.delete(index=raw_index)
    raw_seconds, raw_docs = min(raw_runs)
    rebuild_seconds, rebuild_docs = min(rebuild_runs)
    raw_rate, rebuild_rate = raw_docs / raw_seconds, rebuild_docs / rebuild_seconds
    report("raw helpers.bulk (prepared documents)", docs=raw_docs, seconds=raw_seconds, docs_per_s=raw_rate,
           ratio=1.0, note=f"best of {rounds}")
    report("search_index rebuild (database to alias swap)", docs=rebuild_docs, seconds=rebuild_seconds,
           docs_per_s=rebuild_rate, ratio=rebuild_rate / raw_rate, note=f"best of {rounds}")


def measure_publish_to_searchable(report):
    from django.db.utils import OperationalError

    from blog.models import BlogIndexPage, BlogPostPage
    from dialog_search import queries, selectors
    from dialog_search.tasks import run_pending_index_tasks

    stop = threading.Event()

    def worker():
        from django.db import connection

        while not stop.is_set():
            try:
                run_pending_index_tasks()
            except OperationalError:  # SQLite's shared in-memory test database: a table locked by the publisher
                pass
            time.sleep(0.02)
        connection.close()

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    blog = BlogIndexPage.objects.get()
    delays = []
    try:
        for number in range(PUBLISHES):
            word = f"publiceringsprov{uuid.uuid4().hex[:8]}"
            post = BlogPostPage(title=f"Nytt inlägg {number}", slug=f"nytt-{word}", lead=f"Ordet {word}.")
            for _attempt in range(50):
                try:
                    if post.pk is None:
                        blog.add_child(instance=post)
                    post.save_revision().publish()
                    break
                except OperationalError:  # the worker holds a table of the in-memory SQLite database
                    time.sleep(0.01)
            published = time.perf_counter()
            params = queries.SearchParams(query=word, per_page=1)
            while selectors.search(params).total == 0:
                if time.perf_counter() - published > 30:
                    raise RuntimeError("a published post was not searchable within 30 s")
                time.sleep(0.01)
            delays.append((time.perf_counter() - published) * 1000)
    finally:
        stop.set()
        thread.join(timeout=10)
    report("publish to searchable (worker running)", **summary(delays), samples=len(delays),
           note="includes Elasticsearch's 1 s refresh interval")
    return delays


def run(report):
    from django.test import override_settings

    from dialog_search import services

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    rng = random.Random(20261125)
    with elasticsearch_node() as url:
        with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_INDEX_PREFIX=prefix,
                               ELASTICSEARCH_TIMEOUT=30.0, SEARCH_ENABLED=True):
            started = time.perf_counter()
            add_posts(POSTS, rng)
            print(f"{POSTS} posts generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            from dialog_search.tasks import pending_index_tasks

            pending_index_tasks().delete()
            measure_rebuild(report)
            direct_median = measure_api_against_direct(report)
            measure_wagtail_backends(report, direct_median, url, prefix)
            measure_publish_to_searchable(report)
            services.index_delete_all()


if __name__ == "__main__":
    if "--posts" in sys.argv:
        POSTS = int(sys.argv[sys.argv.index("--posts") + 1])
    run_standalone("search", run)
