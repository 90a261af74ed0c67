from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:pk>/open/", views.notification_open, name="notification_open"),
    path("read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("email/", views.email_preferences, name="email_preferences"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
]
