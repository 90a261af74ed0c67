from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "devtools"

    def ready(self):
        # The worker finds the province data set's work here, so that reports names no module of this app.
        from reports.choices import JobKind
        from reports.jobs import RUNNERS

        RUNNERS[JobKind.PROVINCE_DATASET] = "devtools.jobs.make_province"
