from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cell05.admin import StoredFilesHidden
from plans.models import (
    CalendarToken,
    CellDocument,
    KeyContent,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)


class KeyContentInline(admin.TabularInline):
    model = KeyContent
    extra = 0


@admin.register(StudyYear)
class StudyYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "cell", "pledge_deadline"]
    list_filter = ["cell", "year"]
    inlines = [KeyContentInline]


@admin.register(CellDocument)
class CellDocumentAdmin(StoredFilesHidden, SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "kind", "direction", "cell"]
    list_filter = ["cell", "kind", "direction"]
    search_fields = ["number", "title"]


@admin.register(StudySession)
class StudySessionAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "form", "study_year"]
    list_filter = ["study_year__cell", "form"]
    filter_horizontal = ["attendees"]


class PledgeItemInline(admin.StackedInline):
    model = PledgeItem
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(StoredFilesHidden, SimpleHistoryAdmin):
    list_display = ["member", "study_year", "state", "rating", "score"]
    list_filter = ["study_year__cell", "study_year__year", "state", "rating"]
    search_fields = ["member__search_name", "member__full_name"]
    raw_id_fields = ["member", "reviewed_by", "evaluated_by"]
    inlines = [PledgeItemInline]

    def has_delete_permission(self, request, obj=None):
        # The figures of every year count pledges: they are never deleted.
        return False


@admin.register(PledgeItem)
class PledgeItemAdmin(SimpleHistoryAdmin):
    list_display = ["action", "aspect", "pledge"]
    raw_id_fields = ["pledge"]


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "source", "cell"]
    list_filter = ["cell", "kind"]
    search_fields = ["title", "text"]


@admin.register(MondayDayOff)
class MondayDayOffAdmin(SimpleHistoryAdmin):
    list_display = ["day", "reason", "cell"]
    list_filter = ["cell"]
    date_hierarchy = "day"


@admin.register(MondaySession)
class MondaySessionAdmin(SimpleHistoryAdmin):
    list_display = ["day", "group", "state", "reader", "story", "attendance", "cell"]
    list_filter = ["cell", "state", "group"]
    date_hierarchy = "day"
    raw_id_fields = ["reader", "story"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(SimpleHistoryAdmin):
    """A server keeper may delete a member's calendar address (the feed then answers 404), never
    read its secret: the member renews it on the rota page."""

    list_display = ["member", "renewed_at"]
    list_filter = ["member__cell"]
    search_fields = ["member__search_name", "member__full_name"]
    fields = ["member", "renewed_at"]
    readonly_fields = ["member", "renewed_at"]

    def has_add_permission(self, request):
        return False
