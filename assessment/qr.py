"""A QR code as SVG geometry: one ``<path>`` of the dark modules, drawn by
``templates/assessment/_qr.html`` the same on a page and in a PDF (no image, no script)."""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET = 2  # modules of light margin around the code (scanners need some)


@dataclass(frozen=True)
class QR:
    size: int  # modules per side, margin included
    path: str  # the SVG path of the dark modules, one unit per module
    text: str


def qr_code(text: str) -> QR:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + QUIET} {y + QUIET}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return QR(size=len(matrix) + 2 * QUIET, path="".join(parts), text=text)
