from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("<slug:slug>/", views.cell_detail, name="cell_detail"),
    path("<slug:slug>/information/", views.cell_update, name="cell_update"),
    path("<slug:slug>/rename/", views.cell_rename, name="cell_rename"),
    path("<slug:slug>/backup/", views.cell_backup, name="cell_backup"),
    path("<slug:slug>/groups/", views.group_list, name="group_list"),
    path("<slug:slug>/groups/new/", views.group_create, name="group_create"),
    path("<slug:slug>/groups/<int:pk>/edit/", views.group_update, name="group_update"),
    path("<slug:slug>/groups/<int:pk>/rename/", views.group_rename, name="group_rename"),
    path("<slug:slug>/groups/<int:pk>/merge/", views.group_merge, name="group_merge"),
    path("<slug:slug>/groups/<int:pk>/dissolve/", views.group_dissolve, name="group_dissolve"),
    path("<slug:slug>/members/", views.member_list, name="member_list"),
    path("<slug:slug>/members/new/", views.member_create, name="member_create"),
    path("<slug:slug>/members/import/", views.member_import, name="member_import"),
    path("<slug:slug>/members/import/confirm/", views.member_import_confirm, name="member_import_confirm"),
    path("<slug:slug>/members/import/cancel/", views.member_import_cancel, name="member_import_cancel"),
    path("<slug:slug>/members/export.xlsx", views.member_export, name="member_export"),
    path("<slug:slug>/members/<int:pk>/", views.member_detail, name="member_detail"),
    path("<slug:slug>/members/<int:pk>/edit/", views.member_update, name="member_update"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/move/", views.member_move, name="member_move"),
    path("<slug:slug>/members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("<slug:slug>/members/<int:pk>/account/", views.member_account, name="member_account"),
    # The superior committee's own details, edited by its office (this app is mounted at /cells/).
    path("committees/<int:pk>/edit/", views.committee_update, name="committee_update"),
]
