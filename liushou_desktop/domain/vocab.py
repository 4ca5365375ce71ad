"""Codes stored in the database and their display labels.

The database stores short English codes; the GUI shows the labels,
translated in the ``Vocab`` context (Chinese by default).
"""

from __future__ import annotations

from liushou_desktop.i18n import QT_TRANSLATE_NOOP

INSTALLATION_SCHOOL = "school"
INSTALLATION_TOWNSHIP = "township"
INSTALLATION_ROLES = {
    INSTALLATION_SCHOOL: QT_TRANSLATE_NOOP("Vocab", "School"),
    INSTALLATION_TOWNSHIP: QT_TRANSLATE_NOOP("Vocab", "Township office"),
}

ROLE_ADMIN = "admin"
ROLE_CLASS_TEACHER = "class_teacher"
ROLE_MENTOR = "mentor"
ROLE_INSPECTOR = "inspector"
ROLE_TOWNSHIP_ADMIN = "township_admin"
ROLE_TOWNSHIP_VIEWER = "township_viewer"
ROLES = {
    ROLE_ADMIN: QT_TRANSLATE_NOOP("Vocab", "Administrator"),
    ROLE_CLASS_TEACHER: QT_TRANSLATE_NOOP("Vocab", "Class teacher"),
    ROLE_MENTOR: QT_TRANSLATE_NOOP("Vocab", "Mentor teacher"),
    ROLE_INSPECTOR: QT_TRANSLATE_NOOP("Vocab", "Read-only inspector"),
    ROLE_TOWNSHIP_ADMIN: QT_TRANSLATE_NOOP("Vocab", "Township administrator"),
    ROLE_TOWNSHIP_VIEWER: QT_TRANSLATE_NOOP("Vocab", "Township viewer"),
}

SEX = {
    "M": QT_TRANSLATE_NOOP("Vocab", "Male"),
    "F": QT_TRANSLATE_NOOP("Vocab", "Female"),
}

CHILD_ACTIVE = "active"
CHILD_STATUSES = {
    CHILD_ACTIVE: QT_TRANSLATE_NOOP("Vocab", "Active"),
    "transferred": QT_TRANSLATE_NOOP("Vocab", "Transferred"),
    "graduated": QT_TRANSLATE_NOOP("Vocab", "Graduated"),
    "parents_returned": QT_TRANSLATE_NOOP("Vocab", "Parents returned"),
    "left": QT_TRANSLATE_NOOP("Vocab", "Left school"),
}

RELATIONS = {
    "father": QT_TRANSLATE_NOOP("Vocab", "Father"),
    "mother": QT_TRANSLATE_NOOP("Vocab", "Mother"),
    "paternal_grandfather": QT_TRANSLATE_NOOP("Vocab", "Paternal grandfather"),
    "paternal_grandmother": QT_TRANSLATE_NOOP("Vocab", "Paternal grandmother"),
    "maternal_grandfather": QT_TRANSLATE_NOOP("Vocab", "Maternal grandfather"),
    "maternal_grandmother": QT_TRANSLATE_NOOP("Vocab", "Maternal grandmother"),
    "other": QT_TRANSLATE_NOOP("Vocab", "Other relative or entrusted person"),
}

HEALTH = {
    "healthy": QT_TRANSLATE_NOOP("Vocab", "Healthy"),
    "disabled": QT_TRANSLATE_NOOP("Vocab", "Disabled"),
    "ill": QT_TRANSLATE_NOOP("Vocab", "Ill"),
}

SCHOOLING_STAGES = {
    "not_in_kindergarten": QT_TRANSLATE_NOOP("Vocab", "Not in kindergarten"),
    "kindergarten": QT_TRANSLATE_NOOP("Vocab", "Kindergarten"),
    "primary": QT_TRANSLATE_NOOP("Vocab", "Primary school"),
    "junior": QT_TRANSLATE_NOOP("Vocab", "Junior middle school"),
    "senior": QT_TRANSLATE_NOOP("Vocab", "Senior high school"),
    "vocational": QT_TRANSLATE_NOOP("Vocab", "Secondary vocational school"),
    "dropped_out": QT_TRANSLATE_NOOP("Vocab", "Dropped out"),
    "not_in_school": QT_TRANSLATE_NOOP("Vocab", "Not in school"),
}

GUARDIANSHIP_TYPES = {
    "none": QT_TRANSLATE_NOOP("Vocab", "No guardian"),
    "parent_unable": QT_TRANSLATE_NOOP("Vocab", "Parent unable to look after the child"),
    "entrusted_insufficient": QT_TRANSLATE_NOOP("Vocab", "Entrusted guardian not able enough"),
    "fair": QT_TRANSLATE_NOOP("Vocab", "Fair"),
    "good": QT_TRANSLATE_NOOP("Vocab", "Good"),
}

