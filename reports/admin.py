from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cell05.admin import StoredFilesHidden
from figures.models import EnteredYearFigures
from reports.models import CommitteeDocument, CommitteeReport, Report


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


@admin.register(EnteredYearFigures)
class EnteredYearFiguresAdmin(SimpleHistoryAdmin):
    list_display = ["cell", "year", "report_number", "report_date"]
    list_filter = ["cell"]


@admin.register(CommitteeDocument)
class CommitteeDocumentAdmin(StoredFilesHidden, SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "kind", "direction", "committee"]
    list_filter = ["committee", "kind", "direction"]
    search_fields = ["number", "title"]
