"""The sortable columns of the community list (``core.tables``); each order is served by an
index of ``Community`` (names by the stored pinyin key, ``core.sorting``)."""

from __future__ import annotations

from core.tables import Column, Table

COMMUNITY_TABLE = Table(
    Column("name", "名称", order=("sort_key", "id")),
    Column("kind", "类型", order=("kind", "sort_key", "id")),
    Column("closeness", "紧密程度"),
    Column("stage", "学段", order=("stage", "sort_key", "id")),
    Column("core", "核心校"),
    Column("members", "成员校 / 上限", css="num"),
    Column("founded", "成立日期", order=("founded_on", "id")),
    default=("sort_key", "id"),
)
