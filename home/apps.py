from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page and the work waiting for each role: the top floor, which reads every app and
    which none imports."""

    name = "home"
    verbose_name = _("Home")
