"""Every change to the search indexes: creating them, syncing pages, rebuilding and swapping aliases.

Each registered index (by default one per kind, registry.register(index=...)) is versioned
(`<prefix>-<index>s-<stamp>`) behind an alias (`<prefix>-<index>s`) that readers search.
Writes go to every version that exists, so a document changed while a rebuild runs lands in the new
index as well; the rebuild loads with op_type "create" and never overwrites such a fresher document.
"""

import datetime
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.utils import timezone
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, helpers
from wagtail.models import Page, PageViewRestriction

from dialog_search import conf, documents, registry
from dialog_search.analysis import HUNSPELL_LOCALE, index_settings
from dialog_search.client import SearchConfigurationError, get_client


HUNSPELL_HELP = (
    "Elasticsearch has no Swedish hunspell dictionary ({locale}). Install it on every node: copy sv_SE.aff and "
    "sv_SE.dic (Debian/Ubuntu: `apt-get install hunspell-sv`, files in /usr/share/hunspell/) to "
    "<ES config dir>/hunspell/sv_SE/ and restart the node (scripts/es_node.py does this for development and "
    "tests). Elasticsearch said: {reason}"
)
BULK_CHUNK = 500
SWAP_GRACE_SECONDS = 0.5


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _doc_id(page_id: int) -> str:
    return str(page_id)


def index_create(*, client: Elasticsearch, index: str, name: str, alias: bool = False, bulk_load: bool = False) -> str:
    """Create one versioned index with the Swedish analysis; fail clearly when the dictionary is missing."""
    settings = {
        "number_of_shards": conf.get("ELASTICSEARCH_SHARDS"),
        "auto_expand_replicas": conf.get("ELASTICSEARCH_REPLICAS"),
        **index_settings(),
    }
    if bulk_load:
        settings["refresh_interval"] = "-1"
    try:
        client.indices.create(
            index=name,
            settings=settings,
            mappings=documents.mapping(index),
            aliases={conf.index_names(index).alias: {}} if alias else None,
        )
    except BadRequestError as error:
        reason = str(error.info if hasattr(error, "info") else error)
        if "hunspell" in reason.lower():
            raise SearchConfigurationError(HUNSPELL_HELP.format(locale=HUNSPELL_LOCALE, reason=reason)) from error
        if "resource_already_exists_exception" in reason:
            return name
        raise
    return name


def indexes_ensure(*, client: Elasticsearch) -> None:
    """Create the first index behind each alias when there is none (a fresh cluster or test session)."""
    for index in registry.indexes():
        names = conf.index_names(index)
        if not client.indices.exists_alias(name=names.alias):
            index_create(client=client, index=index, name=names.versioned("0"), alias=True)


def _versions(client: Elasticsearch, index: str) -> list[str]:
    """Every version of a registered index: the alias target and any rebuild in progress."""
    try:
        return sorted(client.indices.get(index=conf.index_names(index).pattern, expand_wildcards="open"))
    except NotFoundError:
        return []


def _alias_targets(client: Elasticsearch, index: str) -> list[str]:
    try:
        return sorted(client.indices.get_alias(name=conf.index_names(index).alias))
    except NotFoundError:
        return []


def indexable_pages(model) -> "Iterable[Page]":
    """The pages of a model that readers may see: live, not expired, no view restriction on them or above."""
    return model.objects.live().public().filter(expired=False)


def _is_indexable(page: Page) -> bool:
    if not page.live or page.expired:
        return False
    return not PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(page)).exists()


def _ancestor_paths(page: Page) -> list[str]:
    return [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]


def _bulk(client: Elasticsearch, actions: list[dict]) -> None:
    if not actions:
        return
    _ok, errors = helpers.bulk(client, actions, raise_on_error=False, raise_on_exception=True)
    real = [error for error in errors if not ("delete" in error and error["delete"].get("status") == 404)]
    if real:
        raise RuntimeError(f"Elasticsearch refused {len(real)} index operations, first: {real[0]}")


