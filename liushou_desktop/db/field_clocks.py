"""Per-field clocks of the records that merge field by field (child, family, guardian).

Two installations may change different fields of the same child apart (the school
corrects the address, the township's copy came with a new phone): a sync bundle carries,
for every such field, the clock of its last change, and the merge keeps each field's
newest value. The clocks are kept in :class:`~liushou_desktop.db.models.FieldClock` by
SQLite triggers — one ``AFTER UPDATE`` trigger per table that, for each field whose value
changed, records the row's new clock — so every writer (the ORM, the roster import's
Core updates, a merge) keeps them without thinking about it.

The triggers name the fields they watch; :data:`TRACKED` lists them per table as of the
migration that made them. A migration that adds a column to one of these tables calls
:func:`create_triggers` again with the new list (a test checks the lists against the
models).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Columns every synced row has: stamped on every change, never merged field by field.
META_COLUMNS = ("id", "clock", "changed_by", "origin", "created_at", "updated_at")

# The fields whose clocks are kept, per table (schema 0006).
TRACKED: dict[str, tuple[str, ...]] = {
    "family": (
        "deleted",
        "school_id",
        "address",
        "home_phone",
        "income_sources",
        "assistance",
    ),
    "guardian": (
        "deleted",
        "family_id",
        "relation",
        "relation_note",
        "name",
        "birth_date",
        "id_number",
        "phone",
        "address",
        "occupation",
        "health",
        "work_province",
        "work_city",
        "employer",
        "employer_address",
        "employer_phone",
        "works_away",
        "is_entrusted_guardian",
    ),
    "child": (
        "deleted",
        "school_id",
        "class_id",
        "family_id",
        "name",
        "name_pinyin",
        "name_initials",
        "sex",
        "ethnicity",
        "birth_date",
        "id_number",
        "student_number",
        "hukou_registered",
        "hukou_place",
        "current_address",
        "health",
        "disability_type",
        "disability_grade",
        "illness_type",
        "boarding",
        "schooling_stage",
        "status",
        "status_date",
        "both_parents_away",
        "one_parent_away_other_unable",
        "unable_parent",
        "guardianship_type",
        "categories",
        "hobbies",
        "personality",
        "medical_history",
        "photo",
        "care_needs",
        "care_measures",
        "confirmed_on",
        "anonymised",
        "mentor_id",
        "study_buddy_id",
    ),
}


def trigger_name(table: str) -> str:
    return f"trg_{table}_field_clock"


def trigger_sql(table: str, fields: Sequence[str]) -> str:
    """The ``CREATE TRIGGER`` statement that records the clock of each changed field."""
    inserts = "\n".join(
        f"    INSERT OR REPLACE INTO field_clock (table_name, row_id, field, clock, origin)\n"
        f"    SELECT '{table}', NEW.id, '{field}', NEW.clock, NEW.origin\n"
        f"    WHERE OLD.{field} IS NOT NEW.{field};"
        for field in fields
    )
    return (
        f"CREATE TRIGGER {trigger_name(table)} AFTER UPDATE ON {table}\n"
        f"FOR EACH ROW BEGIN\n{inserts}\nEND"
    )


def create_triggers(execute: Callable[[str], object], tracked: dict[str, tuple[str, ...]]) -> None:
    """(Re)create the triggers of ``tracked`` with ``execute`` (e.g. Alembic's
    ``op.execute``)."""
    for table, fields in tracked.items():
        execute(f"DROP TRIGGER IF EXISTS {trigger_name(table)}")
        execute(trigger_sql(table, fields))


def drop_triggers(execute: Callable[[str], object], tables: Sequence[str]) -> None:
    for table in tables:
        execute(f"DROP TRIGGER IF EXISTS {trigger_name(table)}")
