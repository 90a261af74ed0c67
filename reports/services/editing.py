"""A report's life up to final, a cell's or a committee's: create it, edit its header and texts
(a stale edit refused), correct a final one by a new version; the checks of its header and texts."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from cell05 import versions
from cell05.history import history_rows
from cell05.services import assign, require_perm, save_logged
from cell05.versions import StaleEdit, bump
from cell05.workflow import check_state, move, require_role
from members.models import Cell, SuperiorCommittee
from reports.choices import ReportKind, SectionKey
from reports.document.assembly import committee_draft_sections, draft_sections
from reports.document.texts import default_title, retitled
from reports.document.wording import TOKEN, place_tokens
from reports.limits import header_errors, placed_section_errors, section_errors
from reports.models import CommitteeReport, CommitteeReportSection, Report, ReportSection
from reports.services.kinds import COMMITTEE_HEADER_FIELDS, HEADER_FIELDS, AnyReport, kind_of
from reports.workflow import workflow_of


def _header(model, owner: dict, data: dict, fields):
    """A new report from the header's data; the span, left out or empty, is proposed (`_check`)."""
    return model(**owner, **{field: data.get(field) if field == "span" else data[field] for field in fields})


def _check(report) -> None:
    """What a report's header must hold; an empty span is proposed from the years and the date,
    an empty title follows the kind, the period and the span."""
    if getattr(report, "signer", None) is not None and report.signer.cell_id != report.cell_id:
        raise ValidationError({"signer": _("The signer must be a member of the cell.")})
    if report.kind == ReportKind.YEARLY and report.start_year != report.end_year:
        raise ValidationError({"end_year": _("A yearly report covers one year.")})
    if report.report_date.year < report.end_year:
        raise ValidationError({"report_date": _("The report cannot be dated before its last year.")})
    if report.span is None:
        report.span = report.proposed_span
    if not report.title.strip():
        report.title = default_title(report.period, report.kind, report.span)
    if not report.recipients.strip():
        report.recipients = kind_of(report).recipients(report)
    if errors := header_errors(report):
        raise ValidationError(errors)


def _check_sections(sections: dict[str, str]) -> None:
    """The limits of the texts, for a save that did not come through the form."""
    errors = [
        f"{SectionKey(key).label}: {message}"
        for key, text in sections.items()
        if key in SectionKey.values
        for message in section_errors(text)
    ]
    if errors:
        raise ValidationError(errors)


def check_placed(report, sections: dict[str, str], values: dict[str, str] | None = None) -> None:
    """The limits of the texts with their figures placed, each refusal naming its section: the
    limits of what is typed alone let a few characters of {token} place hundreds."""
    with_tokens = {
        key: text for key, text in sections.items() if key in SectionKey.values and TOKEN.search(text)
    }
    if not with_tokens:
        return
    values = kind_of(report).tokens(report) if values is None else values
    errors = [
        f"{SectionKey(key).label}: {message}"
        for key, text in with_tokens.items()
        for message in placed_section_errors(place_tokens(text, values))
    ]
    if errors:
        raise ValidationError(errors)


def section_texts(report) -> dict[str, str]:
    return {section.key: section.text for section in report.sections.all()}


@transaction.atomic
def report_create(*, actor, cell: Cell, data: dict) -> Report:
    """A new report, its sections begun from the drafts that place the figures."""
    require_perm(actor, "reports.manage_reports", cell)
    report = _header(Report, {"cell": cell}, data, HEADER_FIELDS)
    _check(report)
    save_logged(report, actor=actor, action="report.created")
    _create_sections(ReportSection, draft_sections(report), actor=actor, action="report.created")
    return report


def _create_sections(model, sections: list, *, actor, action: str) -> None:
    """The sections of a new report, each with its first history entry: the text that a later
    change is compared with when a stale edit is refused (StaleReport)."""
    bulk_create_with_history(sections, model, default_user=actor, default_change_reason=action)


class StaleReport(StaleEdit):
    """A report saved by someone else since the person opened it: what changed meanwhile
    includes its sections, which are saved with it but have histories of their own."""

    def changes(self) -> list[dict]:
        # A cell's report or a committee's: the two models have the same sections and history.
        report: Any = self.current
        rows = super().changes()
        moved_on = (
            type(report)
            .history.filter(id=report.pk, revision__gt=self.seen or 0)
            .order_by("history_date", "history_id")
            .first()
        )
        if moved_on is None:
            return rows
        # The sections saved since the first save after the one the person saw, each compared
        # with its text before that save.
        history = report.sections.model.history
        later = list(
            history.filter(report_id=report.pk, history_date__gte=moved_on.history_date).select_related(
                "history_user"
            )
        )
        before = [
            history.filter(id=section_id, history_date__lt=moved_on.history_date)
            .order_by("-history_date", "-history_id")
            .first()
            for section_id in dict.fromkeys(entry.id for entry in later)
        ]
        sections = history_rows(
            [*filter(None, before), *later],
            report.sections.model,
            subject=lambda entry: entry.get_key_display(),
        )
        for row in sections:
            row["changes"] = [{**change, "field": row["subject"]} for change in row["changes"]]
        return sorted([*rows, *(row for row in sections if row["changes"])], key=lambda row: row["when"])


