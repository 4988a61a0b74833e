"""The 成员校 cell parser: a pure function, tested on every shape seen in published rosters."""

import pytest

from communities.sheets.roster_parse import (
    ParsedSchool,
    RosterParseError,
    is_division,
    parse_members,
    parse_school,
)


def shape(text):
    return [(p.name, p.children) for p in parse_members(text)]


def test_issue_example():
    text = "城南镇中心小学(城南镇河口教学点、城南镇石门小学)\n江北镇中心小学、江北镇红岩小学、"
    assert shape(text) == [
        ("城南镇中心小学", ["城南镇河口教学点", "城南镇石门小学"]),
        ("江北镇中心小学", []),
        ("江北镇红岩小学", []),
    ]


def test_domain_example_with_full_width_parentheses_and_spaces():
    text = "毛坝镇中心小学（毛坝镇新联小学、毛坝镇联合小学） 高滩镇中心小学、高滩镇绕溪小学"
    assert shape(text) == [
        ("毛坝镇中心小学", ["毛坝镇新联小学", "毛坝镇联合小学"]),
        ("高滩镇中心小学", []),
        ("高滩镇绕溪小学", []),
    ]


@pytest.mark.parametrize("sep", ["、", "，", ",", " ", "\n", "\r\n", "；", ";", "　", "\t"])
def test_every_separator(sep):
    assert shape(f"甲小学{sep}乙小学") == [("甲小学", []), ("乙小学", [])]


def test_trailing_and_repeated_separators_are_ignored():
    assert shape("、甲小学、、乙小学，\n ") == [("甲小学", []), ("乙小学", [])]


def test_separators_inside_parentheses_split_children():
    assert shape("甲中心小学(一村小学，二村教学点 三村小学)") == [
        ("甲中心小学", ["一村小学", "二村教学点", "三村小学"])
    ]


@pytest.mark.parametrize("text", ["城关中学(初中部)", "城关中学（初中部）"])
def test_division_in_parentheses_stays_in_the_name(text):
    assert shape(text) == [("城关中学(初中部)", [])]


@pytest.mark.parametrize(
    "division", ["高中部", "小学部", "东校区", "南校区", "本部", "新校区", "初中部、高中部"]
)
def test_division_words(division):
    assert shape(f"实验学校({division})") == [(f"实验学校({division})", [])]


def test_division_then_children():
    assert shape("一中(初中部)(河口教学点、石门小学)") == [
        ("一中(初中部)", ["河口教学点", "石门小学"])
    ]


def test_child_with_a_division_keeps_it():
    assert shape("城南中学(城南中学(高中部)、石门小学)") == [
        ("城南中学", ["城南中学(高中部)", "石门小学"])
    ]


def test_single_school_in_parentheses_is_a_child():
    assert shape("城南镇中心小学(城南镇河口教学点)") == [("城南镇中心小学", ["城南镇河口教学点"])]


def test_empty_parentheses_are_dropped():
    assert shape("甲小学()、乙小学") == [("甲小学", []), ("乙小学", [])]


@pytest.mark.parametrize("text", [None, "", "  \n 、"])
def test_empty_cell(text):
    assert parse_members(text) == []


@pytest.mark.parametrize(
    "text,message",
    [
        ("甲小学(乙教学点", "缺少右括号"),
        ("甲小学)乙小学", "多了一个右括号"),
        ("(乙教学点、丙教学点)", "括号前缺少学校名称"),
    ],
)
def test_malformed_cells_raise_chinese_errors(text, message):
    with pytest.raises(RosterParseError) as exc:
        parse_members(text)
    assert message in str(exc.value)


def test_full_width_letters_and_digits_are_normalised():
    assert shape("第１小学（Ａ村教学点）") == [("第1小学", ["A村教学点"])]


def test_is_division_rejects_schools():
    assert is_division("初中部") is True
    assert is_division("东校区") is True
    assert is_division("河口教学点") is False
    assert is_division("石门小学") is False
    assert is_division("红星幼儿园") is False


def test_parse_school_single():
    assert parse_school("城关一小（河口教学点）") == ParsedSchool("城关一小", ["河口教学点"])
    assert parse_school("") is None
    with pytest.raises(RosterParseError):
        parse_school("甲小学、乙小学")
