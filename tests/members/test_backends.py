"""The signed-in user is read with the membership that every page asks for."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_a_signed_in_member_and_the_membership_are_read_in_one_query(world, login):
    client = login(world.member)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    user_reads = [query["sql"] for query in queries if 'FROM "auth_user"' in query["sql"]]
    assert len(user_reads) == 1
    assert 'JOIN "members_member"' in user_reads[0]
    assert not [
        query["sql"]
        for query in queries
        if 'FROM "members_member"' in query["sql"] and '"members_member"."user_id" =' in query["sql"]
    ]
