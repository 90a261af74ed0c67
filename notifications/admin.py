from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailPreference, Notification, OutgoingEmail, PendingEmailAddress
from notifications.services import outgoing_emails_send_again


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The operator's view of what was sent to whom; notifications are made by the services."""

    list_display = ["created_at", "recipient", "kind", "cell", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "text", "key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "send_email"]
    list_filter = ["kind", "send_email"]
    search_fields = ["user__username"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox: what the worker sent, what waits, and what could not be sent, with why."""

    list_display = ["created_at", "address", "subject", "state", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["state"]
    search_fields = ["address", "recipient__username", "subject"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again the e-mails not sent"))
    def send_again(self, request, queryset):
        count = outgoing_emails_send_again(actor=request.user, emails=list(queryset))
        self.message_user(
            request,
            gettext("%(count)s e-mails will be sent again by the worker.") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(PendingEmailAddress)
class PendingEmailAddressAdmin(admin.ModelAdmin):
    list_display = ["user", "address", "requested_at"]
    search_fields = ["user__username", "address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
