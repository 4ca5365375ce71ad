"""The words for a field of a child's, family's or guardian's record where it is named
away from its box in the form: the history tab ("兴趣爱好: 画画 → 打篮球") and the sync
conflicts list. They are the child form's own labels (context ``ChildFormDialog``, so
they share its translations); a test checks that they stay the form's labels."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from liushou_desktop.domain import vocab
from liushou_desktop.gui.translations import tr_vocab
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

CONTEXT = "ChildFormDialog"

CHILD: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("ChildFormDialog", "Name"),
    "sex": QT_TRANSLATE_NOOP("ChildFormDialog", "Sex"),
    "ethnicity": QT_TRANSLATE_NOOP("ChildFormDialog", "Ethnicity"),
    "birth_date": QT_TRANSLATE_NOOP("ChildFormDialog", "Birth date"),
    "id_number": QT_TRANSLATE_NOOP("ChildFormDialog", "ID number"),
    "student_number": QT_TRANSLATE_NOOP("ChildFormDialog", "Student number"),
    "hukou_registered": QT_TRANSLATE_NOOP("ChildFormDialog", "Household registered"),
    "hukou_place": QT_TRANSLATE_NOOP("ChildFormDialog", "Household registration place"),
    "current_address": QT_TRANSLATE_NOOP("ChildFormDialog", "Current address"),
    "boarding": QT_TRANSLATE_NOOP("ChildFormDialog", "Boards at school"),
    "schooling_stage": QT_TRANSLATE_NOOP("ChildFormDialog", "Schooling"),
    "both_parents_away": QT_TRANSLATE_NOOP("ChildFormDialog", "Both parents work away"),
    "one_parent_away_other_unable": QT_TRANSLATE_NOOP(
        "ChildFormDialog", "One parent away, the other unable to look after the child"
    ),
    "unable_parent": QT_TRANSLATE_NOOP("ChildFormDialog", "Which parent is unable"),
    "guardianship_type": QT_TRANSLATE_NOOP("ChildFormDialog", "Guardianship"),
    "health": QT_TRANSLATE_NOOP("ChildFormDialog", "Health"),
    "disability_type": QT_TRANSLATE_NOOP("ChildFormDialog", "Disability type"),
    "disability_grade": QT_TRANSLATE_NOOP("ChildFormDialog", "Disability grade"),
    "illness_type": QT_TRANSLATE_NOOP("ChildFormDialog", "Illness"),
    "medical_history": QT_TRANSLATE_NOOP("ChildFormDialog", "Medical history"),
    "categories": QT_TRANSLATE_NOOP("ChildFormDialog", "Categories"),
    "hobbies": QT_TRANSLATE_NOOP("ChildFormDialog", "Hobbies"),
    "personality": QT_TRANSLATE_NOOP("ChildFormDialog", "Personality"),
    "care_needs": QT_TRANSLATE_NOOP("ChildFormDialog", "What the child needs"),
    "care_measures": QT_TRANSLATE_NOOP("ChildFormDialog", "What the school does"),
    "mentor_id": QT_TRANSLATE_NOOP("ChildFormDialog", "Responsible mentor"),
}
FAMILY: dict[str, str] = {
    "address": QT_TRANSLATE_NOOP("ChildFormDialog", "Home address"),
    "home_phone": QT_TRANSLATE_NOOP("ChildFormDialog", "Home phone"),
    "income_sources": QT_TRANSLATE_NOOP("ChildFormDialog", "Family income sources"),
    "assistance": QT_TRANSLATE_NOOP("ChildFormDialog", "Assistance received"),
}
GUARDIAN: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("ChildFormDialog", "Name"),
    "relation_note": QT_TRANSLATE_NOOP("ChildFormDialog", "Relation to the child"),
    "birth_date": QT_TRANSLATE_NOOP("ChildFormDialog", "Birth date"),
    "id_number": QT_TRANSLATE_NOOP("ChildFormDialog", "ID number"),
    "phone": QT_TRANSLATE_NOOP("ChildFormDialog", "Phone"),
    "works_away": QT_TRANSLATE_NOOP("ChildFormDialog", "Works away from home"),
    "work_province": QT_TRANSLATE_NOOP("ChildFormDialog", "Works in province"),
    "work_city": QT_TRANSLATE_NOOP("ChildFormDialog", "Works in city"),
    "employer": QT_TRANSLATE_NOOP("ChildFormDialog", "Employer"),
    "employer_address": QT_TRANSLATE_NOOP("ChildFormDialog", "Employer's address"),
    "employer_phone": QT_TRANSLATE_NOOP("ChildFormDialog", "Employer's phone"),
    "address": QT_TRANSLATE_NOOP("ChildFormDialog", "Address"),
    "occupation": QT_TRANSLATE_NOOP("ChildFormDialog", "Occupation"),
    "health": QT_TRANSLATE_NOOP("ChildFormDialog", "Health"),
}
BY_TABLE = {"child": CHILD, "family": FAMILY, "guardian": GUARDIAN}


def field_label(table: str, field: str) -> str:
    """The form's label of ``table``'s column ``field`` in the user's language (the
    column's name when the form has no box for it)."""
    source = BY_TABLE.get(table, {}).get(field)
    return QCoreApplication.translate(CONTEXT, source) if source else field


def history_field_label(field: str) -> str:
    """The label of a field as the child's history names it: ``hobbies`` (the child's),
    ``family.address``, or ``father.phone`` (a guardian's, with the relation in words)."""
    prefix, _, name = field.rpartition(".")
    if not prefix:
        return field_label("child", name)
    if prefix == "family":
        return field_label("family", name)
    relation = vocab.RELATIONS.get(prefix)
    if relation is None:
        return field
    return f"{tr_vocab(relation)} · {field_label('guardian', name)}"
