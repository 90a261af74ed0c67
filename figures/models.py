"""The one table of the counting engine: the figures a cell entered from its reports for the years
it holds no records of, which figures/counting/ counts in place of records."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.fields import NFCCharField
from cell05.history import HistoricalRecords
from cell05.periods import YEAR_VALIDATORS
from cell05.versions import Versioned
from members.models import Cell
from oversight.choices import Conclusion
from plans.choices import Rating

# Directive 05-CT/TW is of 15/05/2016: no cell reported on it for an earlier year.
FIRST_ENTERED_YEAR = 2016


def _count(verbose_name):
    # A count of the report: never negative, which the database checks itself (a positive
    # integer column has its CHECK), said in the words of the figures rather than Django's
    # generic "greater than or equal to 0".
    return models.PositiveIntegerField(
        verbose_name,
        default=0,
        validators=[MinValueValidator(0, message=_("A figure of the report cannot be negative."))],
    )


class EnteredYearFigures(Versioned):
    """The figures a cell reported for a year that it holds no records of, typed in from that
    report, with its number and date. The counting engine (figures/counting/) counts them for
    that year instead of records; a year has records or entered figures, never both
    (reports/services/entered.py refuses the second). The counts are the state at the report's date."""

    cell = models.ForeignKey(
        Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="entered_years"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    report_number = NFCCharField(
        _("number of the report"), max_length=50, help_text=_("As it is printed, e.g. 12-BC/CB.")
    )
    report_date = models.DateField(_("date of the report"))
    members = _count(_("members"))
    party_groups = _count(_("party groups"))
    pledges_filed = _count(_("pledges filed"))
    pledges_approved = _count(_("pledges approved"))
    pledges_self_assessed = _count(_("pledges self-assessed"))
    rated_excellent = _count(_("rated: excellently fulfilled duties"))
    rated_good = _count(_("rated: well fulfilled duties"))
    rated_fulfilled = _count(_("rated: fulfilled duties"))
    rated_not_fulfilled = _count(_("rated: did not fulfil duties"))
    study_sessions = _count(_("study sessions"))
    attended = _count(_("attendances at the study sessions"))
    attendance_expected = _count(_("attendances expected at the study sessions"))
    monday_planned = _count(_("Monday sessions planned"))
    monday_held = _count(_("Monday sessions held"))
    members_inspected = _count(_("members inspected"))
    members_supervised = _count(_("members supervised"))
    inspections = _count(_("inspections"))
    supervisions = _count(_("supervisions"))
    cases_good = _count(_("cases concluded: carried out well"))
    cases_shortcomings = _count(_("cases concluded: shortcomings to fix"))
    cases_violation = _count(_("cases concluded: violation"))
    members_good = _count(_("members concluded: carried out well"))
    members_shortcomings = _count(_("members concluded: shortcomings to fix"))
    members_violation = _count(_("members concluded: violation"))
    comrades_praised = _count(_("comrades praised"))
    praises = _count(_("praises"))
    proposals_collective = _count(_("proposals for collectives"))
    proposals_individual = _count(_("proposals for individuals"))
    granted_collective = _count(_("proposals for collectives granted"))
    granted_individual = _count(_("proposals for individuals granted"))
    # The tables keep the names they had in reports/, where the model lived until issue 31.
    history = HistoricalRecords(table_name="reports_historicalenteredyearfigures")

    class Meta:
        db_table = "reports_enteredyearfigures"
        verbose_name = _("figures of a year entered from a report")
        verbose_name_plural = _("figures of years entered from reports")
        ordering = ["cell_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "year"], name="one_entered_figures_per_cell_year"),
            # Facts of any report: a part is never more than its whole.
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{part}__lte": F(whole)}), name=f"entered_{part}_within"
                )
                for part, whole in (
                    ("pledges_filed", "members"),
                    ("pledges_approved", "pledges_filed"),
                    ("pledges_self_assessed", "pledges_filed"),
                    ("attended", "attendance_expected"),
                    ("monday_held", "monday_planned"),
                    ("members_inspected", "members"),
                    ("members_supervised", "members"),
                    ("comrades_praised", "members"),
                    ("granted_collective", "proposals_collective"),
                    ("granted_individual", "proposals_individual"),
                )
            ),
        ]

    def __str__(self):
        return f"{self.cell} — {self.year}"

    @property
    def ratings(self) -> dict[str, int]:
        return {rating: getattr(self, f"rated_{rating}") for rating in Rating.values}

    @property
    def cases_by_conclusion(self) -> dict[str, int]:
        return {value: getattr(self, f"cases_{value}") for value in Conclusion.values}

    @property
    def members_by_conclusion(self) -> dict[str, int]:
        return {value: getattr(self, f"members_{value}") for value in Conclusion.values}

    def clean(self):
        """The figures that contradict each other, each refused on the figure that is too large,
        and a year or a date that no report of Directive 05 can have."""
        errors = {}
        today = timezone.localdate()
        if self.year is not None and not FIRST_ENTERED_YEAR <= self.year <= today.year:
            errors["year"] = _("Choose a year from %(first)s to %(last)s: Directive 05 is of 15/05/2016.") % {
                "first": FIRST_ENTERED_YEAR,
                "last": today.year,
            }
        elif self.year is not None and self.report_date is not None:
            if not self.year <= self.report_date.year <= self.year + 1:
                errors["report_date"] = _("The report of %(year)s is dated in %(year)s or in %(next)s.") % {
                    "year": self.year,
                    "next": self.year + 1,
                }
            elif self.report_date > today:
                errors["report_date"] = _("The date of the report is in the future.")
        # A figure left empty or negative is refused by its own field: nothing to compare.
        if all(getattr(self, name) is not None and getattr(self, name) >= 0 for name in COUNTS):
            for field, message in self._contradictions():
                errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    def _contradictions(self):
        filed, members = self.pledges_filed, self.members
        rated = sum(self.ratings.values())
        cases = self.inspections + self.supervisions
        checks = [
            ("pledges_filed", filed > members, _("More pledges filed than members.")),
            ("pledges_approved", self.pledges_approved > filed, _("More pledges approved than filed.")),
            (
                "pledges_self_assessed",
                self.pledges_self_assessed > filed,
                _("More pledges self-assessed than filed."),
            ),
            ("rated_excellent", rated > filed, _("The ratings add up to more than the pledges filed.")),
            ("attended", self.attended > self.attendance_expected, _("More attended than expected.")),
            (
                "monday_held",
                self.monday_held > self.monday_planned,
                _("More Monday sessions held than planned."),
            ),
            (
                "members_inspected",
                self.members_inspected > members,
                _("More members inspected than members."),
            ),
            (
                "members_supervised",
                self.members_supervised > members,
                _("More members supervised than members."),
            ),
            (
                "inspections",
                self.members_inspected > 0 and self.inspections == 0,
                _("Members inspected without any inspection."),
            ),
            (
                "supervisions",
                self.members_supervised > 0 and self.supervisions == 0,
                _("Members supervised without any supervision."),
            ),
            (
                "cases_good",
                sum(self.cases_by_conclusion.values()) > cases,
                _("More cases concluded than inspections and supervisions."),
            ),
            (
                "members_good",
                sum(self.members_by_conclusion.values()) > self.members_inspected + self.members_supervised,
                _("More members in the conclusions than members inspected and supervised."),
            ),
            ("comrades_praised", self.comrades_praised > members, _("More comrades praised than members.")),
            (
                "praises",
                self.comrades_praised > self.praises,
                _("Fewer praises than comrades praised."),
            ),
            (
                "granted_collective",
                self.granted_collective > self.proposals_collective,
                _("More proposals for collectives granted than proposed."),
            ),
            (
                "granted_individual",
                self.granted_individual > self.proposals_individual,
                _("More proposals for individuals granted than proposed."),
            ),
        ]
        return [(field, message) for field, wrong, message in checks if wrong]


# The figures of an entered year, as the form shows them.
COUNTS = [
    field.name
    for field in EnteredYearFigures._meta.fields
    if isinstance(field, models.PositiveIntegerField) and field.name != "version"
]
