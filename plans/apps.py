from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Plans and pledges")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from members.models import Member
        from notifications.reminders import register
        from plans import log_filters, signals

        # On every save, whoever saves (a service, the admin): a reopened account's old calendar
        # address must stay dead.
        post_save.connect(
            signals.close_calendar_of_closed_account, sender=get_user_model(), dispatch_uid="calendar-account"
        )
        post_save.connect(
            signals.close_calendar_of_member_who_left, sender=Member, dispatch_uid="calendar-member"
        )
        log_filters.install()

        register("pledge_deadline", runner="plans.notices.pledge_deadline_reminders")
        register("monday_turn", runner="plans.notices.monday_turn_reminders")
