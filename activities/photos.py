"""Photos re-encoded before they are stored: the pixels only, no metadata.

A phone's JPEG carries EXIF (camera, time, often the GPS position of a village school). Pillow
decodes the image and writes a new JPEG from the pixels alone, so nothing of the upload's bytes
survives — a PNG/HTML polyglot or a payload after the image data is gone too. A file that Pillow
cannot decode, or whose pixel count is absurd (a decompression bomb), is refused.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 48-megapixel phone photo is ~48M; beyond that we shrink or refuse
LONG_SIDE = 2560  # stored photos: long side at most
THUMB_SIDE = 320
QUALITY = 85


def _decode(upload) -> Image.Image:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("「照片」像素过多（超过 4000 万像素），请缩小后再上传。")
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ValidationError("「照片」无法识别为有效的图片，文件可能已损坏。") from error
    finally:
        upload.seek(0)
    image = ImageOps.exif_transpose(image)  # keep the orientation the phone meant
    return image.convert("RGB")


def _jpeg(image: Image.Image, side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side))
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=QUALITY, optimize=True)  # no exif= : none written
    return out.getvalue()


def reencode(upload, name: str) -> tuple[SimpleUploadedFile, SimpleUploadedFile]:
    """(the photo, its thumbnail) as new JPEG uploads named after ``name``."""
    image = _decode(upload)
    stem = name.rsplit(".", 1)[0] or "照片"
    photo = SimpleUploadedFile(f"{stem}.jpg", _jpeg(image, LONG_SIDE), "image/jpeg")
    thumb = SimpleUploadedFile(f"{stem}-缩略图.jpg", _jpeg(image, THUMB_SIDE), "image/jpeg")
    return photo, thumb
