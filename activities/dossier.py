"""The activity dossier (PDF) in the binding order of rule 13: cover — contents — activity plan
— schedule — brief — process materials — photos (two per page, with captions) — summary.

Drawn by ``core.pdf`` from ``activities/pdf/dossier.html``. Photos are embedded as ``data:``
URLs (the PDF renderer fetches nothing else), downscaled for print.

Every material is listed by name and size under its section. An uploaded **PDF** is also bound
in, page by page, right after that list (``core.pdfpages``): the template reserves one page per
uploaded page, WeasyPrint numbers it like any other (header, 第 N 页 / 共 M 页, a caption saying
which file and page it is), so the contents' page numbers and the total count the uploaded
pages; then the uploaded page is drawn, scaled to fit, into the reserved page. A PDF that is
encrypted, unreadable, longer than :data:`MAX_PAGES_PER_FILE` pages, or beyond the dossier's
budget (:data:`MAX_PAGES_PER_DOSSIER` pages, :data:`MAX_BYTES_PER_DOSSIER` bytes read) stays
listed by name with a Chinese note saying why it is not bound in. Word and slides are listed
with their names only.
"""

from __future__ import annotations

import base64
import io
import re

from django.utils import timezone
from PIL import Image

from core import pdf, pdfpages

from .enums import PROCESS_KINDS, MaterialKind
from .models import Activity, ActivityMaterial
from .selectors import dossier_gaps, materials_of

PRINT_SIDE = 1200
MAX_PAGES_PER_FILE = 30
MAX_PAGES_PER_DOSSIER = 150
MAX_BYTES_PER_DOSSIER = 60 * 1024 * 1024
TEMPLATE = "activities/pdf/dossier.html"
ANCHOR = "upload-"

SECTIONS = (
    ("plan", "活动方案", (MaterialKind.PLAN,)),
    ("schedule", "活动安排", (MaterialKind.SCHEDULE,)),
    ("brief", "简报", (MaterialKind.BRIEF,)),
    ("process", "过程性材料", PROCESS_KINDS),
    ("photos", "活动照片", (MaterialKind.PHOTO,)),
    ("summary", "活动总结", (MaterialKind.SUMMARY,)),
)


def file_name(activity: Activity) -> str:
    """The download's name: the activity's display name, safe for a file system."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", f"活动档案_{activity.display_name}")[:120]


def _photo_data_url(material: ActivityMaterial) -> str:
    with material.file.file.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    image = image.convert("RGB")
    image.thumbnail((PRINT_SIDE, PRINT_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _opened_uploads(materials: list[ActivityMaterial]) -> dict[int, list | str]:
    """Per uploaded PDF (material pk): its pages ready to place, or the note printed instead."""
    opened: dict[int, list | str] = {}
    pages_left, bytes_left = MAX_PAGES_PER_DOSSIER, MAX_BYTES_PER_DOSSIER
    for material in materials:
        if material.kind == MaterialKind.PHOTO or material.file.content_type != "application/pdf":
            continue
        if material.file.size > bytes_left or pages_left <= 0:
            opened[material.pk] = "本档案并入的文件已达上限，未并入"
            continue
        try:
            with material.file.file.open("rb") as handle:
                data = handle.read(bytes_left + 1)
        except OSError:
            opened[material.pk] = "文件无法读取，未并入"
            continue
        bytes_left -= len(data)
        try:
            pages = pdfpages.open_pdf(data, max_pages=min(MAX_PAGES_PER_FILE, pages_left))
        except pdfpages.Refused as refused:
            opened[material.pk] = str(refused)
            continue
        pages_left -= len(pages)
        opened[material.pk] = pages
    return opened


def _upload_row(material: ActivityMaterial, opened: dict[int, list | str]) -> dict:
    found = opened.get(material.pk)
    if isinstance(found, list):
        anchors = [f"{ANCHOR}{material.pk}-{n}" for n in range(len(found))]
        return {"material": material, "anchors": anchors, "note": ""}
    if found is None:
        note = "" if material.kind == MaterialKind.PHOTO else "原件存于平台，按文件名查阅"
    else:
        note = found
    return {"material": material, "anchors": [], "note": note}


def dossier_context(
    activity: Activity,
    materials: list[ActivityMaterial] | None = None,
    opened: dict[int, list | str] | None = None,
) -> dict:
    materials = materials_of(activity) if materials is None else materials
    opened = {} if opened is None else opened
    sections = []
    for key, title, kinds in SECTIONS:
        rows = [m for m in materials if m.kind in kinds]
        if key == "photos":
            pictures = []
            for material in rows:
                try:
                    pictures.append({"src": _photo_data_url(material), "caption": material.caption})
                except (OSError, ValueError):
                    pictures.append({"src": "", "caption": f"{material.caption}（图片无法读取）"})
            pages = [pictures[i : i + 2] for i in range(0, len(pictures), 2)]
            sections.append({"key": key, "title": title, "photo_pages": pages, "rows": rows})
        else:
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "rows": rows,
                    "uploads": [_upload_row(m, opened) for m in rows],
                }
            )
    return {
        "title": activity.display_name,
        "activity": activity,
        "schools": list(activity.schools.order_by("name")),
        "teachers": list(activity.teachers.select_related("school").order_by("name")),
        "sections": sections,
        "gaps": dossier_gaps(materials),
        "printed_on": timezone.localdate(),
    }


def render_dossier(activity: Activity) -> bytes:
    materials = materials_of(activity)
    opened = _opened_uploads(materials)
    while True:
        document, pages = pdf.render_located(
            TEMPLATE, dossier_context(activity, materials, opened), anchor_prefix=ANCHOR
        )
        placed = [pk for pk, found in opened.items() if isinstance(found, list)]
        if not placed:
            return document
        assembler = pdfpages.Assembler(document)
        failed = False
        for pk in placed:
            try:
                for n, source in enumerate(opened[pk]):
                    index = pages.get(f"{ANCHOR}{pk}-{n}")
                    if index is None:
                        raise pdfpages.Refused("未能排入档案，未并入")
                    assembler.place(index, source)
            except pdfpages.Refused as refused:
                # Its reserved pages are in this rendering: render again with the note instead
                # (each pass refuses at least one more file, so this ends).
                opened[pk] = str(refused)
                failed = True
        if not failed:
            return assembler.output()
