from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cell05.versions import bump
from members.models import Cell, Member, PartyGroup, SuperiorCommittee


class VersionedAdmin:
    """A save in the admin raises the record's version too, so that a form opened on the site
    before it is refused instead of undoing it."""

    def save_model(self, request, obj, form, change):
        bump(obj)
        super().save_model(request, obj, form, change)


@admin.register(SuperiorCommittee)
class SuperiorCommitteeAdmin(VersionedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["staff"]


@admin.register(Cell)
class CellAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "code", "committee"]
    list_filter = ["committee"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartyGroup)
class PartyGroupAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "cell", "order", "leader"]
    list_filter = ["cell"]
    search_fields = ["name", "cell__name"]
    raw_id_fields = ["leader"]


@admin.register(Member)
class MemberAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["full_name", "cell", "group", "role", "status", "left_on"]
    list_filter = ["cell", "role", "status"]
    search_fields = ["search_name", "full_name", "card_number"]
    raw_id_fields = ["user", "group"]
    readonly_fields = ["search_name"]

    def has_delete_permission(self, request, obj=None):
        # Past figures count every member: one who leaves is marked as left, never deleted.
        return False
