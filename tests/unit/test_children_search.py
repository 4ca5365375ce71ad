"""Search as you type over the children list: what each kind of text matches."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from liushou_desktop.domain.children import ChildRow
from liushou_desktop.domain.children_search import ChildrenSearch


def row(
    name: str, pinyin: str, class_name: str = "一年级1班", id_shown: str = "", phone: str = ""
) -> ChildRow:
    initials = "".join(s[0] for s in pinyin.split())
    return ChildRow(
        name,
        name,
        pinyin,
        initials,
        "M",
        date(2018, 1, 1),
        1,
        class_name,
        id_shown,
        "",
        phone,
        True,
    )


ROWS = [
    row("张小明", "zhang xiao ming", "三年级2班", "5205**********123X", "138****5678"),
    row("王小红", "wang xiao hong", "一年级1班", "5205**********4561", "139****0001"),
    row("张晓敏", "zhang xiao min", "一年级1班", "", ""),
    row("阿依·古丽", "a yi gu li", "二年级1班"),
]


def names(query: str) -> list[str]:
    return [r.name for r in ChildrenSearch(ROWS).filter(query)]


def test_pinyin_initials_and_full_pinyin() -> None:
    assert names("zxm") == ["张小明", "张晓敏"]
    assert names("ZXM") == ["张小明", "张晓敏"]
    assert names("zhangxiaom") == ["张小明", "张晓敏"]
    assert names("wxh") == ["王小红"]
    assert names("xm") == []  # initials match from the start


def test_chinese_name_and_class() -> None:
    assert names("小") == ["张小明", "王小红"]
    assert names("一年级1班") == ["王小红", "张晓敏"]
    assert names("古丽") == ["阿依·古丽"]
    assert names(" 张 小 ") == ["张小明"]  # spaces typed by the input method are ignored


def test_digits_match_the_tail_of_the_id_or_phone() -> None:
    assert names("123") == []  # the ID ends in 123X, so 123 is not its tail
    assert names("123x") == names("123X") == ["张小明"]
    assert names("4561") == ["王小红"]
    assert names("5678") == ["张小明"]
    assert names("0001") == ["王小红"]


def test_empty_query_gives_everything_in_order() -> None:
    assert names("") == [r.name for r in ROWS]


@given(st.text(max_size=6))
def test_results_are_always_a_subset_in_the_original_order(query: str) -> None:
    found = names(query)
    positions = [[r.name for r in ROWS].index(n) for n in found]
    assert positions == sorted(positions)
