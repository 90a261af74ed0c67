"""The site's addresses and one that fails, for the test of the server error page."""

from django.urls import path

from cell05.urls import urlpatterns as site_urls


def fail(request):
    raise RuntimeError("a failure the page must not show")


urlpatterns = [*site_urls, path("fail/", fail)]
