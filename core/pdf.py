"""PDF documents from Django templates, rendered by WeasyPrint.

A PDF template extends ``pdf/base.html`` and fills ``{% block content %}``; its context has a
``title`` (the heading and the header of every page)::

    pdf_bytes = pdf.render("activities/pdf/report.html", {"title": "……活动报告", ...})
    return pdf.response(pdf_bytes, filename="活动报告.pdf")

The look lives in ``static/css/pdf.css``: A4, the title in the page header, "第 N 页 / 共 M 页" in
the footer, and the CJK font named on ``@page``, its margin boxes and ``svg`` roots (they do not
inherit the body's font). It is a static file, not a ``<style>`` element, so every template
obeys the same rule (no inline CSS; ``tests/access/test_security.py`` scans them all) and the
stylesheet goes through the same door as images.

That door is :func:`url_fetcher`: the renderer may read our own static files and ``data:`` URLs,
and nothing else — no network, no ``file:`` path, no uploaded file. User text reaches the PDF
only through the template's auto-escaping, and ``presentational_hints`` stays off.

Keep documents per community or per school: WeasyPrint needs seconds and hundreds of MB for
a 20-page table; a batch of reports belongs in a background job.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.http import content_disposition_header

# Relative URLs in a PDF template resolve against this origin, which exists nowhere (.invalid is
# reserved): a URL that is not one of our static files cannot be fetched by accident.
BASE_URL = "https://pdf.invalid/"


def render(template_name: str, context: dict | None = None) -> bytes:
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context))


def html_to_pdf(html: str) -> bytes:
    # WeasyPrint is imported here, not at the top: it loads Pango through cffi (slow, and
    # absent where the Debian libraries are missing), and most processes never draw a PDF.
    from weasyprint import HTML  # noqa: PLC0415

    return HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).write_pdf()


def render_located(
    template_name: str, context: dict | None = None, *, anchor_prefix: str
) -> tuple[bytes, dict[str, int]]:
    """Render like :func:`render`, and say on which page (0-based) each element whose id starts
    with ``anchor_prefix`` lands: the pages ``core.pdfpages`` draws uploaded pages onto."""
    # Lazy for the same reason as in html_to_pdf.
    from weasyprint import HTML  # noqa: PLC0415

    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).render()
    located = {
        anchor: number
        for number, page in enumerate(document.pages)
        for anchor in page.anchors
        if anchor.startswith(anchor_prefix)
    }
    return document.write_pdf(), located


def response(pdf_bytes: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """An HTTP download of ``pdf_bytes``; ``filename`` may be Chinese (RFC 5987)."""
    answer = HttpResponse(pdf_bytes, content_type="application/pdf")
    answer["Content-Disposition"] = content_disposition_header(not inline, filename)
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


def static_path(url: str) -> Path | None:
    """The file behind one of our static URLs (as ``{% static %}`` writes them), or None."""
    prefix = urljoin(BASE_URL, settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    name = posixpath.normpath(unquote(urlsplit(url).path[len(urlsplit(prefix).path) :]))
    if name.startswith(("../", "/")) or name in {".", ".."}:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    try:  # collected (and possibly hashed) names, in production
        collected = Path(safe_join(str(settings.STATIC_ROOT), name))
    except SuspiciousFileOperation:  # outside STATIC_ROOT
        return None
    return collected if collected.is_file() else None


def url_fetcher():
    """A WeasyPrint URL fetcher that serves our static files and ``data:`` URLs, and refuses
    everything else (the rendering goes on without the resource, with a warning)."""
    # Lazy for the same reason as in html_to_pdf.
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            if path is None:
                raise ValueError(f"PDF 只能引用本站静态文件或 data: URL，已忽略：{url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher()
