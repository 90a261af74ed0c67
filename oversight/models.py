from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cell05.fields import NFCCharField, NFCTextField
from cell05.history import HistoricalRecords
from cell05.periods import YEAR_VALIDATORS
from cell05.reversing import reverse
from cell05.uploads import upload_path
from cell05.versions import Versioned
from members.models import Cell, Member, PartyGroup
from oversight.choices import (
    DIRECTIVE_05_CONTENT,
    CaseKind,
    CaseState,
    Conclusion,
    ProposalOutcome,
    ProposalTarget,
    SupervisionKind,
)


class Programme(Versioned):
    """The cell's yearly programme of inspection and supervision (Article 30 of the Statute)."""

    cell = models.ForeignKey(
        Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="programmes"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    number = NFCCharField(_("number and symbol"), max_length=50, blank=True, help_text=_("e.g. 01-CTr/CB."))
    adopted_on = models.DateField(_("date adopted"), null=True, blank=True)
    content = NFCTextField(_("content"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme of inspection and supervision")
        verbose_name_plural = _("programmes of inspection and supervision")
        ordering = ["cell_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year"],
                name="programme_unique_per_year",
                violation_error_message=_("The cell already has a programme for this year."),
            ),
        ]

    def __str__(self):
        return _("Programme of %(year)s") % {"year": self.year}


class Case(Versioned):
    """One inspection or supervision of one or several members."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="cases")
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    supervision_kind = models.CharField(
        _("kind of supervision"), max_length=20, choices=SupervisionKind.choices, blank=True
    )
    decision_number = NFCCharField(_("decision or plan number"), max_length=50, help_text=_("e.g. 05-QĐ/CB."))
    decision_date = models.DateField(_("date of the decision"))
    members = models.ManyToManyField(Member, verbose_name=_("members concerned"), related_name="cases")
    on_directive_05 = models.BooleanField(_("on carrying out Directive 05"), default=True)
    content = NFCTextField(_("content"), default=DIRECTIVE_05_CONTENT)
    period_start = models.DateField(_("period examined from"))
    period_end = models.DateField(_("period examined to"))
    carried_out_by = NFCCharField(
        _("carried out by"), max_length=300, help_text=_("e.g. the cell committee.")
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("end"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=CaseState.choices, default=CaseState.PLANNED)
    member_report = NFCTextField(_("report of the member"), blank=True)
    findings = NFCTextField(_("findings"), blank=True)
    strengths = NFCTextField(_("strengths"), blank=True)
    shortcomings = NFCTextField(_("shortcomings"), blank=True)
    violations = NFCTextField(_("violations"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices, blank=True)
    remedy = NFCTextField(_("what must be fixed"), blank=True)
    remedy_due = models.DateField(_("to be fixed by"), null=True, blank=True)
    remedy_done_on = models.DateField(_("fixed on"), null=True, blank=True)
    converted_from = models.OneToOneField(
        "self",
        verbose_name=_("turned from the supervision"),
        on_delete=models.PROTECT,
        related_name="converted_to",
        null=True,
        blank=True,
    )
    attachment = models.FileField(_("attachment"), upload_to=upload_path, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervisions")
        ordering = ["cell_id", "-decision_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="case_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.CONCLUDED) | ~Q(conclusion=""),
                name="concluded_case_has_conclusion",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.decision_number}"

    def get_absolute_url(self):
        return reverse("oversight:case_detail", kwargs={"slug": self.cell.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.kind == CaseKind.SUPERVISION and not self.supervision_kind:
            errors["supervision_kind"] = _("Say whether the supervision is regular or thematic.")
        if self.kind == CaseKind.INSPECTION and self.supervision_kind:
            errors["supervision_kind"] = _("Only a supervision is regular or thematic.")
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("The case ends before it starts.")
        if self.remedy_due and not self.remedy:
            errors["remedy"] = _("Say what must be fixed by that date.")
        if errors:
            raise ValidationError(errors)


class Praise(Versioned):
    """A member praised by the cell (biểu dương)."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="praises")
    member = models.ForeignKey(
        Member, verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="praises"
    )
    praised_on = models.DateField(_("date"))
    occasion = NFCCharField(_("meeting or occasion"), max_length=300, blank=True)
    reason = NFCTextField(_("reason"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("praise by the cell")
        verbose_name_plural = _("praises by the cell")
        ordering = ["cell_id", "-praised_on"]

    def __str__(self):
        return f"{self.member} ({self.praised_on:%d/%m/%Y})"


class RewardProposal(Versioned):
    """A proposal to the superior Standing Committee to reward a collective or a member."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="proposals")
    target = models.CharField(_("proposed for"), max_length=20, choices=ProposalTarget.choices)
    member = models.ForeignKey(
        Member,
        verbose_name=_("Party member"),
        on_delete=models.PROTECT,
        related_name="reward_proposals",
        null=True,
        blank=True,
    )
    group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        on_delete=models.PROTECT,
        related_name="reward_proposals",
        null=True,
        blank=True,
    )
    collective_name = NFCCharField(
        _("collective"),
        max_length=300,
        blank=True,
        help_text=_("An agency or organisation of the bloc, if the collective is not a party group."),
    )
    number = NFCCharField(_("proposal number"), max_length=50, help_text=_("e.g. 12-TTr/CB."))
    proposed_on = models.DateField(_("date of the proposal"))
    addressed_to = NFCCharField(_("addressed to"), max_length=200, default="Ban Thường vụ Huyện ủy")
    reason = NFCTextField(_("reason"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ProposalOutcome.choices, default=ProposalOutcome.PENDING
    )
    decision_number = NFCCharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal for a reward")
        verbose_name_plural = _("proposals for a reward")
        ordering = ["cell_id", "-proposed_on"]

    def __str__(self):
        return f"{self.number} — {self.beneficiary}"

    def clean(self):
        errors = {}
        if self.target == ProposalTarget.INDIVIDUAL:
            if not self.member_id:
                errors["member"] = _("Choose the member proposed for the reward.")
            if self.group_id or self.collective_name:
                errors["target"] = _("A proposal for an individual names a member, not a collective.")
        if self.target == ProposalTarget.COLLECTIVE:
            if not self.group_id and not self.collective_name:
                errors["collective_name"] = _("Choose the party group or write the collective's name.")
            if self.member_id:
                errors["member"] = _("A proposal for a collective names no member.")
        if self.outcome == ProposalOutcome.GRANTED and not (self.decision_number and self.decision_date):
            errors["decision_number"] = _("A granted reward needs the decision's number and date.")
        if self.member_id and self.cell_id and self.member.cell_id != self.cell_id:
            errors["member"] = _("This member belongs to another cell.")
        if self.group_id and self.cell_id and self.group.cell_id != self.cell_id:
            errors["group"] = _("This party group belongs to another cell.")
        if self.decision_date and self.proposed_on and self.decision_date < self.proposed_on:
            errors["decision_date"] = _("The decision comes before the proposal.")
        if errors:
            raise ValidationError(errors)

    @property
    def beneficiary(self) -> str:
        """Whom the proposal is for; a party group by the name it bore on the proposal's day
        when the proposal was read with it (`oversight.selectors.with_group_names`)."""
        if self.target == ProposalTarget.INDIVIDUAL:
            return str(self.member or "")
        return self.collective_name or getattr(self, "group_name_then", None) or str(self.group or "")
