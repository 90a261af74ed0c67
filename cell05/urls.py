from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cell05.forms import NewPasswordForm, SignInForm

# Pages that need neither the database nor the session (cell05/errors.py).
handler400 = "cell05.errors.bad_request"
handler500 = "cell05.errors.server_error"

urlpatterns = [
    path("", include("home.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=NewPasswordForm),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cells/", include("members.urls")),
    path("cells/", include("plans.urls")),
    path("cells/", include("oversight.urls")),
    path("cells/", include("operations.urls")),
    path("", include("reports.urls")),
    path("jobs/", include("jobs.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
