"""What every app's views share: turning a service's refusal into a form error, and reading a
page's years from its query (members/pages.py fetches the cell a page is about)."""

from django.core.exceptions import ValidationError

from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.versions import AlreadySaved, StaleEdit


def call_service(form, call):
    """Run a service; its refusal becomes an error on the form instead of a crash. A save on
    a copy that someone else changed meanwhile keeps what was typed and says what changed; the
    same form sent again after its save is answered as saved, with the record as it is."""
    try:
        return call()
    except AlreadySaved as done:
        return done.current
    except StaleEdit as error:
        form.refuse_stale(error)
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None


def period_of_request(params, default_years: tuple[int, int]) -> tuple[int, int]:
    """The years a page's figures cover, from ?start=YYYY&end=YYYY, within sensible bounds."""
    try:
        first = int(params.get("start", default_years[0]))
        last = int(params.get("end", default_years[1]))
    except ValueError:
        return default_years
    if not (FIRST_YEAR <= first <= last <= LAST_YEAR):
        return default_years
    return first, last
