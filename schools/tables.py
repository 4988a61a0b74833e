"""The sortable columns of the school and teacher lists (``core.tables``).

Every sortable column's order is served by an index of ``School`` / ``Teacher`` (see their
``Meta.indexes``); names sort by the stored pinyin keys (``core.sorting``).
"""

from __future__ import annotations

from core.tables import Column, Table

SCHOOL_TABLE = Table(
    Column("name", "学校名称", order=("sort_key", "id")),
    Column("code", "学校标识码", order=("code", "id")),
    Column("stage", "学段", order=("stage", "sort_key", "id")),
    Column("locale", "城乡类别", order=("locale", "sort_key", "id")),
    Column("township", "乡镇/街道", order=("township", "sort_key", "id")),
    Column("parent", "上级学校"),
    Column("community", "所属教共体"),
    Column("students", "在校学生数", order=("students", "id"), css="num", first="-"),
    Column("teachers", "教师数", css="num"),
    # Central schools with their village schools and teaching points beneath them.
    default=("tree_key", "id"),
    default_label="按中心校分组",
)

TEACHER_TABLE = Table(
    Column("name", "姓名", order=("sort_key", "id")),
    Column("school", "所在学校", order=("school_key", "sort_key", "id")),
    Column("subjects", "任教学科"),
    Column("title", "职称", order=("title", "sort_key", "id")),
    Column("backbone", "骨干级别", order=("backbone_level", "sort_key", "id")),
    Column("education", "最高学历", order=("education", "sort_key", "id")),
    # More years at the school = joined earlier.
    Column("years", "本校年限", order=("-joined_school_on", "id"), css="num", first="-"),
    Column("eligible", "可交流轮岗"),
    default=("school_key", "sort_key", "id"),
)