INCOME_SOURCES = {
    "migrant_work": QT_TRANSLATE_NOOP("Vocab", "Migrant work"),
    "farming": QT_TRANSLATE_NOOP("Vocab", "Farming and livestock"),
    "government_aid": QT_TRANSLATE_NOOP("Vocab", "Government aid"),
    "relatives": QT_TRANSLATE_NOOP("Vocab", "Help from relatives and friends"),
    "other": QT_TRANSLATE_NOOP("Vocab", "Other"),
}

ASSISTANCE = {
    "dibao": QT_TRANSLATE_NOOP("Vocab", "Minimum living allowance"),
    "temporary": QT_TRANSLATE_NOOP("Vocab", "Temporary assistance"),
    "medical": QT_TRANSLATE_NOOP("Vocab", "Medical assistance"),
    "housing": QT_TRANSLATE_NOOP("Vocab", "Housing assistance"),
    "other": QT_TRANSLATE_NOOP("Vocab", "Other assistance"),
}

CATEGORIES = {
    "hardship": QT_TRANSLATE_NOOP("Vocab", "Hardship"),
    "talent": QT_TRANSLATE_NOOP("Vocab", "Special talent"),
    "disability": QT_TRANSLATE_NOOP("Vocab", "Disability"),
    "priority": QT_TRANSLATE_NOOP("Vocab", "Priority help"),
    # the 困境儿童 categories
    "orphan": QT_TRANSLATE_NOOP("Vocab", "Orphan"),
    "parent_in_prison": QT_TRANSLATE_NOOP("Vocab", "Parent in prison"),
    "homeless": QT_TRANSLATE_NOOP("Vocab", "Street child"),
    "affected_by_aids": QT_TRANSLATE_NOOP("Vocab", "Affected by HIV/AIDS"),
    "drug_family": QT_TRANSLATE_NOOP("Vocab", "Family with drug use"),
    "violence_victim": QT_TRANSLATE_NOOP("Vocab", "Victim of violence"),
}

GRADE_NAMES = {
    1: "一年级",
    2: "二年级",
    3: "三年级",
    4: "四年级",
    5: "五年级",
    6: "六年级",
    7: "七年级",
    8: "八年级",
    9: "九年级",
}

# --- talks (谈心) and the school calendar ---------------------------------------------

TALK_PLANNED = "planned"
TALK_DONE = "done"
TALK_CANCELLED = "cancelled"  # a planned talk dropped (the child left, a re-plan)
TALK_STATUSES = {
    TALK_PLANNED: QT_TRANSLATE_NOOP("Vocab", "Planned"),
    TALK_DONE: QT_TRANSLATE_NOOP("Vocab", "Held"),
    TALK_CANCELLED: QT_TRANSLATE_NOOP("Vocab", "Cancelled"),
}
TALK_FORMS = {
    "face": QT_TRANSLATE_NOOP("Vocab", "Face to face"),  # 面谈
    "phone": QT_TRANSLATE_NOOP("Vocab", "Phone"),  # 电话
    "video": QT_TRANSLATE_NOOP("Vocab", "Video call"),  # 视频
    "home_visit": QT_TRANSLATE_NOOP("Vocab", "Home visit"),  # 家访
}
TALK_TOPICS = {
    "study": QT_TRANSLATE_NOOP("Vocab", "Study"),  # 学习
    "life": QT_TRANSLATE_NOOP("Vocab", "Daily life"),  # 生活
    "mind": QT_TRANSLATE_NOOP("Vocab", "Feelings"),  # 心理
    "safety": QT_TRANSLATE_NOOP("Vocab", "Safety"),  # 安全
    "family": QT_TRANSLATE_NOOP("Vocab", "Family ties"),  # 亲情
}
CONCERN_KINDS = {
    "study_decline": QT_TRANSLATE_NOOP("Vocab", "Serious drop in school work"),  # 学习严重滑坡
    "mental": QT_TRANSLATE_NOOP("Vocab", "Mental health"),  # 心理
    "behaviour": QT_TRANSLATE_NOOP("Vocab", "Behaviour"),  # 行为
    "safety": QT_TRANSLATE_NOOP("Vocab", "Safety"),  # 安全
    "law": QT_TRANSLATE_NOOP("Vocab", "Suspected offence"),  # 涉嫌违法
}
CALENDAR_OFF = "off"
CALENDAR_WORKDAY = "workday"
CALENDAR_DAY_KINDS = {
    CALENDAR_OFF: QT_TRANSLATE_NOOP("Vocab", "Day off"),
    CALENDAR_WORKDAY: QT_TRANSLATE_NOOP("Vocab", "School day (make-up)"),
}

