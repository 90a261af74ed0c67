"""The bench's figure of issue 27: the queries of the counting engine with entered years."""

import pytest

from devtools.bench import ENTERED_YEARS, entered_figures_query_counts
from figures.models import EnteredYearFigures

pytestmark = pytest.mark.django_db


def test_the_bench_counts_the_engines_queries_with_and_without_entered_years():
    counts = entered_figures_query_counts(2)

    assert sorted(counts) == [0, ENTERED_YEARS]
    assert counts[0] == counts[ENTERED_YEARS] > 0
    assert EnteredYearFigures.objects.count() == 2 * ENTERED_YEARS
