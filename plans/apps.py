from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Plans and pledges")

    def ready(self):
        from notifications.reminders import register

        register("pledge_deadline", runner="plans.notices.pledge_deadline_reminders")
        register("monday_turn", runner="plans.notices.monday_turn_reminders")
