from django.urls import path

from plans.views import calendar, monday, pledges, years

app_name = "plans"

urlpatterns = [
    path("<slug:slug>/years/", years.year_list, name="year_list"),
    path("<slug:slug>/years/new/", years.year_form, name="year_create"),
    path("<slug:slug>/years/<int:year>/", years.year_detail, name="year_detail"),
    path("<slug:slug>/years/<int:year>/edit/", years.year_form, name="year_update"),
    path("<slug:slug>/years/<int:year>/export.xlsx", years.year_export, name="year_export"),
    path("<slug:slug>/years/<int:year>/approve/", years.year_bulk_approve, name="year_bulk_approve"),
    path("<slug:slug>/years/<int:year>/my-pledge/", pledges.my_pledge, name="my_pledge"),
    path("<slug:slug>/years/<int:year>/sessions/new/", years.session_form, name="session_create"),
    path("<slug:slug>/years/<int:year>/sessions/<int:pk>/edit/", years.session_form, name="session_update"),
    path("<slug:slug>/years/<int:year>/pledges.pdf", years.year_pledges_pdf, name="year_pledges_pdf"),
    path("<slug:slug>/pledges/<int:pk>/", pledges.pledge_detail, name="pledge_detail"),
    path("<slug:slug>/pledges/<int:pk>/pdf/", pledges.pledge_pdf, name="pledge_pdf"),
    path("<slug:slug>/pledges/<int:pk>/edit/", pledges.pledge_edit, name="pledge_edit"),
    path(
        "<slug:slug>/pledges/<int:pk>/submit/",
        pledges.pledge_action,
        {"action": "submit"},
        name="pledge_submit",
    ),
    path(
        "<slug:slug>/pledges/<int:pk>/approve/",
        pledges.pledge_action,
        {"action": "approve"},
        name="pledge_approve",
    ),
    path(
        "<slug:slug>/pledges/<int:pk>/return/",
        pledges.pledge_action,
        {"action": "return"},
        name="pledge_return",
    ),
    path("<slug:slug>/pledges/<int:pk>/assess/", pledges.pledge_assess, name="pledge_assess"),
    path("<slug:slug>/pledges/<int:pk>/evaluate/", pledges.pledge_evaluate, name="pledge_evaluate"),
    path(
        "<slug:slug>/pledges/<int:pk>/reflection/",
        pledges.pledge_action,
        {"action": "attach_reflection"},
        name="pledge_reflection",
    ),
    path(
        "<slug:slug>/pledges/<int:pk>/reflection/file/",
        pledges.pledge_reflection_file,
        name="pledge_reflection_file",
    ),
    path("<slug:slug>/documents/", years.document_list, name="document_list"),
    path("<slug:slug>/documents/new/", years.document_form, name="document_create"),
    path("<slug:slug>/documents/<int:pk>/edit/", years.document_form, name="document_update"),
    path("<slug:slug>/documents/<int:pk>/file/", years.document_file, name="document_file"),
    path("<slug:slug>/monday/", monday.monday_rota, name="monday_rota"),
    path("<slug:slug>/monday/generate/", monday.monday_generate, name="monday_generate"),
    path("<slug:slug>/monday/days-off/new/", monday.monday_day_off, name="monday_day_off"),
    path("<slug:slug>/monday/swap/", monday.monday_swap, name="monday_swap"),
    path("<slug:slug>/monday/print.pdf", monday.monday_pdf, name="monday_pdf"),
    path("<slug:slug>/monday/<int:pk>/record/", monday.monday_record, name="monday_record"),
    path("<slug:slug>/calendar/renew/", calendar.calendar_renew, name="calendar_renew"),
    # No cell in the address: the key alone says whose feed it is, and a phone's copy of the
    # address names nothing of the cell.
    path("calendar/<str:key>/<str:secret>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/stories/", monday.story_list, name="story_list"),
    path("<slug:slug>/stories/new/", monday.story_form, name="story_create"),
    path("<slug:slug>/stories/<int:pk>/", monday.story_detail, name="story_detail"),
    path("<slug:slug>/stories/<int:pk>/edit/", monday.story_form, name="story_update"),
]
