"""The fixtures of the year import's tests (test_year_import.py, test_views.py)."""

import pytest
from django.utils import translation


@pytest.fixture
def english():
    """The refusals read in English here; the history's label in Vietnamese, by its test."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(world):
    world.member.card_number = "79000001"
    world.member.save()
    return world
