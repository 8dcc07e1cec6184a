"""Operator scripts. es_node is also imported by the tests, `make bench` and `make loadtest` (`from scripts import es_node`)."""
