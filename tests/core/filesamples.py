"""Small files of each kind core.files knows, built by the tests themselves."""

from __future__ import annotations

import io
import struct
import zipfile

import openpyxl
import xlwt

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56


def ooxml(folder: str) -> bytes:
    """A zip shaped like an Office Open XML document: ``word``, ``xl`` or ``ppt``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(f"{folder}/main.xml", '<?xml version="1.0"?><main/>')
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an office document")
    return buffer.getvalue()


def xlsx() -> bytes:
    """A real workbook, written by openpyxl."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "学校名称"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls() -> bytes:
    """A real Excel 97-2003 workbook, written by xlwt (an OLE file with a Workbook stream)."""
    workbook = xlwt.Workbook()
    workbook.add_sheet("Sheet1").write(0, 0, "学校名称")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _entry(name: str, kind: int, left: int = -1, right: int = -1, child: int = -1) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB3i", len(encoded), kind, 1, left, right, child)
        + b"\x00" * 36  # class id, state bits, times
        + struct.pack("<iQ", -2, 0)  # start sector (end of chain), size
    )


def ole(*top_level: str, nested: tuple[str, str] | None = None) -> bytes:
    """A minimal OLE compound file: a root whose children are the ``top_level`` streams (a
    chain of right siblings), and optionally a storage ``nested[0]`` holding stream
    ``nested[1]``. Streams are empty: the sniffer reads only the directory."""
    entries = [_entry("Root Entry", 5, child=1)]
    names = list(top_level) + ([nested[0]] if nested else [])
    for i, name in enumerate(names, start=1):
        right = i + 1 if i < len(names) else -1
        is_storage = nested is not None and name == nested[0]
        child = len(names) + 1 if is_storage else -1
        entries.append(_entry(name, 1 if is_storage else 2, right=right, child=child))
    if nested:
        entries.append(_entry(nested[1], 2))
    directory = b"".join(entries).ljust(512 * ((len(entries) + 3) // 4), b"\x00")
    directory_sectors = len(directory) // 512
    fat = [-3] + [sector + 1 for sector in range(1, directory_sectors)] + [-2]  # FAT, chain
    fat_sector = struct.pack(f"<{len(fat)}i", *fat).ljust(512, b"\xff")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<iiiiIiiii", 0, 1, 1, 0, 4096, -2, 0, -2, 0)
        + struct.pack("<109i", 0, *([-1] * 108))
    )
    assert len(header) == 512
    return header + fat_sector + directory


def doc() -> bytes:
    return ole("WordDocument", "1Table", "\x05SummaryInformation")


def ppt() -> bytes:
    return ole("PowerPoint Document", "Current User")
