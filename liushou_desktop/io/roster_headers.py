"""Roster column headers: the canonical field names and the header texts that mean them.

A school's roster (花名册) names its columns in many ways: 姓名 / 学生姓名 / 儿童姓名,
身份证号 / 公民身份号码, 父亲电话 / 父亲联系电话, or a merged group cell 父亲 above the
cells 姓名 and 电话. This module turns a header cell's text into a canonical field name
(English snake_case, e.g. ``name``, ``id_number``, ``father_phone``).

Header text is normalised before the look-up (:func:`normalise_header`): NFKC, lower case,
no whitespace (full-width included), no parenthesised notes such as "(必填)" / "（选填）",
no "*" required markers, colons or separators such as "、" and "/".

A header may span several rows. A column's header is then a *path* of parts from top to
bottom, e.g. ``("父亲", "联系电话")`` or ``("父亲", "当前务工地点", "省")``;
:func:`field_for` resolves such a path. A part that names a person (父亲, 母亲, 委托监护人,
监护人, 家长, 祖父 ...) is a *group*: the parts below it name that person's attribute.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType


def _w(words: str) -> tuple[str, ...]:
    """Header texts written as one space-separated string (no header text holds a space)."""
    return tuple(words.split())


# The child's own columns, and the roster's bookkeeping columns, with the header texts
# (before normalisation) that mean them.
_CHILD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "serial": _w("序号 编号 顺序号 序 序列号 no no. #"),
    "name": _w(
        "姓名 学生姓名 儿童姓名 留守儿童姓名 幼儿姓名 孩子姓名 学生名字 名字 儿童名字"
        " 被监护人姓名 留守学生姓名"
    ),
    "sex": _w("性别 学生性别 儿童性别 男/女"),
    "ethnicity": _w("民族 族别 民族成分 民族成份 学生民族 儿童民族"),
    "birth_date": _w("出生日期 出生年月日 出生时间 生日 儿童出生日期 学生出生日期 出生日"),
    "birth_month": _w("出生年月 儿童出生年月 学生出生年月"),
    "age": _w("年龄 儿童年龄 学生年龄 周岁"),
    "id_number": _w(
        "身份证号 身份证号码 公民身份号码 公民身份证号码 身份证 身份证件号码 证件号码 证件号"
        " 居民身份证号码 身份号码 身份证件号 身份证编号 儿童身份证号 儿童身份证号码"
        " 学生身份证号 学生身份证号码 儿童公民身份号码 儿童身份证 学生身份证 学生公民身份号码"
    ),
    "student_number": _w("学籍号 学籍号码 全国学籍号 全国学籍号码 学籍编号 学生学籍号 国家学籍号"),
    "school_number": _w("学号 班内学号"),
    "class_name": _w(
        "班级 班级名称 所在班级 班别 班 就读班级 年级班级 所在年级班级 年级及班级 班级名"
    ),
    "grade": _w("年级 就读年级 所在年级 年级名称"),
    "school": _w("学校 学校名称 就读学校 所在学校 就读学校名称 学校全称"),
    "class_teacher": _w("班主任 班主任姓名"),
    "hukou_registered": _w(
        "是否登记户口 是否有户口 有无户口 户口登记情况 是否已登记户口 户口是否登记"
    ),
    "hukou_type": _w("户口性质 户籍性质 户口类型 户籍类型 户口类别 户籍类别"),
    "hukou_place": _w(
        "户籍所在地 户籍地 户籍地址 户口所在地 户籍 户口地址 户籍所在地址 户口所在地址 户口"
        " 户籍所在地详细地址 户口所在地详细地址"
    ),
    "current_address": _w(
        "现居住地 现住址 现居住地址 家庭住址 居住地址 家庭地址 住址 现家庭住址 家庭详细住址"
        " 详细地址 现居住详细地址 居住地 通讯地址 家庭现住址 地址 现住地址 现居住地详细地址"
        " 联系地址 居住地详细地址"
    ),
    "health": _w("身体情况 身体状况 健康状况 健康情况 身体健康状况"),
    "disability": _w("残疾类别及等级 残疾类别和等级 残疾情况 残疾类型及等级"),
    "disability_type": _w("残疾类别 残疾类型 残疾种类"),
    "disability_grade": _w("残疾等级 残疾级别"),
    "illness_type": _w("患病类型 患病情况 疾病类型 所患疾病 病种 疾病名称 患病种类 患何种疾病"),
    "medical_history": _w("病史 既往病史 疾病史"),
    "boarding": _w(
        "是否寄宿 是否学校寄宿 是否住校 寄宿 住校 是否寄宿生 寄宿生 是否在校寄宿 住宿情况"
        " 是否住宿 寄宿情况 是否在校住宿"
    ),
    "schooling_stage": _w("就学情况 就读情况 就学阶段 在学情况 学段 就学状况"),
    "left_behind_type": _w(
        "留守类型 留守情况 留守儿童类型 留守类别 外出情况 父母外出情况 父母外出务工情况"
        " 外出务工情况"
    ),
    "both_parents_away": _w(
        "父母双方外出 父母双方同时外出 父母均外出 父母双方均外出 父母双方外出务工"
        " 是否父母双方外出 父母都外出 父母双方都外出 父母双方同时外出务工"
    ),
    "one_parent_away_other_unable": _w(
        "父母一方外出、另一方无监护能力 一方外出、另一方无监护能力"
        " 父母一方外出另一方没有监护能力 是否父母一方外出、另一方无监护能力"
    ),
    "unable_parent": _w("无监护能力一方 无监护能力的一方 哪一方无监护能力 无监护能力方"),
    "has_entrusted_guardian": _w("有无委托监护人 是否有委托监护人 是否委托监护 有无受委托监护人"),
    "guardianship_type": _w("监护类型 监护情况 监护状况 监护方式 监护类别 实际监护情况"),
    "income_sources": _w(
        "家庭经济来源 经济来源 家庭收入来源 主要经济来源 家庭主要经济来源 收入来源"
    ),
    "assistance": _w(
        "救助帮扶情况 救助情况 帮扶情况 享受救助情况 受助情况 救助帮扶 享受救助帮扶情况"
    ),
    "home_phone": _w("家庭电话 家庭联系电话 家庭固定电话 住宅电话 家庭联系方式 家庭电话号码 座机"),
    "contact_phone": _w(
        "联系电话 电话 联系方式 手机 手机号码 电话号码 手机号 联系人电话 紧急联系电话"
    ),
    "categories": _w("困境类别 困境儿童类别 儿童类别 特殊类别 困境儿童类型 儿童类型"),
    "hobbies": _w("兴趣爱好 爱好 特长 爱好特长 兴趣特长 特长爱好 兴趣"),
    "personality": _w("性格 性格特点 性格特征 个性 个性特征 个性特点"),
    "mentor": _w(
        "帮扶教师 结对教师 结对帮扶教师 代理家长 帮扶人 结对帮扶人 帮扶责任人 关爱教师"
        " 联系教师 包保教师 帮扶老师 结对老师 代理妈妈 结对帮扶老师 帮扶责任教师"
    ),
    "notes": _w("备注 说明 其他 其它 其他情况 附注 备注说明 其他说明"),
    # Without a group cell: the parents together, or the guardian implied.
    "parent_name": _w("父母姓名"),
    "parent_phone": _w("父母电话 父母联系电话 父母手机 父母手机号码"),
    "guardian_relation": _w(
        "与儿童关系 与被监护人关系 与监护人关系 监护关系 关系 与学生关系 与儿童的关系"
        " 与留守儿童关系"
    ),
}

# The people a group cell can name: field prefix -> header texts.
_GROUP_LABELS: dict[str, tuple[str, ...]] = {
    "father": _w("父亲 父 爸爸 父亲情况 父亲信息 父亲基本情况"),
    "mother": _w("母亲 母 妈妈 母亲情况 母亲信息 母亲基本情况"),
    "guardian": _w(
        "委托监护人 监护人 受委托监护人 被委托监护人 实际监护人 临时监护人 现监护人"
        " 委托监护人情况 委托监护人信息 监护人情况 监护人信息 委托监护人基本情况"
    ),
    "parent": _w("家长"),
    "grandfather": _w("祖父 爷爷"),
    "grandmother": _w("祖母 奶奶"),
    "maternal_grandfather": _w("外祖父 外公 姥爷"),
    "maternal_grandmother": _w("外祖母 外婆 姥姥"),
}

# A person's attributes: attribute -> header texts (as written under a group cell).
_WORKPLACE = _w("务工地点 当前务工地点 外出务工地点 务工地")
_PERSON_ATTRS: dict[str, tuple[str, ...]] = {
    "name": _w("姓名 名字"),
    "phone": _w(
        "电话 联系电话 手机 手机号 手机号码 电话号码 联系方式 联系电话号码 移动电话 联系手机"
    ),
    "id_number": _w(
        "身份证号 身份证号码 公民身份号码 公民身份证号码 身份证 身份证件号码 证件号码 证件号"
        " 居民身份证号码 身份号码"
    ),
    "birth_date": _w("出生日期 出生年月 出生年月日 生日 出生时间"),
    "age": _w("年龄"),
    "work_province": (
        "省",
        "省份",
        "务工省份",
        "务工省",
        "外出务工省份",
        "当前务工省份",
        *(place + suffix for place in _WORKPLACE for suffix in _w("省 省份")),
    ),
    "work_city": (
        "市",
        "城市",
        "市县",
        "务工城市",
        "务工市",
        "当前务工城市",
        *(place + suffix for place in _WORKPLACE for suffix in _w("市 城市 市县")),
    ),
    "workplace": (
        *_WORKPLACE,
        "外出务工地",
        "务工地址",
        "打工地点",
        "工作地点",
        "外出地点",
        "务工所在地",
        "务工去向",
        "外出去向",
        "外出务工去向",
        "务工地区",
    ),
    "employer": _w("工作单位 务工单位 单位 单位名称 工作单位名称 务工单位名称"),
    "employer_phone": _w("单位电话 工作单位电话 单位联系电话"),
    "employer_address": _w("单位地址 工作单位地址 务工单位地址"),
    "occupation": _w("职业 从事职业 从事工作 工作 工种"),
    "health": _w("身体状况 身体情况 健康状况 健康情况"),
    "address": _w(
        "居住地址 住址 家庭住址 现居住地 现住址 居住地 联系地址 地址 现居住地址 家庭地址"
    ),
    "relation": _w(
        "与儿童关系 与被监护人关系 与学生关系 关系 与留守儿童关系 与本人关系 与孩子关系"
        " 与儿童的关系 与学生的关系 亲属关系 称谓"
    ),
    "works_away": _w("是否外出 是否外出务工 外出务工 是否外出打工"),
}

_PARENT_ATTRS = _w(
    "name phone id_number birth_date age work_province work_city workplace employer"
    " employer_phone employer_address occupation health address works_away"
)
_GRANDPARENT_ATTRS = _w("name birth_date age phone id_number health")
# Which attributes each person has: prefix -> attributes (field = prefix + "_" + attribute).
PERSON_ATTRIBUTES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "father": _PARENT_ATTRS,
        "mother": _PARENT_ATTRS,
        "guardian": _w("name relation phone id_number address birth_date age occupation health"),
        "parent": _w("name relation phone id_number occupation workplace address"),
        "grandfather": _GRANDPARENT_ATTRS,
        "grandmother": _GRANDPARENT_ATTRS,
        "maternal_grandfather": _GRANDPARENT_ATTRS,
        "maternal_grandmother": _GRANDPARENT_ATTRS,
    }
)

PERSON_FIELDS: tuple[str, ...] = tuple(
    f"{prefix}_{attr}" for prefix, attrs in PERSON_ATTRIBUTES.items() for attr in attrs
)
# The child's own fields (and the roster's ``serial``), then every canonical field.
CHILD_FIELDS: tuple[str, ...] = tuple(f for f in _CHILD_SYNONYMS if f not in PERSON_FIELDS)
FIELDS: tuple[str, ...] = CHILD_FIELDS + PERSON_FIELDS
# The field a header row must have, and examples of the others, for the error message.
REQUIRED_FIELD = "name"
REQUIRED_HEADER = "姓名"
EXAMPLE_HEADERS = ("性别", "身份证号", "出生日期", "班级")

_DROPPED = re.compile(r"[\s*:、,;.。·・/\\\-_—–~|'\"“”‘’?!]+")
_BRACKETED = re.compile(r"[(\[【〔<《{]([^()\[\]【】〔〕<>《》{}]*)[)\]】〕>》}]")
_UNCLOSED = re.compile(r"[(\[【〔<《{].*$")


def _clean(text: str) -> str:
    """Lower case, without format characters, whitespace and separators."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _DROPPED.sub("", text.casefold())


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, tuple[str, ...]]:
    """The normalised text outside brackets, and the normalised bracketed notes."""
    text = unicodedata.normalize("NFKC", text)
    notes = tuple(n for n in (_clean(m) for m in _BRACKETED.findall(text)) if n)
    outside = _UNCLOSED.sub("", _BRACKETED.sub("", text))
    return _clean(outside), notes


