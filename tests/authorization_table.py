"""Every page of the URLconf with the answer of each role to each method: the table that
tests/test_authorization.py reads.
"""

from jobs.choices import JobState
from notifications.choices import NotificationKind
from reports.choices import SectionKey
from tests.authorization_pages import (
    ADMINISTRATOR_DO,
    COMMITTEE_PAGE,
    COMMITTEE_READ,
    DAY,
    NEW,
    OFFICE_DO,
    OFFICE_ONLY,
    PASSWORD,
    REQUESTER_DO,
    REQUESTER_ONLY,
    SECRETARY_DO,
    SECRETARY_PAGE,
    SIGNED_IN,
    SIGNED_IN_DO,
    STAFF_DO,
    STAFF_PAGE,
    Page,
    action,
    assess_data,
    case_data,
    committee_report_form_data,
    committee_report_kwargs,
    document_data,
    entered_year_data,
    form,
    import_data,
    member_data,
    pdf_upload,
    pledge_edit_data,
    pledge_pk,
    pledge_version,
    proposal_data,
    read,
    report_edit_data,
    report_form_data,
    seen,
    year_import_data,
    year_kwargs,
    year_with_a_pledge,
)
from tests.factories import (
    make_cell,
    make_committee,
    make_group,
)

TABLE = {
    # The site: the home page, signing in and out, the language.
    "home": read(get=SIGNED_IN),
    "login": Page(
        {"GET": (200, 302, 302, 302, 302, 302, 302), "POST": (302,) * 7},
        data=lambda s: {"username": s.member.user.username, "password": PASSWORD},
        writes=False,
        public=True,
    ),
    "logout": Page({"GET": (405,) * 7, "POST": (302,) * 7}, writes=False, public=True),
    "password_change": form(
        get=SIGNED_IN,
        post=(302,) * 7,
        data=lambda s: {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2026",
            "new_password2": "Mot-mat-khau-moi-2026",
        },
        writes=False,
    ),
    "password_change_done": read(get=SIGNED_IN),
    # Public by design: it only sets the language of the interface.
    "set_language": Page(
        {"POST": (302,) * 7}, data=lambda s: {"language": "en", "next": "/"}, writes=False, public=True
    ),
    # The cell, its groups and its members.
    "members:cell_detail": read(),
    "members:cell_update": form(
        data=lambda s: {
            "name": "Chi bộ Khu phố 1",
            "code": "CB",
            "place": "Ba Đình",
            "version": s.cell.version,
        },
        get=SECRETARY_PAGE,
        post=SECRETARY_DO,
    ),
    "members:cell_rename": form(
        data=lambda s: {"name": "Chi bộ Khu phố 1 mới", "on": "01/06/2026"},
        get=SECRETARY_PAGE,
        post=SECRETARY_DO,
    ),
    "members:committee_update": form(
        lambda s: {"pk": s.committee.pk},
        lambda s: {
            "name": "Đảng ủy phường Ba Đình",
            "code": "ĐU",
            "place": "Ba Đình",
            "version": s.committee.version,
        },
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "members:group_list": read(),
    "members:group_create": form(data=lambda s: {"name": "Tổ đảng số 3", "order": 3}),
    "members:group_update": form(
        lambda s: {"pk": s.group.pk},
        lambda s: {"name": "Tổ đảng số 1 mới", "order": 1, "leader": s.leader.pk, "version": s.group.version},
    ),
    "members:group_rename": form(
        lambda s: {"pk": s.other_group.pk}, lambda s: {"name": "Tổ đảng đổi tên", "on": "01/06/2026"}
    ),
    "members:group_merge": form(
        lambda s: {"pk": s.other_group.pk}, lambda s: {"into": s.group.pk, "on": "01/06/2026"}
    ),
    # A group without members: one with members is refused until they move.
    "members:group_dissolve": form(lambda s: {"pk": make_group(s.cell).pk}, lambda s: {"on": "01/06/2026"}),
    "members:member_list": read(),
    "members:member_create": form(data=member_data),
    "members:member_import": form(data=import_data, post=COMMITTEE_PAGE, writes=False),  # a preview
    # Without a previewed file it sends the committee back to the upload page.
    "members:member_import_confirm": action(writes=False),
    # Deletes the previewed file of the session, if any, and sends the committee to the list.
    "members:member_import_cancel": action(writes=False),
    "members:cell_backup": action(post=ADMINISTRATOR_DO),
    "members:member_export": read(get=COMMITTEE_READ),
    "members:member_detail": read(lambda s: {"pk": s.member.pk}),
    "members:member_update": form(
        lambda s: {"pk": s.member.pk},
        lambda s: (
            {k: v for k, v in member_data(s).items() if k != "group"}
            | {"full_name": "Nguyễn Thị Đào", "version": s.member.version}
        ),
    ),
    # The secretary gives the roles of the others; the superior office names or relieves a secretary.
    "members:member_role": form(
        lambda s: {"pk": s.member.pk},
        lambda s: {"role": "committee_member", "version": s.member.version},
        get=(302, 403, 403, 403, 200, 200, 404),
        post=(302, 403, 403, 403, 302, 302, 404),
    ),
    "members:member_move": form(lambda s: {"pk": s.member.pk}, lambda s: {"group": s.other_group.pk}),
    "members:member_leave": form(
        lambda s: {"pk": s.member.pk}, lambda s: {"left_on": "01/11/2026", "reason": "transfer"}
    ),
    # Another member of the plain member's group: the plain member may not even see the record.
    "members:member_account": form(
        lambda s: {"pk": s.without_account.pk},
        lambda s: {"username": "ly-van-chua", "password": "Mot-mat-khau-dai-2026"},
        get=(302, 404, 403, 200, 200, 403, 404),
        post=(302, 404, 403, 302, 302, 403, 404),
    ),
    # The study years, the pledges, the documents and the study sessions.
    "plans:year_list": read(),
    # The import of a past year: the secretary and the deputy (whom the table has no role for).
    "operations:year_import_template": read(get=SECRETARY_PAGE),
    "operations:year_import": form(
        data=year_import_data, get=SECRETARY_PAGE, post=SECRETARY_PAGE, writes=False
    ),  # a preview
    # Without a previewed file it sends the secretary back to the upload page.
    "operations:year_import_confirm": action(post=SECRETARY_DO, writes=False),
    # Deletes the previewed file of the session, if any, and sends the secretary to the years.
    "operations:year_import_cancel": action(post=SECRETARY_DO, writes=False),
    "plans:year_create": form(
        data=lambda s: (
            {"year": 2027, "theme": "Chuyên đề 2027", "pledge_deadline": "", "key_contents": "A"} | NEW
        )
    ),
    "plans:year_detail": read(year_kwargs),
    "plans:year_update": form(
        year_kwargs,
        lambda s: (
            {"theme": "Chuyên đề mới", "pledge_deadline": "", "key_contents": "A\nB"} | seen(s.study_year)
        ),
    ),
    "plans:year_export": read(year_kwargs, get=COMMITTEE_READ),
    "plans:year_bulk_approve": action(year_kwargs, lambda s: {"pledges": [s.pledge("submitted").pk]}),
    # Only a member of the cell has a pledge of the own.
    "plans:my_pledge": form(
        year_kwargs, get=(302, 200, 200, 200, 200, 404, 404), post=(302, 302, 302, 302, 302, 404, 404)
    ),
    "plans:session_create": form(
        year_kwargs,
        lambda s: (
            {
                "held_on": "10/03/2026",
                "form": "cell_meeting",
                "content": "Học",
                "attendees": [s.member.pk],
            }
            | NEW
        ),
    ),
    "plans:session_update": form(
        lambda s: {"year": s.study_year.year, "pk": s.study_session.pk},
        lambda s: (
            {
                "held_on": "11/03/2026",
                "form": "conference",
                "content": "Học",
                "attendees": [s.member.pk],
            }
            | seen(s.study_session)
        ),
        foreign_kwargs=lambda own, other: {"year": own.study_year.year, "pk": other.study_session.pk},
    ),
    "plans:year_pledges_pdf": read(year_with_a_pledge, get=COMMITTEE_READ),
    # The pledge of the plain member, whose group the leader leads.
    "plans:pledge_detail": read(pledge_pk("draft")),
    "plans:pledge_pdf": read(pledge_pk("submitted")),
    "plans:pledge_edit": form(
        pledge_pk("draft"),
        pledge_edit_data,
        get=(302, 200, 403, 200, 200, 403, 404),
        post=(302, 302, 403, 302, 302, 403, 404),
    ),
    "plans:pledge_submit": action(
        pledge_pk("draft"), pledge_version("draft"), post=(302, 302, 403, 302, 302, 403, 404)
    ),
    # Nobody reviews the own pledge; the leader reviews the own group's.
    "plans:pledge_approve": action(
        pledge_pk("submitted"), pledge_version("submitted"), post=(302, 403, 302, 302, 302, 403, 404)
    ),
    "plans:pledge_return": action(
        pledge_pk("submitted"),
        pledge_version("submitted", comment="Ghi rõ hơn"),
        post=(302, 403, 302, 302, 302, 403, 404),
    ),
    "plans:pledge_assess": form(
        pledge_pk("approved"),
        assess_data,
        get=(302, 200, 403, 200, 200, 403, 404),
        post=(302, 302, 403, 302, 302, 403, 404),
    ),
    "plans:pledge_evaluate": form(
        pledge_pk("self_assessed"), pledge_version("self_assessed", rating="good", score=80, comment="")
    ),
    "plans:pledge_reflection": action(
        pledge_pk("draft"),
        lambda s: {"version": s.pledge("draft").version, "file": pdf_upload("thu-hoach.pdf")},
        post=(302, 302, 403, 302, 302, 403, 404),
    ),
    "plans:pledge_reflection_file": read(lambda s: {"pk": s.pledge_with_file.pk}),
    "plans:document_list": read(),
    "plans:document_create": form(data=lambda s: document_data(s) | NEW),
    "plans:document_update": form(
        lambda s: {"pk": s.document.pk},
        lambda s: document_data(s) | {"number": "06-KH/CB"} | seen(s.document),
    ),
    "plans:document_file": read(lambda s: {"pk": s.document.pk}),
    # The Monday sessions and the story library.
    "plans:monday_rota": read(),
    "plans:monday_generate": action(data=lambda s: {"year": 2027}),
    "plans:monday_day_off": form(data=lambda s: {"day": "07/12/2026", "reason": "Họp đột xuất"}),
    "plans:monday_swap": form(
        data=lambda s: {"first": s.planned_pair[0].pk, "second": s.planned_pair[1].pk}, query="?year=2026"
    ),
    "plans:monday_pdf": read(query="?year=2026&month=11"),
    # The session of the leader's group.
    "plans:monday_record": form(
        lambda s: {"pk": s.monday_session.pk},
        lambda s: (
            {
                "state": "held",
                "reader": s.member.pk,
                "story": "",
                "attendance": 20,
                "note": "",
                "not_held_reason": "",
            }
            | seen(s.monday_session)
        ),
        get=(302, 403, 200, 200, 200, 403, 404),
        post=(302, 403, 302, 302, 302, 403, 404),
    ),
    # Each member of the cell renews the address of the own calendar feed; the office has none.
    "plans:calendar_renew": action(post=(302, 302, 302, 302, 302, 403, 404)),
    # The address is the key: whoever holds it reads that one member's feed, signed in or not.
    "plans:calendar_feed": Page({"GET": (200,) * 7}, lambda s: s.calendar_address, writes=False, public=True),
    "plans:story_list": read(),
    "plans:story_create": form(
        data=lambda s: (
            {
                "title": "Bác Hồ và những chiếc đũa",
                "kind": "story",
                "source": "",
                "text": "Đoàn kết.",
            }
            | NEW
        )
    ),
    "plans:story_detail": read(lambda s: {"pk": s.story.pk}),
    "plans:story_update": form(
        lambda s: {"pk": s.story.pk},
        lambda s: (
            {"title": "Chiếc đồng hồ", "kind": "story", "source": "Sách", "text": "Mọi bộ phận."}
            | seen(s.story)
        ),
    ),
    # Inspection and supervision: a member sees the own cases once concluded, nothing else.
    "oversight:case_list": read(),
    "oversight:case_create": form(data=lambda s: case_data(s) | NEW),
    "oversight:programme_create": form(
        data=lambda s: (
            {"year": 2027, "number": "01-CTr/CB", "adopted_on": "", "content": "Chương trình"} | NEW
        )
    ),
    "oversight:programme_update": form(
        lambda s: {"pk": s.programme.pk},
        lambda s: (
            {"year": 2026, "number": "02-CTr/CB", "adopted_on": "", "content": "Chương trình"}
            | seen(s.programme)
        ),
    ),
    "oversight:case_detail": read(
        lambda s: {"pk": s.concluded_case.pk}, get=(302, 200, 404, 200, 200, 200, 404)
    ),
    "oversight:case_update": form(
        lambda s: {"pk": s.open_case.pk}, lambda s: case_data(s) | seen(s.open_case)
    ),
    "oversight:case_start": action(
        lambda s: {"pk": s.planned_case.pk}, lambda s: DAY, post=(302, 404, 404, 302, 302, 403, 404)
    ),
    "oversight:case_conclude": form(
        lambda s: {"pk": s.open_case.pk},
        lambda s: (
            {"findings": "Thực hiện tốt", "conclusion": "good", "end_on": "20/11/2026"} | seen(s.open_case)
        ),
        get=(302, 404, 404, 200, 200, 403, 404),
        post=(302, 404, 404, 302, 302, 403, 404),
    ),
    "oversight:case_convert": action(
        lambda s: {"pk": s.open_case.pk},
        lambda s: {"decision_number": "09-QĐ/CB", "decision_date": "20/11/2026"},
        post=(302, 404, 404, 302, 302, 403, 404),
    ),
    # The plain member sees this concluded case about him or her, but changes nothing.
    "oversight:case_remedied": action(
        lambda s: {"pk": s.concluded_case.pk}, lambda s: DAY, post=(302, 403, 404, 302, 302, 403, 404)
    ),
    "oversight:case_attach": action(
        lambda s: {"pk": s.open_case.pk},
        lambda s: {"file": pdf_upload("bao-cao.pdf")},
        post=(302, 404, 404, 302, 302, 403, 404),
    ),
    "oversight:case_attachment": read(
        lambda s: {"pk": s.concluded_case.pk}, get=(302, 200, 404, 200, 200, 200, 404)
    ),
    "oversight:commendations": read(),
    "oversight:praise_create": form(
        data=lambda s: (
            {
                "member": s.member.pk,
                "praised_on": "18/11/2026",
                "occasion": "",
                "reason": "Gương mẫu",
            }
            | NEW
        )
    ),
    "oversight:praise_update": form(
        lambda s: {"pk": s.praise.pk},
        lambda s: (
            {"member": s.member.pk, "praised_on": "19/05/2026", "occasion": "", "reason": "Tốt"}
            | seen(s.praise)
        ),
    ),
    "oversight:proposal_create": form(data=lambda s: proposal_data(s) | NEW),
    "oversight:proposal_update": form(
        lambda s: {"pk": s.proposal.pk}, lambda s: proposal_data(s) | seen(s.proposal)
    ),
    # Reports: the cell committee writes them, the superior office reads them.
    "reports:report_list": read(get=COMMITTEE_READ),
    "reports:report_create": form(data=report_form_data),
    "reports:report_detail": read(lambda s: {"pk": s.report.pk}, get=COMMITTEE_READ),
    "reports:report_edit": form(lambda s: {"pk": s.report.pk}, report_edit_data),
    # The PDF kept when the report was made final; a draft's is laid out by the worker.
    "reports:report_pdf": read(lambda s: {"pk": s.final_report.pk}, get=COMMITTEE_READ),
    # Printing a draft queues a job of the worker: a new row of the job table.
    "reports:report_print": action(lambda s: {"pk": s.report.pk}, post=(302, 403, 403, 302, 302, 302, 404)),
    "reports:report_finalise": action(lambda s: {"pk": s.report.pk}),
    "reports:report_new_version": action(lambda s: {"pk": s.final_report.pk}),
    # The figures of the years without records: every member and the office read them, the
    # secretary (or the deputy) enters them.
    "reports:entered_year_list": read(),
    "reports:entered_year_form": form(
        lambda s: {"year": s.entered_year.year},
        entered_year_data,
        get=SECRETARY_PAGE,
        post=SECRETARY_DO,
        # A year is no record of a cell: under the own cell's address, every year of Directive 05
        # is the own cell's to enter; one before the Directive is nobody's.
        foreign_kwargs=lambda own, other: {"year": 2015},
    ),
    "reports:entered_year_remove": action(
        lambda s: {"year": s.entered_year.year},
        lambda s: seen(s.entered_year),
        post=SECRETARY_DO,
    ),
    "reports:cell_activity": read(get=COMMITTEE_READ),
    "reports:committee_table": read(lambda s: {"pk": s.committee.pk}, get=OFFICE_ONLY),
    "reports:committee_table_pdf": action(lambda s: {"pk": s.committee.pk}, post=OFFICE_DO),
    # A cell of another committee moves under the office's own; the committee a cell belonged
    # to before its moves, recorded by the office of its committee now.
    "reports:committee_receive_cell": form(
        lambda s: {"pk": s.committee.pk},
        lambda s: {"cell": make_cell().slug, "moved_on": "01/07/2025"},
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "reports:cell_former_committee": form(
        data=lambda s: {"committee": make_committee().pk, "last_day": "30/06/2025"},
        get=STAFF_PAGE,
        post=STAFF_DO,
    ),
    # The committee's register of documents: its office alone keeps and reads it.
    "reports:committee_document_list": read(lambda s: {"pk": s.committee.pk}, get=OFFICE_ONLY),
    "reports:committee_document_create": form(
        lambda s: {"pk": s.committee.pk},
        lambda s: (
            document_data(s) | {"kind": "guidance", "direction": "received", "number": "15-HD/BTGDVTU"} | NEW
        ),
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "reports:committee_document_update": form(
        lambda s: {"pk": s.committee.pk, "document": s.committee_document.pk},
        lambda s: document_data(s) | {"number": "16-HD/BTGDVTU"} | seen(s.committee_document),
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "reports:committee_document_file": read(
        lambda s: {"pk": s.committee.pk, "document": s.committee_document.pk}, get=OFFICE_ONLY
    ),
    # The superior committee's own report: its office alone writes and reads it.
    "reports:committee_report_list": read(lambda s: {"pk": s.committee.pk}, get=OFFICE_ONLY),
    "reports:committee_report_create": form(
        lambda s: {"pk": s.committee.pk}, committee_report_form_data, get=OFFICE_ONLY, post=OFFICE_DO
    ),
    "reports:committee_report_detail": read(committee_report_kwargs("committee_report"), get=OFFICE_ONLY),
    "reports:committee_report_edit": form(
        committee_report_kwargs("committee_report"),
        lambda s: (
            committee_report_form_data(s, number=3, version=s.committee_report.revision)
            | {f"section-{key}": "Nội dung" for key in SectionKey.values}
        ),
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    # Printing queues a job of the worker: a new row of the job table.
    "reports:committee_report_print": action(committee_report_kwargs("committee_report"), post=OFFICE_DO),
    "reports:committee_report_finalise": action(committee_report_kwargs("committee_report"), post=OFFICE_DO),
    "reports:committee_report_new_version": action(
        committee_report_kwargs("final_committee_report"), post=OFFICE_DO
    ),
    # Background jobs: each is seen by whoever asked for it.
    "jobs:job_list": read(get=SIGNED_IN),
    "jobs:job_detail": read(lambda s: {"pk": s.job(JobState.RUNNING).pk}, get=REQUESTER_ONLY),
    "jobs:job_status": read(lambda s: {"pk": s.job(JobState.RUNNING).pk}, get=REQUESTER_ONLY),
    "jobs:job_download": read(lambda s: {"pk": s.job(JobState.DONE).pk}, get=REQUESTER_ONLY),
    # A retry changes the job, not a record of the cell: nothing in a history table.
    "jobs:job_retry": action(lambda s: {"pk": s.job(JobState.FAILED).pk}, post=REQUESTER_DO, writes=False),
    # Notifications: each person's own; reading one changes no record of the cell.
    "notifications:notification_list": read(get=SIGNED_IN),
    "notifications:notification_open": action(
        lambda s: {"pk": s.notification.pk}, post=REQUESTER_DO, writes=False
    ),
    "notifications:notifications_read_all": action(post=SIGNED_IN_DO, writes=False),
    "notifications:email_preferences": form(
        data=lambda s: {"email": "", "kinds": [NotificationKind.PLEDGE_SUBMITTED]},
        get=SIGNED_IN,
        post=SIGNED_IN_DO,
        writes=False,
    ),
    # The link sent to a typed address: its person's alone; the address is no record of the cell.
    "notifications:email_confirm": form(
        lambda s: s.email_confirmation, get=REQUESTER_ONLY, post=REQUESTER_DO, writes=False
    ),
}
