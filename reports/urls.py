from django.urls import path

from reports.views import buttons, cells, committees, kinds, pages

app_name = "reports"

# A report's pages and buttons are written once for a cell's report and a committee's: each
# pattern names its kind, and a button its action (reports.views.buttons.BUTTON_ACTIONS).
CELL = {"kind": kinds.CELL_REPORT}
COMMITTEE = {"kind": kinds.COMMITTEE_REPORT}


def button_paths(report: str, kind: dict, name: str, print_segment: str) -> list:
    """The patterns of a report's buttons, under the report's address, named `<name>_<action>`."""
    segments = {"print": print_segment, "finalise": "final", "new_version": "new-version"}
    return [
        path(
            f"{report}{segment}/", buttons.report_action, {**kind, "action": action}, name=f"{name}_{action}"
        )
        for action, segment in segments.items()
    ]


urlpatterns = [
    path("cells/<slug:slug>/reports/", pages.report_list, CELL, name="report_list"),
    path("cells/<slug:slug>/reports/new/", pages.report_create, CELL, name="report_create"),
    path("cells/<slug:slug>/reports/<int:pk>/", pages.report_detail, CELL, name="report_detail"),
    path("cells/<slug:slug>/reports/<int:pk>/edit/", pages.report_edit, CELL, name="report_edit"),
    path("cells/<slug:slug>/reports/<int:pk>/pdf/", pages.report_pdf, name="report_pdf"),
    *button_paths("cells/<slug:slug>/reports/<int:pk>/", CELL, "report", print_segment="print"),
    path("cells/<slug:slug>/past-years/", cells.entered_year_list, name="entered_year_list"),
    path("cells/<slug:slug>/past-years/<int:year>/", cells.entered_year_form, name="entered_year_form"),
    path(
        "cells/<slug:slug>/past-years/<int:year>/remove/",
        cells.entered_year_remove,
        name="entered_year_remove",
    ),
    path("cells/<slug:slug>/activity/", cells.cell_activity, name="cell_activity"),
    path(
        "cells/<slug:slug>/former-committee/", committees.cell_former_committee, name="cell_former_committee"
    ),
    path("committees/<int:pk>/", committees.committee_table, name="committee_table"),
    path("committees/<int:pk>/pdf/", committees.committee_table_pdf, name="committee_table_pdf"),
    path("committees/<int:pk>/receive/", committees.committee_receive_cell, name="committee_receive_cell"),
    path(
        "committees/<int:pk>/documents/", committees.committee_document_list, name="committee_document_list"
    ),
    path(
        "committees/<int:pk>/documents/new/",
        committees.committee_document_form,
        name="committee_document_create",
    ),
    path(
        "committees/<int:pk>/documents/<int:document>/edit/",
        committees.committee_document_form,
        name="committee_document_update",
    ),
    path(
        "committees/<int:pk>/documents/<int:document>/file/",
        committees.committee_document_file,
        name="committee_document_file",
    ),
    path("committees/<int:pk>/reports/", pages.report_list, COMMITTEE, name="committee_report_list"),
    path("committees/<int:pk>/reports/new/", pages.report_create, COMMITTEE, name="committee_report_create"),
    path(
        "committees/<int:pk>/reports/<int:report>/",
        pages.report_detail,
        COMMITTEE,
        name="committee_report_detail",
    ),
    path(
        "committees/<int:pk>/reports/<int:report>/edit/",
        pages.report_edit,
        COMMITTEE,
        name="committee_report_edit",
    ),
    *button_paths(
        "committees/<int:pk>/reports/<int:report>/", COMMITTEE, "committee_report", print_segment="pdf"
    ),
]
