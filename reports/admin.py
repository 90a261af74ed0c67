from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cell05.admin import StoredFilesHidden
from reports.models import CommitteeReport, Job, Report


@admin.register(Report)
class ReportAdmin(StoredFilesHidden, SimpleHistoryAdmin):
    list_display = ["number", "title", "report_date", "version", "state", "cell"]
    list_filter = ["cell", "kind", "state"]
    raw_id_fields = ["signer", "previous"]
    readonly_fields = ["finalised_at"]

    def has_delete_permission(self, request, obj=None):
        # A report sent up is corrected by a new version, never deleted.
        return False


@admin.register(CommitteeReport)
class CommitteeReportAdmin(StoredFilesHidden, SimpleHistoryAdmin):
    list_display = ["number", "title", "report_date", "version", "state", "committee"]
    list_filter = ["committee", "kind", "state"]
    raw_id_fields = ["previous"]
    readonly_fields = ["finalised_at"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(StoredFilesHidden, admin.ModelAdmin):
    """The operator's view of the background jobs; they change only through the worker and the
    retry on the job's page."""

    list_display = [
        "kind",
        "state",
        "requested_by",
        "cell",
        "committee",
        "attempt",
        "created_at",
        "finished_at",
    ]
    list_filter = ["kind", "state"]
    search_fields = ["requested_by__username", "cell__name", "committee__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
