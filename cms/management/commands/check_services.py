"""Tests the connections the site needs before it starts serving, with a clear message for each failure."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import Error as DatabaseError

from dialog_search import conf as search_conf
from dialog_search.client import get_client


class Command(BaseCommand):
    help = "Checks that the database and (when search is on) Elasticsearch answer."

    def handle(self, *args, **options):
        problems = []
        try:
            connection.ensure_connection()
            self.stdout.write(f"Database: OK ({connection.vendor}, {connection.settings_dict.get('NAME')})")
        except DatabaseError as error:
            problems.append(f"Database: cannot connect ({error}). Check DATABASE_URL and that the server runs.")

        if not search_conf.enabled():
            self.stdout.write("Elasticsearch: OFF (SEARCH_ENABLED is false or ELASTICSEARCH_URL is empty).")
        else:
            urls = ", ".join(search_conf.urls())
            try:
                health = get_client().cluster.health()
                self.stdout.write(f"Elasticsearch: OK ({urls}, cluster {health['cluster_name']}, {health['status']})")
            except Exception as error:  # noqa: BLE001 - every failure is reported to the operator, then we stop
                problems.append(
                    f"Elasticsearch: {urls} does not answer ({type(error).__name__}: {error}). Check "
                    "ELASTICSEARCH_URL, the credentials (ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/"
                    "ELASTICSEARCH_PASSWORD) and ELASTICSEARCH_CA_CERTS."
                )
        if problems:
            raise CommandError("\n".join(problems))
