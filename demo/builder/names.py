"""Fictional Chinese personal names for the demo county, drawn from a seeded random generator.

Surnames are weighted roughly by how common they are; given names are one or two characters
from gendered pools. Every name is generated, none belongs to a real person on purpose.
"""

from __future__ import annotations

import random

# (surname, weight): the common surnames first, a tail of rarer ones.
SURNAMES: list[tuple[str, int]] = [
    ("王", 72),
    ("李", 70),
    ("张", 66),
    ("刘", 54),
    ("陈", 47),
    ("杨", 33),
    ("黄", 24),
    ("赵", 22),
    ("吴", 21),
    ("周", 20),
    ("徐", 17),
    ("孙", 16),
    ("马", 15),
    ("朱", 14),
    ("胡", 13),
    ("郭", 12),
    ("何", 12),
    ("高", 11),
    ("林", 11),
    ("罗", 10),
    ("郑", 10),
    ("梁", 9),
    ("谢", 8),
    ("宋", 7),
    ("唐", 7),
    ("许", 7),
    ("韩", 6),
    ("冯", 6),
    ("邓", 6),
    ("曹", 6),
    ("彭", 5),
    ("曾", 5),
    ("肖", 5),
    ("田", 5),
    ("董", 5),
    ("袁", 4),
    ("潘", 4),
    ("于", 4),
    ("蒋", 4),
    ("蔡", 4),
    ("余", 4),
    ("杜", 4),
    ("叶", 4),
    ("程", 4),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 3),
    ("沈", 3),
    ("姚", 3),
    ("卢", 3),
    ("姜", 3),
    ("崔", 3),
    ("钟", 3),
    ("谭", 3),
    ("陆", 2),
    ("汪", 2),
    ("范", 2),
    ("金", 2),
    ("石", 2),
    ("廖", 2),
    ("贾", 2),
    ("夏", 2),
    ("韦", 2),
    ("付", 2),
    ("方", 2),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("薛", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("龙", 2),
    ("史", 1),
    ("陶", 1),
    ("黎", 1),
    ("贺", 1),
    ("顾", 1),
    ("毛", 1),
    ("郝", 1),
    ("龚", 1),
    ("邵", 1),
    ("万", 1),
    ("覃", 1),
    ("向", 1),
    ("汤", 1),
    ("欧阳", 1),
    ("司马", 1),
]

FEMALE_CHARS = (
    "丽 娟 敏 静 燕 艳 芳 霞 玲 红 婷 雪 琳 颖 慧 梅 兰 莉 倩 晶 瑶 洁 蓉 萍 珊 露 璐 欣 悦 怡 "
    "佳 雯 琪 菲 薇 岚 晓 春 秋 月 桂 凤 秀 英 华 彤 妍 楠 蕾 琴 雅 婧 思 诗 梦 馨 琼 莹 虹"
).split()
MALE_CHARS = (
    "伟 强 军 勇 杰 涛 斌 明 超 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 凯 健 俊 帆 磊 峰 毅 林 东 晨 阳 "
    "建 国 志 文 德 海 成 兵 亮 龙 江 松 祥 坤 旭 博 远 航 睿 哲"
).split()
NEUTRAL_CHARS = "文 华 明 玉 春 晓 永 世 子 一 云 天 清 家 新 嘉 安 宏 金 兴".split()


class NameGenerator:
    """Draws names from a random generator owned by the caller (so the whole seed is one stream)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._surnames = [s for s, _ in SURNAMES]
        self._weights = [w for _, w in SURNAMES]

    def surname(self) -> str:
        return self.rng.choices(self._surnames, weights=self._weights, k=1)[0]

    def given(self, female: bool) -> str:
        pool = FEMALE_CHARS if female else MALE_CHARS
        if self.rng.random() < 0.22:
            return self.rng.choice(pool)
        first = self.rng.choice(pool + NEUTRAL_CHARS)
        second = self.rng.choice(pool)
        if second == first:
            second = self.rng.choice(pool)
        return first + second

    def full(self, female: bool) -> tuple[str, str]:
        """(surname, given name)."""
        return self.surname(), self.given(female)
