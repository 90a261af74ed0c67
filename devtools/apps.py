from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "devtools"

    def ready(self):
        # The worker finds the province data set's work here, so that the product names no module of this app.
        from jobs.choices import JobKind
        from jobs.runner import register

        register(
            JobKind.PROVINCE_DATASET,
            runner="devtools.jobs.make_province",
            permission="reports.build_province",
        )
