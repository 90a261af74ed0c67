from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("<slug:slug>/years/", views.year_list, name="year_list"),
    path("<slug:slug>/years/new/", views.year_form, name="year_create"),
    path("<slug:slug>/years/<int:year>/", views.year_detail, name="year_detail"),
    path("<slug:slug>/years/<int:year>/edit/", views.year_form, name="year_update"),
    path("<slug:slug>/years/<int:year>/export.xlsx", views.year_export, name="year_export"),
    path("<slug:slug>/years/<int:year>/approve/", views.year_bulk_approve, name="year_bulk_approve"),
    path("<slug:slug>/years/<int:year>/my-pledge/", views.my_pledge, name="my_pledge"),
    path("<slug:slug>/years/<int:year>/sessions/new/", views.session_form, name="session_create"),
    path("<slug:slug>/years/<int:year>/sessions/<int:pk>/edit/", views.session_form, name="session_update"),
    path("<slug:slug>/years/<int:year>/pledges.pdf", views.year_pledges_pdf, name="year_pledges_pdf"),
    path("<slug:slug>/pledges/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("<slug:slug>/pledges/<int:pk>/pdf/", views.pledge_pdf, name="pledge_pdf"),
    path("<slug:slug>/pledges/<int:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("<slug:slug>/pledges/<int:pk>/submit/", views.pledge_submit, name="pledge_submit"),
    path("<slug:slug>/pledges/<int:pk>/approve/", views.pledge_approve, name="pledge_approve"),
    path("<slug:slug>/pledges/<int:pk>/return/", views.pledge_return, name="pledge_return"),
    path("<slug:slug>/pledges/<int:pk>/assess/", views.pledge_assess, name="pledge_assess"),
    path("<slug:slug>/pledges/<int:pk>/evaluate/", views.pledge_evaluate, name="pledge_evaluate"),
    path("<slug:slug>/pledges/<int:pk>/reflection/", views.pledge_reflection, name="pledge_reflection"),
    path(
        "<slug:slug>/pledges/<int:pk>/reflection/file/",
        views.pledge_reflection_file,
        name="pledge_reflection_file",
    ),
    path("<slug:slug>/documents/", views.document_list, name="document_list"),
    path("<slug:slug>/documents/new/", views.document_form, name="document_create"),
    path("<slug:slug>/documents/<int:pk>/edit/", views.document_form, name="document_update"),
    path("<slug:slug>/documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("<slug:slug>/monday/", views.monday_rota, name="monday_rota"),
    path("<slug:slug>/monday/generate/", views.monday_generate, name="monday_generate"),
    path("<slug:slug>/monday/days-off/new/", views.monday_day_off, name="monday_day_off"),
    path("<slug:slug>/monday/swap/", views.monday_swap, name="monday_swap"),
    path("<slug:slug>/monday/print.pdf", views.monday_pdf, name="monday_pdf"),
    path("<slug:slug>/monday/<int:pk>/record/", views.monday_record, name="monday_record"),
    path("<slug:slug>/stories/", views.story_list, name="story_list"),
    path("<slug:slug>/stories/new/", views.story_form, name="story_create"),
    path("<slug:slug>/stories/<int:pk>/", views.story_detail, name="story_detail"),
    path("<slug:slug>/stories/<int:pk>/edit/", views.story_form, name="story_update"),
]
