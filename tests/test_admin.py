import pytest
from django.urls import reverse

from members.models import Cell, Member, PartyGroup, SuperiorCommittee
from plans.models import CellDocument, Pledge, PledgeItem, StudySession, StudyYear
from tests.factories import make_pledge, make_study_year

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [SuperiorCommittee, Cell, PartyGroup, Member, StudyYear, CellDocument, StudySession, Pledge, PledgeItem],
)
def test_admin_lists_and_opens_every_model(world, client, django_user_model, model):
    from datetime import date

    year = make_study_year(world.cell)
    make_pledge(world.member, year)
    CellDocument.objects.create(
        cell=world.cell,
        kind="plan",
        direction="issued",
        number="06-KH/CB",
        issued_on=date(2017, 1, 16),
        issuer="Chi bộ",
        title="Kế hoạch",
    )
    StudySession.objects.create(
        study_year=year, held_on=date(2026, 2, 20), form="conference", content="Học tập"
    )
    admin = django_user_model.objects.create_superuser("quantri", password="a-long-admin-password")
    client.force_login(admin)
    meta = model._meta
    listing = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listing.status_code == 200
    obj = model.objects.first()
    change = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_admin_cannot_delete_a_member(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password="a-long-admin-password")
    client.force_login(admin)
    response = client.post(reverse("admin:members_member_delete", args=[world.member.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Member.objects.filter(pk=world.member.pk).exists()
