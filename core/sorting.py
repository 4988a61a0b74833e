"""Chinese sort order and pinyin initials, stored on the rows so both databases agree.

Names sort by pinyin (柳溪乡, 毛坝镇, 桃源乡), not by code point (柳溪乡, 桃源乡, 毛坝镇). PostgreSQL's ICU
collation would give a different order from SQLite, which has none, so the order is computed here
and stored in a column (``sort_key``) that both databases compare the same way: the key uses only
the characters ``0-9a-z``, whose order is the same under every collation.

A key is two parts:

- the pinyin, one 6-character block per character (syllable without tone, padded with ``0``;
  a digit or Latin letter is its own block; other symbols are dropped), so 西安 (``xi0000an0000``)
  sorts before 先 (``xian00``), as dictionaries do;
- the code points (``0`` and 6 hex digits per character), so homophones (张 / 章) still get a
  fixed order.

Text is normalised first (full-width → half-width, lower case, no spaces or invisible
characters), so ``Ａ小学`` and ``A 小学`` get the same key. Person names read their surname with
the surname reading (曾 zeng, 单 shan, 解 xie, …), which pypinyin has no mode for.

``initials`` (``zxxx`` for 中心小学) lets a search box find a name by its pinyin initials with a
plain ``LIKE`` on both databases.

Models opt in with :class:`SortKeyQuerySet` and a ``fill_sort_keys`` method, so ``save()``,
``bulk_create`` and ``bulk_update`` (also through simple-history's ``*_with_history``) fill them.
"""

from __future__ import annotations

import re

from django.db import models
from pypinyin import lazy_pinyin

from .text import name_key

BLOCK = 6
KEY_CHARS = 32  # characters of a name that take part in the key
SORT_KEY_LENGTH = KEY_CHARS * (BLOCK + 7)
INITIALS_LENGTH = 100

# Surnames whose reading differs from the common reading of the character.
SURNAMES: dict[str, tuple[str, ...]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge",),
    "缪": ("miao",),
    "覃": ("qin",),
    "翟": ("zhai",),
    "乐": ("yue",),
    "种": ("chong",),
    "秘": ("bi",),
    "召": ("shao",),
    "尉": ("yu",),
    "繁": ("po",),
    "那": ("na",),
    "员": ("yun",),
}
_COMPOUND_SURNAMES = [s for s in SURNAMES if len(s) == 2]

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_OTHER = re.compile("[0-9]+|[a-z]|.", re.DOTALL)


def _other(text: str) -> list[str]:
    """Readings of a run without Chinese characters: a Latin letter reads as itself; a number
    as one item ``#`` + its digits (ordered by value in the key); other symbols as ""."""
    return [
        ("#" + token[:9])
        if token.isdigit()
        else token
        if token.isascii() and token.isalpha()
        else ""
        for token in _OTHER.findall(text)
    ]


def _syllables(text: str) -> list[str]:
    """Readings of ``text`` (normalised): pinyin per Chinese character, see ``_other``."""
    out: list[str] = []
    pos = 0
    for run in _HAN.finditer(text):
        out.extend(_other(text[pos : run.start()]))
        han = run.group()
        readings = lazy_pinyin(han, errors=lambda s: [""] * len(s))
        if len(readings) != len(han):  # never seen, but keep one item per character
            readings = [(lazy_pinyin(c, errors=lambda s: [""]) or [""])[0] for c in han]
        out.extend(r.lower() if r.isascii() and r.isalpha() else "" for r in readings)
        pos = run.end()
    out.extend(_other(text[pos:]))
    return out


def _block(reading: str) -> str:
    """A reading as a block of the key. Syllables and letters: padded to 6 with ``0``.
    Numbers: ``1``, the count of digits, the digits, padded to a multiple of 6 (so 2 < 10).
    Every block starts with ``1``-``9`` or a letter, so the ``0`` that starts the code-point
    part ends the pinyin part before any longer name's next block (李1 < 李10)."""
    if reading.startswith("#"):
        digits = reading[1:]
        text = f"1{len(digits)}{digits}"
        return text.ljust(-(-len(text) // BLOCK) * BLOCK, "0")
    return reading.ljust(BLOCK, "0")[:BLOCK]


def _readings(text: str, *, person: bool) -> tuple[str, list[str]]:
    text = name_key(text)[:KEY_CHARS]
    if person and text:
        surname = next((s for s in _COMPOUND_SURNAMES if text.startswith(s)), text[0])
        if surname in SURNAMES:
            return text, list(SURNAMES[surname]) + _syllables(text[len(surname) :])
    return text, _syllables(text)


def sort_key(text: str | None, *, person: bool = False) -> str:
    """The stored key that orders ``text`` by pinyin (see the module docstring)."""
    text, readings = _readings(text or "", person=person)
    spelled = "".join(_block(r) for r in readings if r)
    return spelled + "".join(f"0{ord(c):06x}" for c in text)


def initials(text: str | None, *, person: bool = False) -> str:
    """Pinyin initials of ``text``: ``zxxx`` for 中心小学, ``zs`` for 曾三."""
    _, readings = _readings(text or "", person=person)
    return "".join(r[1:] if r.startswith("#") else r[0] for r in readings if r)[:INITIALS_LENGTH]


def sort_key_field() -> models.CharField:
    return models.CharField(max_length=SORT_KEY_LENGTH, editable=False, default="", db_index=False)


def initials_field() -> models.CharField:
    return models.CharField(max_length=INITIALS_LENGTH, editable=False, default="")


class SortKeyQuerySet(models.QuerySet):
    """Fills the sort keys of models with a ``fill_sort_keys`` method in bulk writes too.

    The model may define ``SORT_KEY_FIELDS`` (the stored fields) and ``SORT_KEY_SOURCES`` (the
    fields they derive from; a ``bulk_update`` of one of those also writes the keys), and a
    classmethod ``sort_keys_updated(objs)`` run after a bulk update that changed them.
    """

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        prepare = getattr(self.model, "prepare_sort_keys", None)
        if prepare is not None:
            prepare(objs)
        for obj in objs:
            obj.fill_sort_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        fields = list(fields)
        sources = set(getattr(self.model, "SORT_KEY_SOURCES", ("name",)))
        touched = bool(sources.intersection(fields))
        if touched:
            prepare = getattr(self.model, "prepare_sort_keys", None)
            if prepare is not None:
                prepare(objs)
            for obj in objs:
                obj.fill_sort_keys()
            fields += [f for f in self.model.SORT_KEY_FIELDS if f not in fields]
        result = super().bulk_update(objs, fields, *args, **kwargs)
        after = getattr(self.model, "sort_keys_updated", None)
        if touched and after is not None:
            after(objs)
        return result
