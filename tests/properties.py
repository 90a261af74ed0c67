"""The settings of the suite's property tests (hypothesis), said once."""

from hypothesis import HealthCheck, settings


def examples(at_most: int, *also_suppressed: HealthCheck) -> settings:
    """At most `at_most` examples, fewer under the profile of `make test` (tests/conftest.py); no
    deadline and no complaint about function-scoped fixtures or slow data, since every example
    writes to the test database."""
    return settings(
        max_examples=min(at_most, settings.default.max_examples),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, *also_suppressed],
    )
