"""A person's notifications: the list, opening one (which marks it read), marking all read, the
e-mail preferences, where the cell committee also sees who would get no e-mail, and the page of
the link that confirms an address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.pages import call_service
from members.rules import current_member
from members.selectors import members_without_email
from notifications import selectors, services
from notifications.forms import EmailPreferencesForm


@login_required
def notification_list(request):
    notifications = selectors.notifications_of_user(request.user)[: selectors.LIST_LENGTH]
    return render(request, "notifications/notification_list.html", {"notifications": notifications})


@login_required
@require_POST
def notification_open(request, pk):
    notification = selectors.notification_for_user(request.user, pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:notification_list")


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_all_read(actor=request.user)
    return redirect("notifications:notification_list")


@login_required
def email_preferences(request):
    preferences = selectors.email_preferences_of(request.user)
    pending = selectors.pending_address_of(request.user)
    # The form shows the address awaiting confirmation, so that saving it again keeps it.
    initial = {
        "email": pending.address if pending else request.user.email,
        "kinds": [kind for kind, on in preferences.items() if on],
    }
    form = EmailPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.email_preferences_save(
                actor=request.user,
                email=form.cleaned_data["email"],
                kinds=set(form.cleaned_data["kinds"]),
            ),
        )
        if saved:
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect("notifications:email_preferences")
    member = current_member(request.user)
    without_email = None
    if member is not None and request.user.has_perm("notifications.view_members_without_email", member.cell):
        without_email = members_without_email(member.cell)
    return render(
        request,
        "notifications/email_preferences.html",
        {
            "form": form,
            "without_email": without_email,
            "pending": pending,
            "confirmation_days": selectors.CONFIRMATION_DAYS,
        },
    )


@login_required
def email_confirm(request, token):
    """The link sent to a new address: a button confirms it (no change over GET)."""
    try:
        address = selectors.address_of_link(request.user, token)
    except ValidationError as refusal:
        return render(request, "notifications/email_confirm.html", {"refusal": refusal.messages}, status=400)
    if request.method == "POST":
        services.email_address_confirm(actor=request.user, token=token)
        messages.success(request, _("Your e-mail address is confirmed: notifications are sent to it."))
        return redirect("notifications:email_preferences")
    return render(request, "notifications/email_confirm.html", {"address": address})
