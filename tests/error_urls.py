"""The site's addresses and some that fail, for the tests of the error pages."""

import errno

from django.http import HttpResponse
from django.urls import path

from cell05 import urls as site


def fail(request):
    raise RuntimeError("a failure the page must not show")


def disk_full(request):
    raise OSError(errno.ENOSPC, "No space left on device")


def remember(request):
    """A page that changes the session, which is saved once the page is made."""
    request.session["remembered"] = True
    return HttpResponse("ok")


handler400 = site.handler400
handler500 = site.handler500
urlpatterns = [
    *site.urlpatterns,
    path("fail/", fail),
    path("disk-full/", disk_full),
    path("remember/", remember),
]
