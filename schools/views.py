"""Placeholder views, replaced by the real ones in the next commits."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def school_list(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def school_create(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def school_detail(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def school_update(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def teacher_list(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def teacher_create(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def teacher_detail(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def teacher_update(request, **kwargs):
    return HttpResponse('建设中')


@login_required
def teacher_move(request, **kwargs):
    return HttpResponse('建设中')
