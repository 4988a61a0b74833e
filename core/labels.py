"""One word per concept: the labels that pages, forms, exports and messages share.

Choice labels live with their choices (``<app>/enums.py``); a concept that appears in more than
one vocabulary or outside a choice list is spelled here once and imported everywhere it is
shown (``tests/test_vocabulary.py`` checks the copies agree and the old spellings are gone).
"""

# School stages that more than one app names.
NINE_YEAR = "九年一贯制"  # never 九年制 (DOMAIN.md §2 accepts both; the platform shows one)

# Where a school is: township or sub-district, one column and one filter.
TOWNSHIP = "乡镇/街道"

# Forms: the empty choice of a select, and the required-field messages, in the style of the
# forms' own messages (请填写教共体名称。/ 请选择学段。).
EMPTY_CHOICE = "请选择"
# Filters: the empty choice of a list filter, and its two buttons.
FILTER_ALL = "全部"
FILTER_SUBMIT = "筛选"
FILTER_CLEAR = "清除"


def required_message(label: str, *, choose: bool = False, upload: bool = False) -> str:
    if upload:
        return f"请上传{label}。"
    return f"请选择{label}。" if choose else f"请填写{label}。"


# Shown on the login page after logging out.
LOGGED_OUT = "您已安全退出。"
