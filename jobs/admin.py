from django.contrib import admin

from cell05.admin import StoredFilesHidden
from jobs.models import Job


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
