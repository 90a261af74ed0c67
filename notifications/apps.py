from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications.reminders import schedule_daily_reminders, schedule_outbox

        # Every release runs `migrate`: the day's reminders are then queued for the worker, if
        # they are not yet (the task queues itself again for the next day), and so is the
        # sending of the e-mails left waiting.
        post_migrate.connect(schedule_daily_reminders, sender=self, dispatch_uid="notifications.schedule")
        post_migrate.connect(schedule_outbox, sender=self, dispatch_uid="notifications.outbox")