# The refusals of an action taken on a report in a state it does not start from.
REFUSAL = {
    "edit": gettext_lazy("A final report cannot change; make a new version to correct it."),
    "finalise": gettext_lazy("A final report cannot change; make a new version to correct it."),
    "new_version": gettext_lazy(
        "Only a final report is corrected by a new version; edit this draft instead."
    ),
}


def locked_report(report, action: str, *related, actor=None, version: int | None = None):
    """The report's row locked, refused if `actor`'s role may not take the action, if (given the
    revision the person saw) it was saved since, or if its state does not allow the action."""
    table = workflow_of(report)
    if actor is not None:
        require_role(table, action, actor, report)
    try:
        current = versions.locked(report, version, queryset=type(report).objects.select_related(*related))
    except StaleEdit as stale:
        raise StaleReport(stale.current, stale.seen) from None
    check_state(table, action, current, REFUSAL[action])
    return current


def _edit(locked, *, actor, fields, data: dict, sections: dict[str, str], section_change_reason: str) -> None:
    table = workflow_of(locked)
    span, title, followed = locked.span, locked.title, locked.span == locked.proposed_span
    assign(locked, data, fields)
    _follow_span(locked, span=span, title=title, followed=followed)
    _check(locked)
    _check_sections(sections)
    check_placed(locked, sections)
    bump(locked)
    move(table, "edit", locked)
    save_logged(locked, actor=actor, action=table["edit"].history)
    kept = set()
    for section in locked.sections.select_for_update():
        kept.add(section.key)
        if section.key in sections and section.text != sections[section.key]:
            section.text = sections[section.key]
            save_logged(section, actor=actor, action=section_change_reason)
    # A report begun before a section was added to the outline gains it when the writer fills it in.
    section_model = locked.sections.model
    for key, text in sections.items():
        if key in SectionKey.values and key not in kept and text.strip():
            added = section_model(report=locked, key=key, text=text)
            save_logged(added, actor=actor, action=section_change_reason)


def _follow_span(report, *, span: int, title: str, followed: bool) -> None:
    """The span the report names, after an edit of its header: a span that was the proposal
    follows the years and the date (one the writer set stays), an empty one is proposed again;
    a title left as it was names the new span, as every sentence's token does."""
    if report.span is None or (followed and report.span == span):
        report.span = report.proposed_span
    if report.span != span and report.title == title:
        report.title = retitled(title, span, report.span)


@transaction.atomic
def report_update(
    *, actor, report: AnyReport, data: dict, sections: dict[str, str], version: int | None = None
) -> AnyReport:
    """Save the header and the texts of a cell's or a committee's report; with `version`, the
    revision the person saw, a report saved since is refused (StaleReport) and nothing is saved."""
    kind = kind_of(report)
    locked = locked_report(report, "edit", *kind.related, actor=actor, version=version)
    _edit(
        locked,
        actor=actor,
        fields=kind.fields,
        data=data,
        sections=sections,
        section_change_reason=f"{kind.prefix}.section_edited",
    )
    return locked


@transaction.atomic
def report_new_version(*, actor, report: AnyReport) -> AnyReport:
    """A corrected report, a cell's or a committee's, is a new version: a draft copy of the final
    one, which stays as it was."""
    kind = kind_of(report)
    locked = locked_report(report, "new_version", actor=actor)
    model = type(locked)
    history = workflow_of(locked)["new_version"].history
    copy = model(
        previous=locked,
        version=locked.version + 1,
        **{kind.owner: getattr(locked, kind.owner)},
        **{field: getattr(locked, field) for field in kind.fields},
    )
    save_logged(copy, actor=actor, action=history)
    section_model = locked.sections.model
    _create_sections(
        section_model,
        [section_model(report=copy, key=section.key, text=section.text) for section in locked.sections.all()],
        actor=actor,
        action=history,
    )
    return copy


# The superior committee's own report over its cells


@transaction.atomic
def committee_report_create(*, actor, committee: SuperiorCommittee, data: dict) -> CommitteeReport:
    """The committee's report, its sections begun from the drafts over its cells' figures."""
    require_perm(actor, "reports.manage_committee_reports", committee)
    report = _header(CommitteeReport, {"committee": committee}, data, COMMITTEE_HEADER_FIELDS)
    _check(report)
    save_logged(report, actor=actor, action="committee_report.created")
    sections = committee_draft_sections(report)
    _create_sections(CommitteeReportSection, sections, actor=actor, action="committee_report.created")
    return report
