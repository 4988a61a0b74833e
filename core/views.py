"""Views of the base app: the one download URL of stored files (see ``core.files``)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from . import files, scoping


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
