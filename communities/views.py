"""Placeholder views, replaced by the real ones in the next commits."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def community_list(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def community_create(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def community_detail(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def community_update(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def membership_add(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def membership_end(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def core_replace(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def position_add(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def position_update(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def position_end(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def workgroup_add(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def workgroup_update(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def workgroup_delete(request, **kwargs):
    return HttpResponse('建设中')
