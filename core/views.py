"""Views of the base app: the one download URL of stored files (see ``core.files``) and the
full history page of an object (see ``core.audit``)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import audit, files, scoping

HISTORY_PAGE_SIZE = 50


@login_required
@require_GET
def file_download(request: HttpRequest, model: str, pk: int, field: str) -> HttpResponse:
    """The file in ``field`` of the ``model`` row ``pk``, if the user may see that row."""
    try:
        owner_model = apps.get_model(model)
    except (LookupError, ValueError):
        raise Http404("未找到该文件。") from None
    if not files.is_protected_file_field(owner_model, field):
        raise Http404("未找到该文件。")
    rows = scoping.visible(request.user, owner_model).select_related(field)
    owner = scoping.get_from_or_404(rows, pk=pk)
    stored = getattr(owner, field)
    if stored is None:
        raise Http404("未找到该文件。")
    return files.response(stored)


@login_required
@require_GET
def history(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    """The full, paginated change trail of the ``model`` row ``pk``, if the user may see that
    row (the detail pages show only the newest entries and link here)."""
    try:
        owner_model = apps.get_model(model)
    except (LookupError, ValueError):
        raise Http404("未找到该记录。") from None
    if not audit.has_history_page(owner_model):
        raise Http404("未找到该记录。")
    owner = scoping.get_from_or_404(scoping.visible(request.user, owner_model), pk=pk)
    page = Paginator(audit.audit_trail(*audit.sources_of(owner)), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    label = owner_model._meta.verbose_name
    return render(
        request,
        "core/history.html",
        {
            "owner": owner,
            "page_obj": page,
            "trail": page.object_list,
            "crumbs": [(f"{label}：{owner}", owner.get_absolute_url()), ("修改记录", None)],
        },
    )
