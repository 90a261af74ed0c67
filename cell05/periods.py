"""The span of days that a report, a table or a page counts: from a first day to a last day,
both included. Figures are counted by the events' own dates within it."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

# The years a study year, a programme, a report or a page's figures may name: every year a
# cell can have worked, and a slip of the keyboard (20224) refused.
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]

# The average length of a Gregorian year, in days: 2016-01-01 to 2021-04-15 is 5.29 years.
DAYS_PER_YEAR = 365.2425


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date

    def __post_init__(self):
        if self.last_day < self.first_day:
            raise ValueError(f"The period ends ({self.last_day}) before it starts ({self.first_day}).")

    @classmethod
    def of_years(cls, first_year: int, last_year: int, *, as_of: date | None = None) -> "Period":
        """The years first_year..last_year, cut at `as_of` (a report's date) when it comes earlier.
        A date before the first year leaves a period of its first day only."""
        last_day = date(last_year, 12, 31)
        if as_of is not None:
            last_day = max(date(first_year, 1, 1), min(as_of, last_day))
        return cls(date(first_year, 1, 1), last_day)

    @property
    def years(self) -> range:
        """The calendar years the period touches."""
        return range(self.first_day.year, self.last_day.year + 1)

    def within_year(self, year: int) -> "Period":
        """The part of the period that falls in one calendar year."""
        return Period(max(self.first_day, date(year, 1, 1)), min(self.last_day, date(year, 12, 31)))

    @property
    def year_count(self) -> int:
        """Whole years, rounded half up, as Party reports count them: 01/01/2016–15/04/2021 is
        05 năm, 2017–2019 is 03 năm, 01/01/2016–15/05/2026 is 10 năm; never less than one."""
        days = (self.last_day - self.first_day).days + 1
        return max(1, math.floor(days / DAYS_PER_YEAR + 0.5))

    @property
    def end_moment(self) -> datetime:
        """The first moment after the last day, in the site's time zone: an event recorded
        with a time counts when it happened before this."""
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))