def normalise_header(text: str) -> str:
    """Header text as looked up: NFKC, lower case, no spaces, notes, markers or separators."""
    return _split(text)[0]


def _build_groups() -> dict[str, str]:
    groups: dict[str, str] = {}
    for prefix, labels in _GROUP_LABELS.items():
        for label in labels:
            _add(groups, normalise_header(label), prefix)
    return groups


def _add(table: dict[str, str], key: str, value: str) -> None:
    """Add ``key``; two different meanings for one header text is a bug in the tables."""
    if table.setdefault(key, value) != value:
        raise ValueError(f"header {key!r} means both {table[key]!r} and {value!r}")


def _build_attrs() -> dict[str, str]:
    attrs: dict[str, str] = {}
    for attr, labels in _PERSON_ATTRS.items():
        for label in labels:
            _add(attrs, normalise_header(label), attr)
    return attrs


GROUPS: Mapping[str, str] = MappingProxyType(_build_groups())
ATTRIBUTES: Mapping[str, str] = MappingProxyType(_build_attrs())


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for field, labels in _CHILD_SYNONYMS.items():
        for label in labels:
            _add(table, normalise_header(label), field)
    for group, prefix in GROUPS.items():
        allowed = PERSON_ATTRIBUTES[prefix]
        _add(table, group, f"{prefix}_name")
        for label, attr in ATTRIBUTES.items():
            if attr in allowed:
                _add(table, group + label, f"{prefix}_{attr}")
    for field in FIELDS:  # the canonical names themselves, e.g. "id_number"
        table.setdefault(normalise_header(field), field)
    return table


