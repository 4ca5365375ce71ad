"""The words of the official forms for the codes the database stores.

A roster workbook, the 登记表 and the printed forms are Chinese documents whatever
language the screen is in: 男 / 女, 是 / 否, 健康 / 残疾 / 患病, 小学, 较好... This module
holds those words (the first of each tuple is the one written out) and the other
spellings found in the rosters schools keep (read back on import). Screen labels are
:mod:`liushou_desktop.domain.vocab`, translated by Qt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

YES = "是"
NO = "否"
YES_WORDS = frozenset(
    ["是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "对", "寄宿", "住校", "外出"]
)
NO_WORDS = frozenset(
    ["否", "×", "✗", "✘", "x", "n", "no", "false", "0", "无", "不", "没有", "不是", "走读"]
)


def _words(table: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(dict(table))


SEX: Mapping[str, tuple[str, ...]] = _words({"M": ("男", "m", "male"), "F": ("女", "f", "female")})

HEALTH = _words(
    {
        "healthy": ("健康", "良好", "正常"),
        "disabled": ("残疾",),
        "ill": ("患病", "疾病", "生病"),
    }
)

SCHOOLING_STAGES = _words(
    {
        "not_in_kindergarten": ("未入园", "散居", "未入幼儿园"),
        "kindergarten": ("幼儿园", "学前", "在园"),
        "primary": ("小学",),
        "junior": ("初中", "初级中学"),
        "senior": ("高中", "普通高中"),
        "vocational": ("中职", "职高", "中专", "技校"),
        "dropped_out": ("辍学",),
        "not_in_school": ("不在学", "失学", "未上学"),
    }
)

GUARDIANSHIP_TYPES = _words(
    {
        "none": ("无人监护",),
        "parent_unable": ("父或母无监护能力", "父母无监护能力"),
        "entrusted_insufficient": ("受委托监护人监护能力不足", "委托监护人监护能力不足"),
        "fair": ("一般",),
        "good": ("较好", "良好", "好"),
    }
)

INCOME_SOURCES = _words(
    {
        "migrant_work": ("打工收入", "打工", "务工", "务工收入", "外出务工"),
        "farming": ("种养殖业", "种植", "养殖", "种养殖", "务农"),
        "government_aid": ("政府救助", "政府补助", "救助"),
        "relatives": ("亲朋接济", "亲友接济", "亲戚接济"),
        "other": ("其他", "其它"),
    }
)

ASSISTANCE = _words(
    {
        "dibao": ("低保",),
        "temporary": ("临时救助",),
        "medical": ("医疗救助",),
        "housing": ("住房救助", "危房改造"),
        "other": ("其他", "其它"),
    }
)

CATEGORIES = _words(
    {
        "hardship": ("特困", "特困生", "困难"),
        "talent": ("特长", "特长生"),
        "disability": ("残障", "残疾"),
        "priority": ("重点帮扶对象", "重点帮扶", "重点"),
        "orphan": ("孤儿",),
        "parent_in_prison": ("服刑人员子女", "父母服刑"),
        "homeless": ("流浪", "流浪儿童"),
        "affected_by_aids": ("受艾滋病影响", "艾滋病"),
        "drug_family": ("吸毒家庭", "父母吸毒"),
        "violence_victim": ("受暴力侵害", "受侵害"),
    }
)

RELATIONS = _words(
    {
        "father": ("父亲", "父", "爸爸"),
        "mother": ("母亲", "母", "妈妈"),
        "paternal_grandfather": ("祖父", "爷爷"),
        "paternal_grandmother": ("祖母", "奶奶"),
        "maternal_grandfather": ("外祖父", "外公", "姥爷"),
        "maternal_grandmother": ("外祖母", "外婆", "姥姥"),
        "other": ("其他亲属", "其他"),
    }
)

UNABLE_PARENT = _words({"father": ("父亲", "父"), "mother": ("母亲", "母")})

CHILD_STATUSES = _words(
    {
        "active": ("在校", "在读"),
        "transferred": ("转出", "转学"),
        "graduated": ("毕业",),
        "parents_returned": ("父母返乡", "不再留守"),
        "left": ("离校", "退学"),
    }
)

# The talk record card's words (谈心记录卡) for the codes of vocab.TALK_FORMS, TALK_TOPICS
# and CONCERN_KINDS, in the card's order.
TALK_FORM_WORDS: Mapping[str, str] = {
    "face": "面谈",
    "phone": "电话",
    "video": "视频",
    "home_visit": "家访",
}
TALK_TOPIC_WORDS: Mapping[str, str] = {
    "study": "学习",
    "life": "生活",
    "mind": "心理",
    "safety": "安全",
    "family": "亲情",
}
CONCERN_WORDS: Mapping[str, str] = {
    "study_decline": "学习严重滑坡",
    "mental": "心理",
    "behaviour": "行为",
    "safety": "安全",
    "law": "涉嫌违法",
}

# Several values in one cell: 打工收入、种养殖业 / 低保，临时救助 / 特困;残障
LIST_SEPARATORS = re.compile(r"[、，,;；/／\s]+")
LIST_JOINER = "、"


def word(table: Mapping[str, tuple[str, ...]], code: str) -> str:
    """The form's word for ``code`` ("" for an empty or unknown code)."""
    words = table.get(code)
    return words[0] if words else ""


def words(table: Mapping[str, tuple[str, ...]], codes: list[str]) -> str:
    """Several codes as one cell: the words joined with 、 in the table's order."""
    return LIST_JOINER.join(word(table, c) for c in table if c in codes)


def yes_no(flag: bool | None) -> str:
    """是 / 否, or "" when not known."""
    return "" if flag is None else YES if flag else NO


def _lookup(table: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {w.casefold(): code for code, ws in table.items() for w in ws}


_LOOKUPS: dict[int, dict[str, str]] = {}


def code_for(table: Mapping[str, tuple[str, ...]], text: str) -> str | None:
    """The code a word (or another spelling) means, or None if it means none."""
    lookup = _LOOKUPS.get(id(table))
    if lookup is None:
        lookup = _LOOKUPS[id(table)] = _lookup(table)
    return lookup.get(text.strip().casefold())


def codes_for(table: Mapping[str, tuple[str, ...]], text: str) -> tuple[list[str], list[str]]:
    """The codes a cell listing several words means, and the words it did not know."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in LIST_SEPARATORS.split(text.strip()):
        if not part:
            continue
        code = code_for(table, part)
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return [c for c in table if c in codes], unknown


def parse_yes_no(text: str) -> bool | None:
    """True / False for the yes and no words, None for anything else."""
    value = text.strip().casefold()
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    return None
