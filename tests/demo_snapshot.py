"""The demo database kept across transactional tests.

Django empties every table after a transactional test. The demo is serialised once into each connection's
`_test_serialized_contents`, which Django restores before a `serialized_rollback=True` test; `restore()` puts it
back after one, so the tests that follow find the demo again.
"""

from django.db import connections


def take() -> None:
    for alias in connections:
        connection = connections[alias]
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


def restore() -> None:
    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)
