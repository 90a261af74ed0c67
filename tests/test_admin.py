"""The Django admin, for the people who keep the server: every model of cell05 is there."""

from datetime import date

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse

from jobs.choices import JobKind
from jobs.models import Job
from jobs.services import job_start
from members.models import Member
from plans.services.calendar import calendar_address_renew
from reports.models import Report
from reports.services.editing import committee_report_create, report_create
from tests.factories import (
    MondayDayOffFactory,
    PraiseFactory,
    ProgrammeFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_committee_guidance,
    make_document,
    make_entered_year,
    make_monday_session,
    make_pledge,
    make_story,
    make_study_year,
    report_header,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"jobs", "members", "plans", "oversight", "reports"}
OUR_MODELS = [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


@pytest.fixture
def records(world):
    """One record of every model of cell05."""
    year = make_study_year(world.cell)
    make_pledge(world.member, year)
    make_document(world.cell)
    make_committee_guidance(world.committee)
    StudySessionFactory(study_year=year, held_on=date(2026, 2, 20))
    make_monday_session(world.cell, world.group1, date(2026, 3, 2), story=make_story(world.cell))
    MondayDayOffFactory(cell=world.cell, day=date(2026, 3, 9))
    calendar_address_renew(actor=world.member.user, cell=world.cell)
    ProgrammeFactory(cell=world.cell)
    make_case(world.cell, [world.member])
    PraiseFactory(cell=world.cell, member=world.member, praised_on=date(2026, 1, 5))
    RewardProposalFactory(cell=world.cell, member=world.member, proposed_on=date(2026, 1, 5))
    make_entered_year(world.cell, 2020)
    report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))
    committee_report = report_header(world.secretary, signer_name="Trần Văn Ủy")
    del committee_report["signer"]
    committee_report_create(actor=world.staff, committee=world.committee, data=committee_report)
    job_start(actor=world.staff, kind=JobKind.COMMITTEE_PDF, committee=world.committee)
    return world


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_admin_lists_and_opens_every_model(records, client, django_user_model, model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="a-long-admin-password")
    )
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model.objects.first()
    assert obj is not None, f"the fixture has no {meta.label}"
    change = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_admin_cannot_delete_a_member(world, client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="a-long-admin-password")
    )
    response = client.post(reverse("admin:members_member_delete", args=[world.member.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Member.objects.filter(pk=world.member.pk).exists()


def test_admin_cannot_delete_a_report_or_change_a_job(records, client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="a-long-admin-password")
    )
    report = Report.objects.get()
    response = client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    assert response.status_code == 403
    job = Job.objects.get()
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert 'name="state"' not in page


FILE_FIELDS = [
    (model, field.name)
    for model in OUR_MODELS
    for field in model._meta.fields
    if isinstance(field, models.FileField)
]


@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=lambda item: getattr(item, "__name__", item))
def test_admin_neither_links_nor_takes_a_stored_file(
    records, client, django_user_model, settings, model, field
):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="a-long-admin-password")
    )
    obj = model.objects.first()
    getattr(obj, field).save("bao-cao.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    meta = model._meta
    page = client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    ).content.decode()
    assert settings.MEDIA_URL not in page
    assert getattr(obj, field).name not in page
    assert 'type="file"' not in page
