"""core.files: the type of an upload comes from its content, and a policy names the field."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import files

from . import filesamples as samples

CHARTER_LIKE = files.Policy(label="章程", kinds=(files.PDF, *files.WORD), folder="test")


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.PDF, files.PDF),
        (samples.ooxml("word"), files.DOCX),
        (samples.xlsx(), files.XLSX),
        (samples.ooxml("ppt"), files.PPTX),
        (samples.doc(), files.DOC),
        (samples.xls(), files.XLS),
        (samples.ppt(), files.PPT),
        (samples.JPEG, files.JPEG),
        (samples.PNG, files.PNG),
        (samples.WEBP, files.WEBP),
    ],
    ids=["pdf", "docx", "xlsx", "pptx", "doc", "xls", "ppt", "jpeg", "png", "webp"],
)
def test_sniff_recognises_each_kind_by_content(content, kind):
    assert files.sniff(io.BytesIO(content)) == kind


@pytest.mark.parametrize(
    "content",
    [
        samples.HTML,
        samples.EXE,
        samples.plain_zip(),
        samples.ole("Contents"),  # an OLE file that is not Office
        samples.doc()[:300],  # a truncated OLE header
        b"PK\x03\x04 truncated zip",
        b"",
    ],
    ids=["html", "exe", "plain-zip", "other-ole", "truncated-ole", "truncated-zip", "empty"],
)
def test_sniff_knows_nothing_else(content):
    assert files.sniff(io.BytesIO(content)) is None


def test_an_ole_file_is_judged_by_its_top_level_streams_not_embedded_ones():
    word_with_embedded_workbook = samples.ole("WordDocument", nested=("ObjectPool", "Workbook"))
    workbook_with_embedded_word = samples.ole("Workbook", nested=("MBD0001", "WordDocument"))

    assert files.sniff(io.BytesIO(word_with_embedded_workbook)) == files.DOC
    assert files.sniff(io.BytesIO(workbook_with_embedded_word)) == files.XLS


def test_sniff_leaves_the_file_at_its_start():
    upload = io.BytesIO(samples.ooxml("word"))

    files.sniff(upload)

    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "章程.pdf",
            samples.HTML,
            "「章程」只能上传PDF、Word（.docx）、Word 97-2003（.doc）文件；无法识别此文件的内容"
            "（按文件内容识别，改扩展名无效）。",
        ),
        (
            "章程.docx",
            samples.xlsx(),
            "「章程」只能上传PDF、Word（.docx）、Word 97-2003（.doc）文件；此文件实际是"
            "Excel（.xlsx）文件（按文件内容识别，改扩展名无效）。",
        ),
    ],
    ids=["html-as-pdf", "xlsx-as-docx"],
)
def test_check_refuses_by_content_naming_the_field(name, content, message):
    with pytest.raises(ValidationError) as refused:
        files.check(SimpleUploadedFile(name, content), policy=CHARTER_LIKE)

    assert refused.value.messages == [message]


def test_check_accepts_a_word_file_named_pdf_as_word():
    upload = SimpleUploadedFile("章程.pdf", samples.doc())

    assert files.check(upload, policy=CHARTER_LIKE) == files.DOC


def test_check_refuses_a_file_over_the_policy_limit():
    small = files.Policy(label="照片", kinds=files.IMAGES, folder="test", max_bytes=512 * 1024)
    upload = SimpleUploadedFile("照片.png", samples.PNG + b"\x00" * 600 * 1024)

    with pytest.raises(ValidationError) as refused:
        files.check(upload, policy=small)

    assert refused.value.messages == ["「照片」不能超过 512 KB（此文件 600 KB）。"]


def test_an_ole_directory_over_several_sectors_is_followed_through_the_fat():
    many = samples.ole("\x05SummaryInformation", "1Table", "Data", "ObjectPool", "WordDocument")

    assert len(many) == 512 * 4  # header, FAT, two directory sectors
    assert files.sniff(io.BytesIO(many)) == files.DOC
