from django.urls import path

from operations import views

app_name = "operations"

urlpatterns = [
    path("<slug:slug>/years/import/", views.year_import, name="year_import"),
    path("<slug:slug>/years/import/template.xlsx", views.year_import_template, name="year_import_template"),
    path("<slug:slug>/years/import/confirm/", views.year_import_confirm, name="year_import_confirm"),
    path("<slug:slug>/years/import/cancel/", views.year_import_cancel, name="year_import_cancel"),
]
