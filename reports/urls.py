from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("cells/<slug:slug>/reports/", views.report_list, name="report_list"),
    path("cells/<slug:slug>/reports/new/", views.report_create, name="report_create"),
    path("cells/<slug:slug>/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("cells/<slug:slug>/reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("cells/<slug:slug>/reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("cells/<slug:slug>/reports/<int:pk>/final/", views.report_finalise, name="report_finalise"),
    path(
        "cells/<slug:slug>/reports/<int:pk>/new-version/", views.report_new_version, name="report_new_version"
    ),
    path("cells/<slug:slug>/activity/", views.cell_activity, name="cell_activity"),
    path("committees/<int:pk>/", views.committee_table, name="committee_table"),
    path("committees/<int:pk>/table.pdf", views.committee_table_pdf, name="committee_table_pdf"),
]
