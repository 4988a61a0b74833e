"""The activity dossier (PDF) in the binding order of rule 13: cover — contents — activity plan
— schedule — brief — process materials — photos (two per page, with captions) — summary.

Drawn by ``core.pdf`` from ``activities/pdf/dossier.html``. Photos are embedded as ``data:``
URLs (the PDF renderer fetches nothing else), downscaled for print. Uploaded documents (PDF,
Word, slides) are listed by name and size under their section: no PDF library that could merge
their pages is installed (pypdf is not a dependency), so they are not inlined.
"""

from __future__ import annotations

import base64
import io
import re

from django.utils import timezone
from PIL import Image

from core import pdf

from .enums import PROCESS_KINDS, MaterialKind
from .models import Activity, ActivityMaterial
from .selectors import dossier_gaps, materials_of

PRINT_SIDE = 1200

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


def dossier_context(activity: Activity) -> dict:
    materials = materials_of(activity)
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
            sections.append({"key": key, "title": title, "rows": rows})
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
    return pdf.render("activities/pdf/dossier.html", dossier_context(activity))
