"""The queries a page makes, as the tests that keep them flat count them."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def first_visit_queries(client, url: str) -> int:
    """The queries of the page on a first visit: its figures not yet in the cache, which would
    otherwise answer for every visit after the first."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def post_queries(client, url: str, data: dict):
    """The response to a form sent to the page, and the queries its answer made."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    return response, len(queries)
