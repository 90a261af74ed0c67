"""The planner of a year's import: each sheet read, in the order the import writes it, against
the cell as it stands, in one handful of queries. A row that records what the cell already holds
is skipped, and a pledge's items and a session's attendance follow their pledge and session; each
row is checked through operations.year_import.rows. Nothing is written here."""

from collections import defaultdict

from django.utils.translation import gettext as _

from cell05.text import fold, nfc
from members.models import Cell
from operations.year_import.plan import PlanRow, YearPlan
from operations.year_import.rows import _attendance, _case_state, _clean, _Members, _pledge_state, _Row
from operations.year_import.sheets import RATING_LABELS, SHEETS
from oversight.choices import ProposalOutcome, ProposalTarget
from oversight.models import Case, Praise, RewardProposal
from plans.choices import RATING_SCORE_BANDS
from plans.models import MondaySession, Pledge, PledgeItem, StudySession, StudyYear


class _Planner:
    """Reads each sheet against the cell as it stands, in one handful of queries."""

    def __init__(self, cell: Cell, year: int, file_name: str):
        self.plan = YearPlan(cell=cell, year=year, file_name=file_name)
        self.members = _Members(cell)
        self.plan.study_year = StudyYear.objects.filter(cell=cell, year=year).first()
        study_year = self.plan.study_year
        self.pledged = (
            set(Pledge.objects.filter(study_year=study_year).values_list("member_id", flat=True))
            if study_year
            else set()
        )
        self.sessions_held = (
            {(day, content) for day, content in study_year.sessions.values_list("held_on", "content")}
            if study_year
            else set()
        )
        self.mondays_held = set(
            MondaySession.objects.filter(cell=cell, day__year=year).values_list("day", flat=True)
        )
        self.cases_held = set(
            Case.objects.filter(cell=cell, decision_date__year=year).values_list(
                "kind", "decision_number", "decision_date"
            )
        )
        self.praises_held = set(
            Praise.objects.filter(cell=cell, praised_on__year=year).values_list("member_id", "praised_on")
        )
        self.proposals_held = set(
            RewardProposal.objects.filter(cell=cell, proposed_on__year=year).values_list(
                "number", "proposed_on"
            )
        )
        self.groups = {fold(group.name): group for group in cell.groups.all()}
        # The members whose pledge the file has a row of, refused or not.
        self.pledge_rows = set()
        # The numbers of the study sessions the file has a row of, refused or not.
        self.session_rows = set()

    def row(self, new: bool, row: _Row, what) -> None:
        self.plan.rows.append(PlanRow(row.sheet, row.line, new, str(what)))

    def year(self, rows) -> None:
        for line, values in rows[:1]:
            self.plan.theme = _Row(self, "year", line, values).text("theme")

    def pledges(self, rows) -> dict:
        """The pledge of each member named, new or already recorded (None)."""
        pledges, first_line = {}, {}
        for line, values in rows:
            row = _Row(self, "pledges", line, values)
            member = row.member()
            if member is not None:
                self.pledge_rows.add(member.pk)
            record = Pledge(
                member=member,
                study_year=self.plan.study_year,
                submitted_at=row.moment("submitted_on"),
                reviewed_at=row.moment("approved_on"),
                self_assessment=row.text("self_assessment"),
                self_assessed_at=row.moment("self_assessed_on"),
                rating=row.choice("rating"),
                score=row.score(),
                evaluated_at=row.moment("evaluated_on"),
                evaluation_comment=row.text("evaluation_comment"),
            )
            self._rate(record, row)
            record.state = _pledge_state(record)
            _clean(record, row)
            if member is None:
                continue
            first = first_line.setdefault(member.pk, line)
            if first != line:
                row.refuse(
                    _("Lines %(first)s and %(line)s are pledges of the same member.")
                    % {"first": first, "line": line}
                )
            if row.refused:
                continue
            new = member.pk not in self.pledged
            pledges[member.pk] = record if new else None
            if new:
                self.plan.new["pledges"].append(record)
            else:
                self.plan.skipped["pledges"] += 1
            self.row(new, row, member)
        return pledges

    def _rate(self, record: Pledge, row: _Row) -> None:
        """A rating given by its score alone is the band's; a score outside its rating's band
        (Quy định 366) is refused."""
        if record.score is None:
            return
        band = next(
            rating for rating, (low, high) in RATING_SCORE_BANDS.items() if low <= record.score <= high
        )
        if not record.rating:
            record.rating = band
        elif record.rating != band:
            row.refuse(
                _("A score of %(score)s is “%(band)s”, not “%(rating)s”.")
                % {
                    "score": record.score,
                    "band": RATING_LABELS[band],
                    "rating": RATING_LABELS[record.rating],
                },
                "score",
            )

    def items(self, rows, pledges: dict) -> None:
        orders = defaultdict(int)
        for line, values in rows:
            row = _Row(self, "items", line, values)
            member = row.member()
            record = PledgeItem(
                action=row.text("action"),
                aspect=row.choice("aspect"),
                target=row.text("target"),
                timeframe=row.text("timeframe"),
                result=row.choice("result"),
                result_note=row.text("result_note"),
            )
            _clean(record, row)
            if member is None:
                continue
            if member.pk not in pledges and member.pk in self.pledge_rows:
                continue  # its pledge's row is refused, and says why
            if member.pk not in pledges:
                row.refuse(
                    _("The sheet “%(sheet)s” has no pledge of this member.") % {"sheet": SHEETS["pledges"][0]}
                )
            if row.refused:
                continue
            pledge = pledges[member.pk]
            if pledge is None:
                self.plan.skipped["items"] += 1
                self.row(False, row, record.action)
                continue
            orders[member.pk] += 1
            record.pledge, record.order = pledge, orders[member.pk]
            self.plan.new["items"].append(record)
            self.row(True, row, record.action)

    def sessions(self, rows) -> dict:
        """Each session by its number in the file: a new one, or None when already recorded."""
        sessions, first_line = {}, {}
        for line, values in rows:
            row = _Row(self, "sessions", line, values)
            number = row.text("number")
            record = StudySession(
                study_year=self.plan.study_year,
                held_on=row.day("held_on"),
                form=row.choice("form"),
                content=row.text("content"),
            )
            _clean(record, row)
            self.session_rows.add(fold(number))
            first = first_line.setdefault(fold(number), line)
            if first != line:
                row.refuse(
                    _("Lines %(first)s and %(line)s have the same session number.")
                    % {"first": first, "line": line},
                    "number",
                )
            if row.refused:
                continue
            new = (record.held_on, record.content) not in self.sessions_held
            sessions[fold(number)] = record if new else None
            record.attending = set()
            if new:
                self.plan.new["sessions"].append(record)
            else:
                self.plan.skipped["sessions"] += 1
            self.row(new, row, record)
        return sessions

    def attendance(self, rows, sessions: dict) -> None:
        for line, values in rows:
            row = _Row(self, "attendance", line, values)
            number = row.text("number")
            member = row.member()
            if fold(number) not in sessions and fold(number) in self.session_rows:
                continue  # its session's row is refused, and says why
            if fold(number) not in sessions:
                row.refuse(
                    _("The sheet “%(sheet)s” has no session number %(number)s.")
                    % {"sheet": SHEETS["sessions"][0], "number": number},
                    "number",
                )
            if row.refused or member is None:
                continue
            session = sessions[fold(number)]
            if session is None:
                self.plan.skipped["attendance"] += 1
            else:
                session.attending.add(member)
                self.plan.new["attendance"].append((session, member))
            self.row(session is not None, row, member)

    def mondays(self, rows) -> None:
        first_line = {}
        for line, values in rows:
            row = _Row(self, "mondays", line, values)
            group_name = nfc(str(values.get("group") or "")).strip()
            group = self.groups.get(fold(group_name))
            if group_name and group is None:
                row.refuse(_("The cell has no party group named “%(name)s”.") % {"name": group_name}, "group")
            attendance = row._read("attendance", _attendance)
            record = MondaySession(
                cell=self.plan.cell,
                day=row.day("day"),
                group=group,
                state=row.choice("held"),
                reader=row.member("reader_card", "reader_name", "reader_born", required=False),
                attendance=attendance,
                not_held_reason=row.text("not_held_reason"),
                note=row.text("note"),
            )
            if group is not None:
                _clean(record, row)
            if record.day is not None:
                first = first_line.setdefault(record.day, line)
                if first != line:
                    row.refuse(
                        _("Lines %(first)s and %(line)s are sessions of the same day.")
                        % {"first": first, "line": line},
                        "day",
                    )
            if row.refused:
                continue
            self._add("mondays", record.day not in self.mondays_held, record, row)

    def cases(self, rows) -> None:
        """One case per decision: its rows name its members, one a row."""
        cases = {}
        for line, values in rows:
            row = _Row(self, "cases", line, values)
            member = row.member()
            key = (row.choice("kind"), row.text("decision_number"), row.day("decision_date"))
            case = cases.get(key)
            if case is None:
                case = Case(
                    cell=self.plan.cell,
                    kind=key[0],
                    supervision_kind=row.choice("supervision_kind"),
                    decision_number=key[1],
                    decision_date=key[2],
                    period_start=row.day("period_start"),
                    period_end=row.day("period_end"),
                    carried_out_by=row.text("carried_out_by"),
                    start_on=row.day("start_on"),
                    end_on=row.day("end_on"),
                    conclusion=row.choice("conclusion"),
                    remedy=row.text("remedy"),
                )
                case.content = row.text("content") or case.content
                case.state = _case_state(case)
                _clean(case, row)
                if case.period_start and case.period_end and case.period_end < case.period_start:
                    row.refuse(_("The period ends before it starts."), "period_end")
                case.concerned = []
                if not row.refused:
                    cases[key] = case
            if row.refused or member is None:
                continue
            case.concerned.append(member)
            new = key not in self.cases_held
            if len(case.concerned) == 1:
                if new:
                    self.plan.new["cases"].append(case)
                else:
                    self.plan.skipped["cases"] += 1
            self.row(new, row, f"{case} — {member}")

    def praises(self, rows) -> None:
        for line, values in rows:
            row = _Row(self, "praises", line, values)
            record = Praise(
                cell=self.plan.cell,
                member=row.member(),
                praised_on=row.day("praised_on"),
                occasion=row.text("occasion"),
                reason=row.text("reason"),
            )
            _clean(record, row)
            if row.refused:
                continue
            self._add("praises", (record.member.pk, record.praised_on) not in self.praises_held, record, row)

    def proposals(self, rows) -> None:
        for line, values in rows:
            row = _Row(self, "proposals", line, values)
            target = row.choice("target")
            collective = nfc(str(values.get("collective") or "")).strip()
            group = self.groups.get(fold(collective))
            record = RewardProposal(
                cell=self.plan.cell,
                target=target,
                member=row.member(required=target == ProposalTarget.INDIVIDUAL),
                group=group,
                collective_name="" if group else row.text("collective"),
                number=row.text("number"),
                proposed_on=row.day("proposed_on"),
                reason=row.text("reason"),
                outcome=row.choice("outcome") or ProposalOutcome.PENDING,
                decision_number=row.text("decision_number"),
                decision_date=row.day("decision_date"),
            )
            record.addressed_to = row.text("addressed_to") or record.addressed_to
            _clean(record, row)
            if row.refused:
                continue
            self._add(
                "proposals", (record.number, record.proposed_on) not in self.proposals_held, record, row
            )

    def _add(self, kind: str, new: bool, record, row: _Row) -> None:
        if new:
            self.plan.new[kind].append(record)
        else:
            self.plan.skipped[kind] += 1
        self.row(new, row, record)
