from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cell05.admin import StoredFilesHidden
from oversight.models import Case, Praise, Programme, RewardProposal


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "number", "cell"]
    list_filter = ["cell"]


@admin.register(Case)
class CaseAdmin(StoredFilesHidden, SimpleHistoryAdmin):
    list_display = ["decision_number", "decision_date", "kind", "state", "conclusion", "cell"]
    list_filter = ["cell", "kind", "state", "conclusion"]
    filter_horizontal = ["members"]
    raw_id_fields = ["converted_from"]

    def has_delete_permission(self, request, obj=None):
        # The figures of inspection and supervision count every case: none is deleted.
        return False


@admin.register(Praise)
class PraiseAdmin(SimpleHistoryAdmin):
    list_display = ["member", "praised_on", "cell"]
    list_filter = ["cell"]
    raw_id_fields = ["member"]


@admin.register(RewardProposal)
class RewardProposalAdmin(SimpleHistoryAdmin):
    list_display = ["number", "proposed_on", "target", "outcome", "cell"]
    list_filter = ["cell", "target", "outcome"]
    raw_id_fields = ["member"]