# --- the term's activities (行事历), family contact, growth record ----------------------

ACTIVITY_KINDS = {
    "class_meeting": QT_TRANSLATE_NOOP("Vocab", "Class meeting"),  # 主题班会
    "guardian_meeting": QT_TRANSLATE_NOOP("Vocab", "Guardian meeting"),  # 监护人会/家长会
    "home_visit": QT_TRANSLATE_NOOP("Vocab", "Home visits"),  # 家访
    "family_call": QT_TRANSLATE_NOOP("Vocab", "Family calls and video"),  # 亲情电话/视频
    "letter": QT_TRANSLATE_NOOP("Vocab", "Letters to parents"),  # 书信
    "safety": QT_TRANSLATE_NOOP("Vocab", "Safety education"),  # 安全教育
    "mental_health": QT_TRANSLATE_NOOP("Vocab", "Mental health"),  # 心理健康
    "sports_arts": QT_TRANSLATE_NOOP("Vocab", "Sports and arts"),  # 文体活动
    "reading": QT_TRANSLATE_NOOP("Vocab", "Reading"),  # 读书
    "awards": QT_TRANSLATE_NOOP("Vocab", "Awards"),  # 评选表彰
    "archiving": QT_TRANSLATE_NOOP("Vocab", "Survey and archiving"),  # 摸底与资料归档
    "other": QT_TRANSLATE_NOOP("Vocab", "Other"),  # 其他
}
SAFETY_TOPICS = {
    "drowning": QT_TRANSLATE_NOOP("Vocab", "Drowning prevention"),  # 防溺水
    "traffic": QT_TRANSLATE_NOOP("Vocab", "Traffic safety"),  # 交通
    "fire": QT_TRANSLATE_NOOP("Vocab", "Fire safety"),  # 消防
    "earthquake": QT_TRANSLATE_NOOP("Vocab", "Earthquake drill"),  # 防震
}
ACTIVITY_TARGET_SCHOOL = "school"
ACTIVITY_TARGETS = {
    ACTIVITY_TARGET_SCHOOL: QT_TRANSLATE_NOOP("Vocab", "Whole school"),
    "grades": QT_TRANSLATE_NOOP("Vocab", "Grades"),
    "classes": QT_TRANSLATE_NOOP("Vocab", "Classes"),
    "children": QT_TRANSLATE_NOOP("Vocab", "Chosen children"),
}
ACTIVITY_PLANNED = "planned"
ACTIVITY_HELD = "held"
ACTIVITY_CANCELLED = "cancelled"
ACTIVITY_STATUSES = {
    ACTIVITY_PLANNED: QT_TRANSLATE_NOOP("Vocab", "Planned"),
    ACTIVITY_HELD: QT_TRANSLATE_NOOP("Vocab", "Carried out"),
    ACTIVITY_CANCELLED: QT_TRANSLATE_NOOP("Vocab", "Cancelled"),
}
CONTACT_KINDS = {
    "phone": QT_TRANSLATE_NOOP("Vocab", "Phone"),
    "video": QT_TRANSLATE_NOOP("Vocab", "Video call"),
}
CONTACT_PHONES = {
    "school": QT_TRANSLATE_NOOP("Vocab", "The school's family phone"),  # 亲情电话
    "teacher": QT_TRANSLATE_NOOP("Vocab", "A teacher's phone"),
    "guardian": QT_TRANSLATE_NOOP("Vocab", "The guardian's phone"),
    "other": QT_TRANSLATE_NOOP("Vocab", "Another phone"),
}
PARENT_RELATIONS = ("father", "mother")  # a "contact with a parent" is with one of these
GROWTH_KINDS = {
    "note": QT_TRANSLATE_NOOP("Vocab", "Note"),  # 成长记录 (every two weeks)
    "test": QT_TRANSLATE_NOOP("Vocab", "Test result"),  # 测试成绩
    "award": QT_TRANSLATE_NOOP("Vocab", "Award"),  # 获奖
    "good_news": QT_TRANSLATE_NOOP("Vocab", "Good news"),  # 喜报
    "letter_to_parents": QT_TRANSLATE_NOOP("Vocab", "Letter to the parents"),
    "letter_from_parents": QT_TRANSLATE_NOOP("Vocab", "Letter from the parents"),
    "photo": QT_TRANSLATE_NOOP("Vocab", "Photo"),
}
