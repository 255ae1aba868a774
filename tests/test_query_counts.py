"""Every page in at most ten queries, and in the same number whatever the size of the data
(pretalx's query counts at two sizes; django-zeal fails any N+1 query on top of this).
The pages and the growth are tests/demo_pages.py's, which bench/pages.py reports on."""

import io

from django.core.management import call_command

import pytest

from tests.demo_pages import grow, query_counts

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def test_every_page_stays_within_its_queries_at_two_sizes(settings):
    settings.DEBUG = True  # seed_demo only runs in development mode
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    small = query_counts()
    grow()
    large = query_counts()
    wrong = [
        f"{name}: {small[name]} queries, then {large[name]} with more data"
        for name in small
        if small[name] != large[name] or large[name] > MAX_QUERIES
    ]
    assert not wrong, "\n".join(wrong)
