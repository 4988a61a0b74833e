"""core.pdf: a Chinese document renders with an embedded CJK font in body, header, footer and
SVG, and page numbers; the renderer fetches only our static files and data: URLs.

Checked with poppler's pdffonts and pdftotext (installed by `make test`)."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from core import pdf

# The families static/css/pdf.css names, as PDF font names (without the subset prefix).
CJK_FONTS = {
    "WenQuanYi-Micro-Hei",
    "WenQuanYi-Micro-Hei-Bold",  # synthetic bold of headings
    "NotoSansCJKsc-Regular",
    "NotoSansCJKsc-Bold",
}

DOCUMENT = """{% extends "pdf/base.html" %}{% block content %}
<h2>一、总则</h2>
<p>为推进城乡义务教育一体化发展，{{ community }}制定本章程。</p>
<table><thead><tr><th>学校</th><th>角色</th></tr></thead>
<tbody><tr><td>示范县实验小学</td><td>核心校</td></tr></tbody></table>
<svg width="240" height="40" xmlns="http://www.w3.org/2000/svg">
<text x="4" y="24" font-size="14">成员校教师数</text></svg>
<div class="page-break"></div>
<h2>二、组织机构</h2>
<p>理事会由理事长和理事组成。</p>
{% endblock %}"""


def poppler(tool: str, path: Path) -> str:
    return subprocess.run(
        [tool, str(path), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    html = Template(DOCUMENT).render(
        Context({"title": "示范县实验小学教育集团章程", "community": "<b>教育集团</b>"})
    )
    path = tmp_path_factory.mktemp("pdf") / "charter.pdf"
    path.write_bytes(pdf.html_to_pdf(html))
    return path


def test_every_font_is_an_embedded_cjk_font(rendered):
    rows = [line.split() for line in poppler("pdffonts", rendered).splitlines()[2:]]
    # name type... emb sub uni id gen: the last five columns are fixed.
    fonts = {row[0].split("+", 1)[-1]: row[-5] for row in rows}

    assert fonts, "no font in the PDF"
    assert set(fonts) <= CJK_FONTS, f"a font without Chinese glyphs was used: {fonts}"
    assert set(fonts.values()) == {"yes"}, f"a font is not embedded: {fonts}"


def test_text_header_and_page_numbers_are_in_the_pdf(rendered):
    pages = poppler("pdftotext", rendered).split("\f")
    # pdftotext drops the narrow spaces around the numbers; compare without whitespace.
    compact = ["".join(page.split()) for page in pages if page.strip()]

    assert compact == [
        "示范县实验小学教育集团章程"  # page header
        "示范县实验小学教育集团章程"  # heading
        "一、总则为推进城乡义务教育一体化发展，<b>教育集团</b>制定本章程。"  # escaped user text
        "学校角色示范县实验小学核心校"
        "成员校教师数"  # SVG text
        "第1页/共2页",
        "示范县实验小学教育集团章程二、组织机构理事会由理事长和理事组成。第2页/共2页",
    ]


def test_url_fetcher_reads_our_static_files_and_data_urls():
    fetch = pdf.url_fetcher()
    css = (Path(settings.BASE_DIR) / "static/css/pdf.css").read_bytes()
    pixel = base64.b64encode(b"GIF89a").decode()

    assert fetch(f"{pdf.BASE_URL}static/css/pdf.css").read() == css
    assert fetch(f"data:image/gif;base64,{pixel}").read() == b"GIF89a"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/hostname",
        "https://example.com/logo.png",
        f"{pdf.BASE_URL}static/../config/settings/base.py",
        f"{pdf.BASE_URL}static/%2e%2e/manage.py",
        f"{pdf.BASE_URL}media/charters/2025/x.pdf",
    ],
    ids=["file", "network", "dot-dot", "encoded-dot-dot", "media"],
)
def test_url_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError, match="PDF 只能引用本站静态文件或 data: URL"):
        pdf.url_fetcher()(url)


def test_response_is_a_download_with_a_chinese_file_name():
    response = pdf.response(b"%PDF-1.7", filename="章程.pdf")

    assert (response["Content-Type"], response["Content-Disposition"], response.content) == (
        "application/pdf",
        "attachment; filename*=utf-8''%E7%AB%A0%E7%A8%8B.pdf",
        b"%PDF-1.7",
    )
