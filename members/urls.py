from django.urls import path

from members.views import cells, groups, members, spreadsheets

app_name = "members"

urlpatterns = [
    path("<slug:slug>/", cells.cell_detail, name="cell_detail"),
    path("<slug:slug>/information/", cells.cell_update, name="cell_update"),
    path("<slug:slug>/rename/", cells.cell_rename, name="cell_rename"),
    path("<slug:slug>/backup/", cells.cell_backup, name="cell_backup"),
    path("<slug:slug>/groups/", groups.group_list, name="group_list"),
    path("<slug:slug>/groups/new/", groups.group_create, name="group_create"),
    path("<slug:slug>/groups/<int:pk>/edit/", groups.group_update, name="group_update"),
    path("<slug:slug>/groups/<int:pk>/rename/", groups.group_rename, name="group_rename"),
    path("<slug:slug>/groups/<int:pk>/merge/", groups.group_merge, name="group_merge"),
    path("<slug:slug>/groups/<int:pk>/dissolve/", groups.group_dissolve, name="group_dissolve"),
    path("<slug:slug>/members/", members.member_list, name="member_list"),
    path("<slug:slug>/members/new/", members.member_create, name="member_create"),
    path("<slug:slug>/members/import/", spreadsheets.member_import, name="member_import"),
    path(
        "<slug:slug>/members/import/confirm/",
        spreadsheets.member_import_confirm,
        name="member_import_confirm",
    ),
    path(
        "<slug:slug>/members/import/cancel/", spreadsheets.member_import_cancel, name="member_import_cancel"
    ),
    path("<slug:slug>/members/export.xlsx", spreadsheets.member_export, name="member_export"),
    path("<slug:slug>/members/<int:pk>/", members.member_detail, name="member_detail"),
    path("<slug:slug>/members/<int:pk>/edit/", members.member_update, name="member_update"),
    path("<slug:slug>/members/<int:pk>/role/", members.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/move/", members.member_move, name="member_move"),
    path("<slug:slug>/members/<int:pk>/leave/", members.member_leave, name="member_leave"),
    path("<slug:slug>/members/<int:pk>/account/", members.member_account, name="member_account"),
    # The superior committee's own details, edited by its office (this app is mounted at /cells/).
    path("committees/<int:pk>/edit/", cells.committee_update, name="committee_update"),
]
