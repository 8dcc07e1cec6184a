"""Fuzzing every operation of /api/openapi.json (comments, moderation, search and Wagtail's /api/v2/) in process.

Schemathesis loads the schema from the Django app itself and, per operation, runs its examples and coverage
phases (boundary and invalid values) and then at least MAX_EXAMPLES generated cases (valid and invalid).
Each response must not be a 5xx and must conform to the schema: a documented status code, the documented
content type, headers and a body that validates. Search runs against the real Elasticsearch node with indexes
of its own; the moderator endpoints get a real token. The operations run as subtests of one test, inside one
transaction that is rolled back at the end. Deterministic: derandomized Hypothesis, no example database.

Posting a comment needs a form token from GET /api/comments/form-token/: every schema-conforming (positive) case
of POST /api/comments/ is sent for the demo post with a token as the form-token endpoint issues it, so the fuzzer
reaches the submission itself; negative cases keep whatever token (or none) they were generated with.
"""

import collections
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dialog_moderation import services
from tests.search.isolation import own_indexes_of_the_site
from wagtail.models import APIToken

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

MAX_EXAMPLES = 200
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def keep_test_connection():
    """Calls go straight to the WSGI app, whose request signals would close the database connection after each
    request (and with it the test's transaction, on PostgreSQL). Django's test client unhooks the same handler."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(keep_test_connection, django_db_setup, django_db_blocker):
    # The request goes through the site's middleware, which may touch the (test) database.
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def search_indexes(elasticsearch_url, django_db_setup, django_db_blocker):
    """The demo pages in indexes of this module's own, so search answers 200 rather than 503."""
    with own_indexes_of_the_site(elasticsearch_url, "fuzz", django_db_blocker) as prefix:
        yield prefix


@pytest.fixture
def moderator_headers(django_user_model, db):
    """A bearer token of a real moderator, made as `manage.py api_tokens create` makes one."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("fuzz-moderator", "fuzz@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderatorer"))
    return {"Authorization": f"Bearer {APIToken.create_token(user=user, name='fuzz')[1]}"}


@pytest.fixture(scope="module")
def cases_run(request):
    """Counts the cases (and seconds) of each operation by phase; fails when one had fewer than MAX_EXAMPLES."""
    counts = collections.defaultdict(collections.Counter)
    seconds = collections.Counter()
    yield counts, seconds
    plugins = request.config.pluginmanager
    with plugins.get_plugin("capturemanager").global_and_fixture_disabled():
        reporter = plugins.get_plugin("terminalreporter")
        reporter.write_line("")
        for label, phases in sorted(counts.items()):
            by_phase = ", ".join(f"{phase} {count}" for phase, count in sorted(phases.items()))
            reporter.write_line(f"fuzz {label}: {sum(phases.values())} cases ({by_phase}) in {seconds[label]:.1f} s")
    short = {label: phases[TestPhase.FUZZING] for label, phases in counts.items()
             if phases[TestPhase.FUZZING] < MAX_EXAMPLES}
    assert not short, f"operations with fewer than {MAX_EXAMPLES} generated cases: {short}"


@pytest.fixture
def with_form_token(seed_post, settings):
    """Gives a positive comment submission a real, usable form token for the demo post."""
    settings.MODERATION_FORM_MIN_SECONDS = 0

    def apply(case):
        if (case.operation.method.upper() == "POST" and case.operation.path == "/api/comments/"
                and case.meta.generation.mode.is_positive and isinstance(case.body, dict)):
            case.body["page"] = seed_post.pk
            # The token GET /api/comments/form-token/ gives (that operation is fuzzed on its own). Not through
            # Django's test client: it reconnects close_old_connections, which would close the test's transaction.
            case.body["form_token"] = services.form_token_issue(page_id=seed_post.pk)
            case.body["website"] = ""

    return apply


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_every_operation_conforms(case, search_indexes, moderator_headers, with_form_token, cases_run):
    counts, seconds = cases_run
    counts[case.operation.label][case.meta.phase.name] += 1
    with_form_token(case)
    started = time.perf_counter()
    try:
        case.call_and_validate(headers=moderator_headers, checks=CHECKS)
    finally:
        seconds[case.operation.label] += time.perf_counter() - started
