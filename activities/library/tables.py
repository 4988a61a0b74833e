"""The library's sortable columns (``core.tables``); each order is served by an index of
``Resource`` within a district (titles by the stored pinyin key, ``core.sorting``)."""

from __future__ import annotations

from core.tables import Column, Table

LIBRARY_TABLE = Table(
    Column("title", "标题", order=("title_key", "id")),
    Column("kind", "类型", order=("kind", "title_key", "id"), css="nowrap"),
    Column("subject", "学科 / 年级", order=("subject", "grade", "title_key", "id"), css="nowrap"),
    Column("school", "共享学校"),
    Column("scope", "共享范围", css="nowrap"),
    Column("shared_on", "日期", order=("shared_on", "id"), css="nowrap", first="-"),
    Column("downloads", "下载", order=("downloads", "id"), css="num", first="-"),
    default=("-shared_on", "-id"),
)