# Normalised header text -> field.
SYNONYMS: Mapping[str, str] = MappingProxyType(_build_synonyms())


def header_parts(text: str) -> tuple[str, ...]:
    """The normalised parts of one header cell: usually one, two for "电话(父亲)"."""
    core, notes = _split(text)
    for note in notes:
        if note in GROUPS and core:
            return (note, core)  # 联系电话（父亲）
        if core in GROUPS and note in ATTRIBUTES:
            return (core, note)  # 监护人（电话）
    return (core,) if core else ()


def _dedupe(parts: Iterable[str]) -> list[str]:
    """The non-empty parts, without a part repeating the one above it (merged cells)."""
    result: list[str] = []
    for part in parts:
        if part and (not result or result[-1] != part):
            result.append(part)
    return result


def _person_field(prefix: str, rest: Sequence[str]) -> str | None:
    """The field of the person ``prefix`` named by the parts below its group cell."""
    if not rest:
        return f"{prefix}_name"
    attr = ATTRIBUTES.get("".join(rest))
    if attr in PERSON_ATTRIBUTES[prefix]:
        return f"{prefix}_{attr}"
    flat = SYNONYMS.get(rest[-1])  # 父亲 above 父亲电话
    return flat if flat and flat.startswith(prefix + "_") else None


def field_for(parts: Sequence[str]) -> str | None:
    """The field a header path (normalised parts, top to bottom) means, or None."""
    path = _dedupe(parts)
    if not path:
        return None
    for i in range(len(path) - 1, -1, -1):
        prefix = GROUPS.get(path[i])
        if prefix is not None:
            return _person_field(prefix, path[i + 1 :])
    for candidate in ("".join(path), "".join(path[-2:]), path[-1]):
        field = SYNONYMS.get(candidate)
        if field is not None:
            return field
    return None


def field_for_text(text: str) -> str | None:
    """The field one header cell's text means on its own, or None."""
    return field_for(header_parts(text))


def is_group(part: str) -> bool:
    """Whether a normalised header part names a person (父亲, 母亲, 委托监护人 ...)."""
    return part in GROUPS
