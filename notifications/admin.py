from django.contrib import admin

from notifications.models import EmailPreference, Notification


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
