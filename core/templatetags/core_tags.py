from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core import files, listcache
from core.links import object_url
from core.panels import has_deferred, render_panels

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
def page_panels(context, page: str, obj, deferred_url: str = "", *, deferred: bool = False) -> str:
    """Render the sections other apps add to ``page`` (see ``core.panels``); with
    ``deferred_url``, a placeholder for the deferred ones that loads them from that URL."""
    request = context["request"]
    parts = render_panels(page, request, obj, deferred=deferred)
    if deferred_url and not deferred and has_deferred(page):
        parts.append(
            render_to_string("core/_deferred_panels.html", {"url": deferred_url}, request=request)
        )
    return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered template, autoescaped


@register.simple_tag(takes_context=True)
def filter_form(context, filterset) -> str:
    """A list's filter form (``includes/_filters.html``), kept until the next write.

    Rendering it is most of a list page's own work (hundreds of community and township options,
    the school choice). Its HTML depends only on the user (whose scope sets the choices), the
    page, the values of its fields in the query string and, for forms that default to the
    current school year, the date: the key holds all four (``core.listcache``).
    """
    request = context["request"]
    key = ("filter-form", *listcache.request_key(request))
    html = listcache.remembered(
        key,
        lambda: render_to_string("includes/_filters.html", {"filter": filterset}, request),
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


@register.simple_tag
def row_url(url_name: str, *pks) -> str:
    """``{% row_url "communities:membership_end" community.pk m.pk %}``: ``{% url %}`` for a
    row of a long table, without a ``reverse()`` per row (``core.links``)."""
    return object_url(url_name, *pks)
