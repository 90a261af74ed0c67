from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Cells and members")

    def ready(self):
        from jobs.choices import JobKind
        from jobs.runner import register

        register(
            JobKind.MEMBER_IMPORT, runner="members.jobs.import_members", permission="members.manage_cell"
        )
