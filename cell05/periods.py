"""The span of days that a report, a table or a page counts: from a first day to a last day,
both included. Figures are counted by the events' own dates within it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The years a study year, a programme, a report or a page's figures may name: every year a
# cell can have worked, and a slip of the keyboard (20224) refused.
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]

# The year of Directive 05-CT/TW (15/05/2016), from which cells count the years of their reviews.
DIRECTIVE_05_YEAR = 2016

# The years a review names ("Sơ kết 05 năm", "Tổng kết 10 năm"): its own count, which the
# secretary may set, within a span that any review of a cell's work can have.
SPAN_ERROR = _("A report names from 1 to 50 years.")
SPAN_VALIDATORS = [MinValueValidator(1, message=SPAN_ERROR), MaxValueValidator(50, message=SPAN_ERROR)]


def proposed_span(first_year: int, last_year: int, report_date: date) -> int:
    """The years a review names, as cells count them. From Directive 05's year, the years since
    the Directive (15/05/2016): the year of the report's date minus its first year (2016–2021
    dated 20/12/2021 is "5 năm"; 2016–2025 dated 19/05/2025 is 9, which the secretary sets to
    10 where the province says "Tổng kết 10 năm"). A later review began with a whole year, and
    names its years (2017–2019 is 3, 2024–2025 is 2). Never below one: a yearly report is not a
    review. The figures still count every day of the period."""
    if first_year <= DIRECTIVE_05_YEAR:
        return max(1, report_date.year - first_year)
    return last_year - first_year + 1


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
    def end_moment(self) -> datetime:
        """The first moment after the last day, in the site's time zone: an event recorded
        with a time counts when it happened before this."""
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))
