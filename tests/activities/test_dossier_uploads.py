"""Uploaded PDFs bound into the dossier: their pages at their section's place (rule 13 order),
numbered by the dossier's own footer; a hostile PDF (encrypted, malformed, too long) leaves a
dossier that lists it by name with a Chinese note."""

import io
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter

from activities import services
from activities.dossier import MAX_PAGES_PER_FILE, render_dossier
from activities.enums import MaterialKind
from core.pdf import html_to_pdf
from tests.core import filesamples

from .conftest import jpeg_bytes, upload


def _pdf_with_text(*pages: str, landscape: bool = False) -> bytes:
    """A real PDF with Chinese text, one page per argument (drawn by WeasyPrint)."""
    body = "".join(
        f'<p style="page-break-after: always">{text}</p>'
        if i < len(pages) - 1
        else f"<p>{text}</p>"
        for i, text in enumerate(pages)
    )
    size = "A4 landscape" if landscape else "A4"
    return html_to_pdf(
        f'<html><head><style>@page {{ size: {size} }} p {{ font-family: "WenQuanYi Micro Hei", '
        f'"Noto Sans CJK SC"; font-size: 20pt }}</style></head><body>{body}</body></html>'
    )


def _run(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / f"{tool}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _add(activity, world, kind, name, content, title=""):
    services.material_add(
        activity=activity,
        kind=kind,
        upload=upload(name, content),
        title=title,
        actor=world.users["bureau_staff"],
    )


def _encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _long(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_uploaded_pages_are_bound_in_at_their_sections_place(world, activity, tmp_path):
    _add(activity, world, MaterialKind.SUMMARY, "总结.pdf", _pdf_with_text("总结正文：成效显著"))
    _add(
        activity,
        world,
        MaterialKind.PLAN,
        "方案.pdf",
        _pdf_with_text("方案第一页内容", "方案第二页内容"),
    )
    _add(
        activity,
        world,
        MaterialKind.BRIEF,
        "简报.pdf",
        _pdf_with_text("简报横版内容", landscape=True),
    )
    _add(activity, world, MaterialKind.DESIGN, "教学设计.docx", filesamples.ooxml("word"))
    _add(activity, world, MaterialKind.PHOTO, "a.jpg", jpeg_bytes(size=(300, 200)), "课堂照片")

    pdf = render_dossier(activity)
    pages = _run("pdftotext", pdf, tmp_path, "-layout").split("\f")[:-1]
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages)
    flat = ["".join(page.split()) for page in pages]

    def page_of(text: str) -> int:
        return next(i for i, page in enumerate(flat) if text in page)

    # Sections and uploaded pages in the order of rule 13.
    order = [
        page_of("方案第一页内容"),
        page_of("方案第二页内容"),
        page_of("简报横版内容"),
        page_of("教学设计.docx"),
        page_of("课堂照片"),
        page_of("总结正文：成效显著"),
    ]
    assert order == sorted(order) and len(set(order)) == len(order), order
    assert page_of("活动方案·方案.pdf·原件第1/2页") == page_of("方案第一页内容")
    assert page_of("方案第二页内容") == page_of("方案第一页内容") + 1
    # Every page, the bound-in ones included, carries the dossier's numbering.
    total = len(pages)
    for number, page in enumerate(flat, start=1):
        assert f"第{number}页/共{total}页" in page, (number, page)
    # The contents and the list say where each part is.
    contents = flat[page_of("目录")]
    plan_list = page_of("已并入，共2页")
    assert flat[plan_list].startswith("2025-10-16") and "活动方案材料" in flat[plan_list]
    assert f"活动方案第{plan_list + 1}页" in contents.replace(".", ""), contents
    assert f"已并入，共2页，见第{page_of('方案第一页内容') + 1}页" in flat[plan_list]
    assert "教学设计.docx" in flat[page_of("教学设计.docx")] and "原件存于平台" in "".join(flat)
    # The fonts of the dossier and of the uploaded pages are embedded.
    rows = _run("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert any("WenQuanYi" in row or "CJK" in row for row in rows), rows
    for row in rows:
        assert row.split()[-5] == "yes", row


@pytest.mark.parametrize(
    ("content", "note"),
    [
        (_encrypted(), "文件已加密，未并入"),
        (filesamples.PDF, "文件无法读取（已损坏或格式不符），未并入"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 1000, "文件无法读取（已损坏或格式不符），未并入"),
        (
            _long(MAX_PAGES_PER_FILE + 1),
            f"共{MAX_PAGES_PER_FILE + 1}页，超过每份{MAX_PAGES_PER_FILE}页的上限，未并入",
        ),
    ],
    ids=["encrypted", "malformed", "garbage", "too-long"],
)
def test_hostile_pdf_is_listed_with_a_note(world, activity, tmp_path, content, note):
    _add(activity, world, MaterialKind.PLAN, "坏方案.pdf", content)
    _add(activity, world, MaterialKind.SUMMARY, "总结.pdf", _pdf_with_text("总结正文"))
    pdf = render_dossier(activity)
    flat = "".join(_run("pdftotext", pdf, tmp_path, "-layout").split())
    assert "坏方案.pdf" in flat and note in flat
    assert "总结正文" in flat  # the other upload is still bound in
    rows = _run("pdffonts", pdf, tmp_path).splitlines()[2:]
    for row in rows:
        assert row.split()[-5] == "yes", row
