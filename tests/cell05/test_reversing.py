"""The URLs remembered per process (cell05/reversing.py) are the ones Django's `reverse` gives,
whatever the arguments, the script prefix a site is served under, or the URLconf."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, path, set_script_prefix
from django.urls import reverse as django_reverse

from cell05.reversing import reverse
from members.models import Cell

# A URLconf of this test's own, for the test that swaps it.
urlpatterns = [path("elsewhere/", lambda request: None, name="home")]


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


def test_a_url_with_arguments_is_the_one_django_reverses():
    for _ in range(2):
        assert reverse("plans:pledge_detail", args=["khoi-dang", 12]) == "/cells/khoi-dang/pledges/12/"
    assert reverse("plans:pledge_detail", args=["khoi-dang", 13]) == django_reverse(
        "plans:pledge_detail", args=["khoi-dang", 13]
    )


def test_a_url_with_keyword_arguments_is_the_one_django_reverses_in_any_order():
    first = reverse("plans:year_detail", kwargs={"slug": "khoi-dang", "year": 2026})
    second = reverse("plans:year_detail", kwargs={"year": 2026, "slug": "khoi-dang"})
    assert first == second == django_reverse("plans:year_detail", kwargs={"slug": "khoi-dang", "year": 2026})


def test_a_site_served_under_a_path_gets_its_urls_under_that_path(script_prefix):
    assert reverse("members:cell_detail", kwargs={"slug": "khoi-dang"}) == "/cells/khoi-dang/"
    script_prefix("/cell05/")
    assert reverse("members:cell_detail", kwargs={"slug": "khoi-dang"}) == "/cell05/cells/khoi-dang/"
    script_prefix("/")
    assert reverse("members:cell_detail", kwargs={"slug": "khoi-dang"}) == "/cells/khoi-dang/"


def test_another_urlconf_is_not_answered_with_the_urls_remembered_before():
    assert reverse("home") == "/"
    with override_settings(ROOT_URLCONF=__name__):
        assert reverse("home") == "/elsewhere/"
    assert reverse("home") == "/"


def test_a_record_links_to_its_page():
    assert Cell(slug="khoi-dang").get_absolute_url() == "/cells/khoi-dang/"


def test_the_url_tag_of_the_templates_gives_what_django_reverses_and_refuses_an_unknown_view():
    template = Template(
        "{% url 'plans:pledge_detail' slug=cell pk=pk %} "
        "{% url 'plans:pledge_detail' cell pk as link %}[{{ link }}]"
        "{% url 'no-such-view' as missing %}[{{ missing }}]"
    )
    page = template.render(Context({"cell": "khoi-dang", "pk": 7}))
    assert page == "/cells/khoi-dang/pledges/7/ [/cells/khoi-dang/pledges/7/][]"
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-view' %}").render(Context())
