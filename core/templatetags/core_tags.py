from django import template
from django.utils.safestring import mark_safe

from core import files
from core.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def query_with_format(context, fmt: str) -> str:
    """The current filtered query string plus an export format, without the page number."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["format"] = fmt
    return query.urlencode()


@register.simple_tag
def stored_file(owner, field_name: str):
    """``{% stored_file community "charter" as charter %}``: its download URL and name, or None."""
    return files.attachment(owner, field_name)


@register.simple_tag(takes_context=True)
def page_panels(context, page: str, obj) -> str:
    """Render the sections other apps add to ``page`` (see ``core.panels``)."""
    return mark_safe("".join(render_panels(page, context["request"], obj)))  # noqa: S308 - rendered templates
