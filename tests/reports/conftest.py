from pathlib import Path

import pytest

TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(autouse=True)
def report_test_templates(settings):
    """The test documents of tests/reports/templates, next to the project's templates."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}, *settings.TEMPLATES[1:]]