def pages_sync(*, page_ids: Iterable[int], refresh: bool = False) -> dict[str, int]:
    """Make the indexes tell the truth about these pages, whatever happened to them (idempotent).

    A page that is live, public and of a registered type is (re)indexed; anything else (unpublished,
    deleted, private, moved out of reach) is removed.
    """
    client = get_client(for_indexing=True)
    indexes_ensure(client=client)
    page_ids = list(dict.fromkeys(int(page_id) for page_id in page_ids))
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    versions = {index: _versions(client, index) for index in registry.indexes()}
    actions, counts = [], {"indexed": 0, "removed": 0}
    for page_id in page_ids:
        page = pages.get(page_id)
        registration = registry.registration_for(type(page)) if page is not None else None
        keep_index = None
        if registration is not None and _is_indexable(page):
            keep_index = registration.index
            body = documents.build(page_id=page_id, kind=registration.kind, source=registration.to_source(page))
            actions += [{"_op_type": "index", "_index": version, "_id": _doc_id(page_id), "_source": body}
                        for version in versions[keep_index]]
            counts["indexed"] += 1
        else:
            counts["removed"] += 1
        for index in registry.indexes():
            if index != keep_index:
                actions += [{"_op_type": "delete", "_index": version, "_id": _doc_id(page_id)}
                            for version in versions[index]]
    _bulk(client, actions)
    if refresh:
        index_refresh(client=client)
    return counts


def index_refresh(*, client: Elasticsearch | None = None) -> None:
    client = client or get_client(for_indexing=True)
    for index in registry.indexes():
        client.indices.refresh(index=conf.index_names(index).pattern)


def pages_affected_by(page: Page) -> list[int]:
    """The page, its registered descendants (their URLs change with it) and the pages that name any of them."""
    ids = [page.pk]
    models = registry.indexed_models()
    affected = [page.specific_deferred]
    if models and not page.is_leaf():
        descendants = list(Page.objects.descendant_of(page).type(*models).specific(defer=True))
        ids += [descendant.pk for descendant in descendants]
        affected += descendants  # a restriction on an ancestor hides the descendants from the pages naming them
    for each in affected:
        registration = registry.registration_for(type(each))
        if registration is not None:
            ids += [int(pk) for pk in registration.dependents(each)]
    return list(dict.fromkeys(ids))


def iter_sources(index: str) -> Iterator[tuple[int, dict]]:
    """(page id, document) for every page of the kinds in this index that readers may see."""
    for registration in registry.registrations():
        if registration.index != index:
            continue
        queryset = registration.prepare(indexable_pages(registration.model).order_by("pk"))
        for pages in _batches(queryset.iterator(chunk_size=BULK_CHUNK), BULK_CHUNK):
            pages = [page for page in pages if _is_indexable_fast(page)]
            for page, source in zip(pages, registration.to_sources(pages), strict=True):
                yield page.pk, documents.build(page_id=page.pk, kind=registration.kind, source=source)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _is_indexable_fast(page: Page) -> bool:
    # .public() already excludes restricted subtrees; this only guards against expired pages.
    return page.live and not page.expired


def indexable_count(index: str) -> int:
    return sum(indexable_pages(registration.model).count()
               for registration in registry.registrations() if registration.index == index)


@dataclass
class RebuildResult:
    kind: str
    index: str
    indexed: int = 0
    skipped_fresher: int = 0
    removed_after: int = 0
    seconds: float = 0.0
    old_indexes: list[str] = field(default_factory=list)


