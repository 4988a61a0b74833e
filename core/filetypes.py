"""File types by content: the magic bytes, and for zip and OLE containers the names of their
parts — never the extension. Used by ``core.files`` (which re-exports the kinds)."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extension: str
    inline: bool = False  # shown in the browser (PDF, images) rather than downloaded


PDF = Kind("PDF", "application/pdf", ".pdf", inline=True)
DOCX = Kind(
    "Word（.docx）",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = Kind(
    "Excel（.xlsx）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
PPTX = Kind(
    "PowerPoint（.pptx）",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
)
DOC = Kind("Word 97-2003（.doc）", "application/msword", ".doc")
XLS = Kind("Excel 97-2003（.xls）", "application/vnd.ms-excel", ".xls")
PPT = Kind("PowerPoint 97-2003（.ppt）", "application/vnd.ms-powerpoint", ".ppt")
JPEG = Kind("JPEG 图片", "image/jpeg", ".jpg", inline=True)
PNG = Kind("PNG 图片", "image/png", ".png", inline=True)
WEBP = Kind("WebP 图片", "image/webp", ".webp", inline=True)

WORD = (DOCX, DOC)
EXCEL = (XLSX, XLS)
POWERPOINT = (PPTX, PPT)
IMAGES = (JPEG, PNG, WEBP)
DOCUMENTS = (PDF, *WORD, *EXCEL, *POWERPOINT)
# Shown in the browser when downloaded; everything else is an attachment.
INLINE_CONTENT_TYPES = frozenset(kind.content_type for kind in (*DOCUMENTS, *IMAGES) if kind.inline)

_HEAD_BYTES = 16
_ZIP_MAX_ENTRIES = 10_000  # an office document has tens to hundreds of parts
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = {"worddocument": DOC, "workbook": XLS, "book": XLS, "powerpoint document": PPT}
_OLE_MAX_DIRECTORY_SECTORS = 64


def sniff(file: IO[bytes]) -> Kind | None:
    """The kind of a file by its content, or None when it is none of the known kinds.

    Reads a few bytes, a zip's central directory or an OLE file's directory: bounded by the
    container's own structure, never the whole file.
    """
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return WEBP
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        if head.startswith(_OLE_MAGIC):
            return _ole_kind(file)
        return None
    finally:
        file.seek(0)


def _zip_kind(file: IO[bytes]) -> Kind | None:
    """Office Open XML: a zip with ``[Content_Types].xml`` and a main part folder."""
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > _ZIP_MAX_ENTRIES:
                return None
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in _OOXML_PARTS:
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def _ole_kind(file: IO[bytes]) -> Kind | None:
    """Legacy Office (OLE compound file): which stream sits at the top of its directory.

    Only the root's own children count: a Word file may embed an Excel workbook deeper down.
    """
    file.seek(0)
    header = file.read(512)
    if len(header) < 512:
        return None
    sector_size = 1 << struct.unpack_from("<H", header, 30)[0]
    if sector_size not in (512, 4096):
        return None
    fat_sectors = struct.unpack_from("<109i", header, 76)  # the first 109, enough for ~7 MB
    per_fat_sector = sector_size // 4

    def read_sector(number: int) -> bytes:
        file.seek((number + 1) * sector_size)
        return file.read(sector_size)

    def next_sector(number: int) -> int:
        index = number // per_fat_sector
        if index >= len(fat_sectors) or fat_sectors[index] < 0:
            return -1
        fat = read_sector(fat_sectors[index])
        offset = (number % per_fat_sector) * 4
        return struct.unpack_from("<i", fat, offset)[0] if len(fat) >= offset + 4 else -1

    entries = []  # (name, left, right, child)
    sector, seen = struct.unpack_from("<i", header, 48)[0], set()
    while sector >= 0 and sector not in seen and len(seen) < _OLE_MAX_DIRECTORY_SECTORS:
        seen.add(sector)
        data = read_sector(sector)
        for offset in range(0, len(data) - 127, 128):
            length = min(struct.unpack_from("<H", data, offset + 64)[0], 64)
            name = data[offset : offset + max(length - 2, 0)].decode("utf-16-le", "replace")
            left, right, child = struct.unpack_from("<3i", data, offset + 68)
            entries.append((name.lower(), left, right, child))
        sector = next_sector(sector)
    if not entries:
        return None
    # The root's children form a tree of siblings starting at the root's child.
    pending, visited = [entries[0][3]], set()
    while pending:
        index = pending.pop()
        if index < 0 or index >= len(entries) or index in visited:
            continue
        visited.add(index)
        name, left, right, _child = entries[index]
        if name in _OLE_STREAMS:
            return _OLE_STREAMS[name]
        pending += [left, right]
    return None
