"""Models of the base app. See ``core.files`` for how stored files are uploaded and served."""

from __future__ import annotations

from pathlib import PurePath

from django.db import models


class StoredFile(models.Model):
    """One uploaded file: stored under a generated name, served only through its owner.

    A file has no visibility of its own. An owner model refers to it with
    ``core.files.protected_file_field`` and the download view asks the owner's visibility rule.
    """

    file = models.FileField("文件", max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        """The extension of the stored name, which follows the sniffed type."""
        return PurePath(self.file.name).suffix.lower()

    @property
    def download_name(self) -> str:
        """The user's file name, with an extension that matches the content.

        A Word file uploaded as ``章程.pdf`` downloads as ``章程.docx``, so the user's program opens it.
        """
        name = PurePath(self.original_name)
        if name.suffix.lower() == self.extension:
            return self.original_name
        return f"{name.stem or '文件'}{self.extension}"
