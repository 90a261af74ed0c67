from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The counting engine: every figure of every page and report, counted from the records of the
    apps below it; its one table holds the figures a cell entered from its reports for the years
    it did not record."""

    name = "figures"
    verbose_name = _("Figures")

    def ready(self):
        from cell05 import closed_years
        from figures import cache
        from figures.counting.records import entered_year_refusal

        cache.connect()
        closed_years.register("entered_figures", entered_year_refusal)
