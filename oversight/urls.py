from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("<slug:slug>/oversight/", views.case_list, name="case_list"),
    path("<slug:slug>/oversight/new/", views.case_form, name="case_create"),
    path("<slug:slug>/oversight/programmes/new/", views.programme_form, name="programme_create"),
    path("<slug:slug>/oversight/programmes/<int:pk>/edit/", views.programme_form, name="programme_update"),
    path("<slug:slug>/oversight/<int:pk>/", views.case_detail, name="case_detail"),
    path("<slug:slug>/oversight/<int:pk>/edit/", views.case_form, name="case_update"),
    path(
        "<slug:slug>/oversight/<int:pk>/start/",
        views.case_action,
        {"action": "start"},
        name="case_start",
    ),
    path("<slug:slug>/oversight/<int:pk>/conclude/", views.case_conclude, name="case_conclude"),
    path(
        "<slug:slug>/oversight/<int:pk>/convert/",
        views.case_action,
        {"action": "convert"},
        name="case_convert",
    ),
    path(
        "<slug:slug>/oversight/<int:pk>/remedied/",
        views.case_action,
        {"action": "mark_remedied"},
        name="case_remedied",
    ),
    path(
        "<slug:slug>/oversight/<int:pk>/attachment/",
        views.case_action,
        {"action": "attach"},
        name="case_attach",
    ),
    path("<slug:slug>/oversight/<int:pk>/attachment/file/", views.case_attachment, name="case_attachment"),
    path("<slug:slug>/commendations/", views.commendations, name="commendations"),
    path("<slug:slug>/commendations/praises/new/", views.praise_form, name="praise_create"),
    path("<slug:slug>/commendations/praises/<int:pk>/edit/", views.praise_form, name="praise_update"),
    path("<slug:slug>/commendations/proposals/new/", views.proposal_form, name="proposal_create"),
    path("<slug:slug>/commendations/proposals/<int:pk>/edit/", views.proposal_form, name="proposal_update"),
]