def index_rebuild(*, indexes: Iterable[str] | None = None, kinds: Iterable[str] | None = None,
                  progress: Callable[[int], None] | None = None, thread_count: int = 2) -> list[RebuildResult]:
    """Build new versioned indexes, bulk-load them and swap the aliases atomically; searches keep answering.

    By default every registered index; ``indexes`` names some, ``kinds`` names them by the kinds they hold."""
    client = get_client(for_indexing=True)
    if indexes is None:
        indexes = registry.indexes() if kinds is None else [registry.index_of_kind(kind) for kind in kinds]
    results = []
    for index in dict.fromkeys(indexes):
        started = timezone.now()
        names = conf.index_names(index)
        new = index_create(client=client, index=index, name=names.versioned(_stamp()), bulk_load=True)
        result = RebuildResult(kind=index, index=new)
        failures = _load(client, new, iter_sources(index), result, progress, in_flight=thread_count)
        if failures:
            client.indices.delete(index=new)
            raise RuntimeError(f"Rebuild of {index} failed for {len(failures)} documents, first: {failures[0]}")
        client.indices.put_settings(index=new, settings={"refresh_interval": None})
        client.indices.refresh(index=new)
        result.removed_after = _remove_unindexable(client, index, new)
        old = _alias_targets(client, index)
        swap = [{"remove": {"index": index, "alias": names.alias}} for index in old]
        swap.append({"add": {"index": new, "alias": names.alias}})
        client.indices.update_aliases(actions=swap)
        stale = [version for version in _versions(client, index) if version != new]
        if stale:
            time.sleep(SWAP_GRACE_SECONDS)  # let searches that started on the old index finish
            client.indices.delete(index=",".join(stale))
        result.old_indexes = stale
        result.seconds = (timezone.now() - started).total_seconds()
        results.append(result)
    return results


def _load(client, index, sources, result, progress, *, in_flight: int) -> list[dict]:
    """Bulk-load with op_type "create" while the next chunk is prepared here (database and Python work stay
    in this thread; only the HTTP requests run in the pool)."""
    failures: list[dict] = []

    def send(operations: list[dict]) -> dict:
        return client.bulk(operations=operations, filter_path="errors,items.*.status,items.*.error")

    def collect(future) -> None:
        response = future.result()
        items = response.get("items", [])
        for item in items:
            (outcome,) = item.values()
            if outcome["status"] in (200, 201):
                result.indexed += 1
            elif outcome["status"] == 409:
                result.skipped_fresher += 1  # a sync task already wrote a fresher version
            else:
                failures.append(outcome)
        if progress:
            progress(len(items))

    with ThreadPoolExecutor(max_workers=max(1, in_flight)) as pool:
        pending: list = []
        operations: list[dict] = []
        for page_id, body in sources:
            operations += [{"create": {"_index": index, "_id": _doc_id(page_id)}}, body]
            if len(operations) >= 2 * BULK_CHUNK:
                pending.append(pool.submit(send, operations))
                operations = []
                while len(pending) >= max(1, in_flight):
                    collect(pending.pop(0))
        if operations:
            pending.append(pool.submit(send, operations))
        for future in pending:
            collect(future)
    return failures


def _remove_unindexable(client: Elasticsearch, registered: str, index: str) -> int:
    """Delete what was unpublished while the rebuild read the database (the reverse race of 'create')."""
    wanted = set()
    for registration in registry.registrations():
        if registration.index == registered:
            wanted.update(indexable_pages(registration.model).values_list("pk", flat=True))
    present = {int(hit["_id"]) for hit in helpers.scan(client, index=index, query={"query": {"match_all": {}}},
                                                        _source=False)}
    gone = present - wanted
    _bulk(client, [{"_op_type": "delete", "_index": index, "_id": _doc_id(page_id)} for page_id in gone])
    if gone:
        client.indices.refresh(index=index)
    return len(gone)


def index_delete_all() -> None:
    """Drop every version of every index of this prefix (tests and `search_index drop`)."""
    client = get_client(for_indexing=True)
    for index in registry.indexes():
        versions = _versions(client, index)
        if versions:
            client.indices.delete(index=",".join(versions))


def retry_delay(attempt: int) -> datetime.timedelta:
    base = float(conf.get("SEARCH_TASK_RETRY_DELAY"))
    ceiling = float(conf.get("SEARCH_TASK_RETRY_MAX_DELAY"))
    return datetime.timedelta(seconds=min(ceiling, base * (2 ** min(attempt, 20))))
