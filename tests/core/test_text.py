"""Text cleaning: invisible format characters never make two names differ."""

import sys
import unicodedata

import pytest

from core.text import clean_digits, clean_text, name_key, strip_format_chars

INVISIBLE = {
    "zero-width space": "\u200b",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "zero-width joiner": "\u200d",
    "left-to-right mark": "\u200e",
    "word joiner": "\u2060",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_format_characters_vanish_from_names_and_keys(char):
    assert clean_text(f"{char}张{char}三 ") == "张三"
    assert name_key(f"城南镇{char}中心小学{char}") == name_key("城南镇中心小学")
    assert clean_digits(f"{char}3301{char}０２") == "330102"


def test_format_character_table_matches_unicodedata():
    every_cf = "".join(
        chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"
    )
    assert strip_format_chars(every_cf + "甲") == "甲"
    # The fast paths of core.text rely on str.isprintable() refusing these and all whitespace
    # but " ".
    assert not any(ch.isprintable() for ch in every_cf)
    assert [
        ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace() and ch.isprintable()
    ] == [" "]
    kept = "".join(
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) not in ("Cf", "Cs")
    )
    assert strip_format_chars(kept) == kept


def test_whitespace_is_collapsed_on_every_path():
    assert clean_text("  张  三\t\u3000李 ") == "张 三 李"
    assert clean_text("张三 ") == "张三"
    assert name_key(" 城南镇　中心 小学\n") == "城南镇中心小学"
    assert name_key("ＡＢ Ｃ") == "abc"
    assert clean_digits(" ３３０ １\xa002 ") == "330102"
