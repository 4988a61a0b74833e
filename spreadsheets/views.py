"""Placeholder views, replaced by the real ones in the next commits."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def import_list(request, **kwargs):
    return HttpResponse('建设中')
