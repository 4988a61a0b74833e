"""Pages of uploaded PDFs placed into a PDF that ``core.pdf`` rendered (pypdf).

The generated document reserves one page per uploaded page (an element with an id, which
:func:`core.pdf.render_located` locates). WeasyPrint draws that page like any other — the
running title in the header, 第 N 页 / 共 M 页 in the footer, a caption — so the contents'
page numbers (``target-counter``) and the page total already count the uploaded pages. Then
:class:`Assembler` draws each uploaded page, scaled to fit, into the content area of its
reserved page. Page numbers are therefore stamped on merged pages too, by the same footer.

An uploaded page is drawn as a Form XObject built from its content bytes and its resources
(fonts, images): its content is never parsed or rewritten, and nothing else of the upload is
copied — no annotations, links, forms, scripts or open actions.

Uploads are hostile until read: :func:`open_pdf` refuses (with a Chinese reason, for the
document to print instead) an encrypted file, a file pypdf cannot read, a file with no pages
or more than ``max_pages`` pages, and a page whose decoded content is over
:data:`MAX_CONTENT_BYTES`. pypdf bounds its own decompression (``pypdf.filters`` limits); the
upload itself is bounded by the file policy (20 MB). Any exception of pypdf on such a file is a
refusal, never a broken document.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

logger = logging.getLogger(__name__)

MM = 72 / 25.4
# The reserved page's free area, in points from the bottom-left corner of an A4 page: the
# margins of static/css/pdf.css (22 mm top, 18 mm sides, 20 mm bottom) and, at the top, room
# for the caption line the template writes there.
AREA = (18 * MM, 20 * MM, (210 - 18) * MM, (297 - 22 - 9) * MM)  # left, bottom, right, top
MAX_CONTENT_BYTES = 16 * 1024 * 1024


class Refused(Exception):
    """An uploaded PDF that is not placed; ``str()`` is the Chinese reason printed instead."""


@dataclass(frozen=True)
class SourcePage:
    page: PageObject
    box: tuple[float, float, float, float]
    rotation: int
    content: bytes


def open_pdf(data: bytes, *, max_pages: int) -> list[SourcePage]:
    """The pages of an uploaded PDF, checked and ready to place; :class:`Refused` otherwise."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("文件已加密，未并入")
        count = len(reader.pages)
        if count == 0:
            raise Refused("文件没有页面，未并入")
        if count > max_pages:
            raise Refused(f"共 {count} 页，超过每份 {max_pages} 页的上限，未并入")
        return [_source_page(page) for page in reader.pages]
    except Refused:
        raise
    except Exception as error:  # pypdf raises many kinds on a malformed file: all mean unreadable
        logger.info("uploaded PDF refused: %r", error)
        raise Refused("文件无法读取（已损坏或格式不符），未并入") from error


def _source_page(page: PageObject) -> SourcePage:
    box = tuple(float(v) for v in page.cropbox)
    left, bottom, right, top = (
        min(box[0], box[2]),
        min(box[1], box[3]),
        max(box[0], box[2]),
        max(box[1], box[3]),
    )
    if right - left < 1 or top - bottom < 1:
        raise Refused("页面尺寸无效，未并入")
    contents = page.get_contents()
    content = contents.get_data() if contents is not None else b""
    if len(content) > MAX_CONTENT_BYTES:
        raise Refused("页面内容过大，未并入")
    rotation = int(page.rotation) % 360
    if rotation % 90:
        rotation = 0
    return SourcePage(page, (left, bottom, right, top), rotation, content)


def _multiply(first, then):
    """The affine map ``then ∘ first``; both as PDF matrices (a, b, c, d, e, f)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def placement(source: SourcePage, area=AREA) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The matrix that draws the page as a viewer shows it (its /Rotate applied), scaled down
    to fit the area (never up), centred horizontally and at the top; and the rectangle
    (x, y, width, height) it then covers."""
    left, bottom, right, top = source.box
    width, height = right - left, top - bottom
    matrix = (1.0, 0.0, 0.0, 1.0, -left, -bottom)
    # Clockwise rotations of the displayed page, onto the positive quadrant.
    turn = {
        0: (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        90: (0.0, -1.0, 1.0, 0.0, 0.0, width),
        180: (-1.0, 0.0, 0.0, -1.0, width, height),
        270: (0.0, 1.0, -1.0, 0.0, height, 0.0),
    }[source.rotation]
    matrix = _multiply(matrix, turn)
    shown_w, shown_h = (height, width) if source.rotation in (90, 270) else (width, height)
    a_left, a_bottom, a_right, a_top = area
    scale = min((a_right - a_left) / shown_w, (a_top - a_bottom) / shown_h, 1.0)
    x = a_left + ((a_right - a_left) - shown_w * scale) / 2
    y = a_top - shown_h * scale
    matrix = _multiply(matrix, (scale, 0.0, 0.0, scale, x, y))
    return matrix, (x, y, shown_w * scale, shown_h * scale)


class Assembler:
    """The rendered document, taking uploaded pages onto its reserved pages."""

    def __init__(self, pdf_bytes: bytes):
        self.writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
        self._count = 0

    def place(self, index: int, source: SourcePage) -> None:
        """Draw ``source`` on page ``index`` (0-based). Raises :class:`Refused` if it fails."""
        try:
            self._place(self.writer.pages[index], source)
        except Exception as error:  # as in open_pdf: any pypdf failure means unreadable
            logger.info("uploaded PDF page not placed: %r", error)
            raise Refused("文件无法读取（已损坏或格式不符），未并入") from error

    def _place(self, target: PageObject, source: SourcePage) -> None:
        writer = self.writer
        self._count += 1
        name = NameObject(f"/JgtUpload{self._count}")
        resources = source.page.get("/Resources")
        form = DecodedStreamObject()
        form.set_data(source.content)
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in source.box)
        form[NameObject("/Resources")] = (
            resources.clone(writer) if resources is not None else DictionaryObject()
        )
        form_ref = writer._add_object(form.flate_encode())

        # The reserved page's own resources and content, plus the form drawn first (WeasyPrint's
        # content changes the coordinate system without restoring it).
        old = target.get("/Resources")
        own = DictionaryObject(old.get_object() if old is not None else {})
        xobjects = own.get("/XObject")
        own_x = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
        own_x[name] = form_ref
        own[NameObject("/XObject")] = own_x
        target[NameObject("/Resources")] = own

        (a, b, c, d, e, f), (x, y, w, h) = placement(source)
        draw = DecodedStreamObject()
        draw.set_data(
            (
                f"q {a:.5f} {b:.5f} {c:.5f} {d:.5f} {e:.3f} {f:.3f} cm {name} Do Q\n"
                # A thin grey frame: the original's edge on the dossier's page.
                f"q 0.6 G 0.5 w {x:.3f} {y:.3f} {w:.3f} {h:.3f} re S Q\n"
            ).encode("ascii")
        )
        draw_ref = writer._add_object(draw)
        existing = target.get("/Contents")
        parts = ArrayObject([draw_ref])
        if existing is not None:
            resolved = existing.get_object()
            if isinstance(resolved, ArrayObject):
                parts.extend(resolved)
            else:
                parts.append(existing)
        target[NameObject("/Contents")] = parts

    def output(self) -> bytes:
        out = io.BytesIO()
        self.writer.write(out)
        return out.getvalue()
