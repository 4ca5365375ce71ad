"""The child record form's data and the cleaning that readies it for saving.

:class:`ChildForm` holds everything the paper form asks for: the child, the family and
each guardian (:class:`GuardianForm`); the ``*_FORM_FIELDS`` constants name the fields
each part stores. :func:`clean_form` checks and normalises a form as far as the actor may
write it, into a :class:`CleanedForm` (values ready to store, and the (field, message)
errors found); :class:`FieldErrors` is how a save reports those errors. :func:`merge_forms`
fills an existing record's empty fields from a typed one. Saving itself is in
:mod:`.child_records`, which re-exports the public names here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liushou_desktop.domain import vocab
from liushou_desktop.domain.child_history import HEALTH_FORM_FIELDS, PHONE_FIELDS
from liushou_desktop.domain.eligibility import Eligibility
from liushou_desktop.domain.id_numbers import check_consistency, validate_id_number
from liushou_desktop.domain.names import canonical_class_name, normalize_person_name
from liushou_desktop.domain.permissions import SEE_FULL_ID, SEE_HEALTH, SEE_PHONES, Actor, allowed
from liushou_desktop.domain.phones import normalize_phone
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

PHOTO_MAX_BYTES = 30_000
# The people of the paper form, in its order; "other" is an entrusted guardian who is
# neither a parent nor a grandparent.
FORM_RELATIONS = tuple(vocab.RELATIONS)
CHILD_FORM_FIELDS = (
    "name",
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
    "medical_history",
    "boarding",
    "schooling_stage",
    "both_parents_away",
    "one_parent_away_other_unable",
    "unable_parent",
    "guardianship_type",
    "categories",
    "hobbies",
    "personality",
    "care_needs",
    "care_measures",
    "mentor_id",
    "photo",
)
FAMILY_FORM_FIELDS = ("address", "home_phone", "income_sources", "assistance")
GUARDIAN_FORM_FIELDS = (
    "name",
    "relation_note",
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
)
_CODED = {
    "sex": vocab.SEX,
    "health": vocab.HEALTH,
    "schooling_stage": vocab.SCHOOLING_STAGES,
    "guardianship_type": vocab.GUARDIANSHIP_TYPES,
    "unable_parent": {"father": "", "mother": ""},
}
_LISTS = {
    "categories": vocab.CATEGORIES,
    "income_sources": vocab.INCOME_SOURCES,
    "assistance": vocab.ASSISTANCE,
}


@dataclass
class GuardianForm:
    """One person of the family as the form edits them; ``id`` None for a new person.

    ``id_number`` and ``phone`` hold masked text when the role may not see them; such
    values are never written back.
    """

    relation: str
    id: str | None = None
    name: str = ""
    relation_note: str = ""
    birth_date: date | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    occupation: str = ""
    health: str = ""
    work_province: str = ""
    work_city: str = ""
    employer: str = ""
    employer_address: str = ""
    employer_phone: str = ""
    works_away: bool = False
    is_entrusted_guardian: bool = False

    def is_blank(self) -> bool:
        return not any(
            getattr(self, f) for f in GUARDIAN_FORM_FIELDS if f != "is_entrusted_guardian"
        )


@dataclass
class ChildForm:
    """A child's whole record for the edit form; ``child_id`` None for a new child.

    ``class_name`` is the class as typed (一(1)班 and 一年级1班 are the same class).
    ``family_id`` is the household shared with siblings (set by :meth:`new_form` when
    linking a new child to a sibling's family). The ``can_*`` flags say what the role
    may see (hidden values are masked or empty and never saved); ``read_only`` is set
    for roles that may not edit. ``status``, ``confirmed_on`` and ``eligibility`` are
    for display only.
    """

    child_id: str | None = None
    name: str = ""
    sex: str = ""
    ethnicity: str = ""
    birth_date: date | None = None
    id_number: str = ""
    student_number: str = ""
    hukou_registered: bool | None = None
    hukou_place: str = ""
    current_address: str = ""
    health: str = "healthy"
    disability_type: str = ""
    disability_grade: str = ""
    illness_type: str = ""
    medical_history: str = ""
    boarding: bool = False
    schooling_stage: str = ""
    both_parents_away: bool | None = None
    one_parent_away_other_unable: bool | None = None
    unable_parent: str = ""
    guardianship_type: str = ""
    categories: list[str] = field(default_factory=list)
    hobbies: str = ""
    personality: str = ""
    care_needs: str = ""
    care_measures: str = ""
    mentor_id: str | None = None
    photo: bytes | None = None
    class_name: str = ""
    family_id: str | None = None
    address: str = ""
    home_phone: str = ""
    income_sources: list[str] = field(default_factory=list)
    assistance: list[str] = field(default_factory=list)
    guardians: list[GuardianForm] = field(default_factory=list)
    status: str = vocab.CHILD_ACTIVE
    confirmed_on: date | None = None
    eligibility: Eligibility | None = None
    can_see_full_id: bool = True
    can_see_phones: bool = True
    can_see_health: bool = True
    read_only: bool = False

    def guardian(self, relation: str) -> GuardianForm:
        """The first person of ``relation``, added (blank) when there is none yet."""
        for person in self.guardians:
            if person.relation == relation:
                return person
        person = GuardianForm(relation=relation)
        self.guardians.append(person)
        return person


class FieldErrors(UserError):
    """The record cannot be saved yet: ``errors`` lists (field, UserError) for the form.

    Field names are ChildForm attributes, ``class_name``, or ``relation.attribute`` for a
    guardian (``father.phone``).
    """

    def __init__(self, errors: list[tuple[str, UserError]]) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The record was not saved: correct the {count} field(s) marked in red.",
            ),
            {"count": len(errors)},
        )
        self.errors = errors


def merge_forms(existing: ChildForm, typed: ChildForm) -> ChildForm:
    """The existing record with its empty fields filled from what was typed (a merge)."""
    merged = dataclasses.replace(
        existing, guardians=[dataclasses.replace(g) for g in existing.guardians]
    )
    for name in (*CHILD_FORM_FIELDS, "class_name", *FAMILY_FORM_FIELDS):
        if getattr(merged, name) in ("", None, []) and getattr(typed, name) not in ("", None, []):
            setattr(merged, name, getattr(typed, name))
    for person in typed.guardians:
        target = merged.guardian(person.relation)
        for name in GUARDIAN_FORM_FIELDS:
            if not getattr(target, name) and getattr(person, name):
                setattr(target, name, getattr(person, name))
    return merged


def field_error(
    field_name: str, message: str, params: dict[str, Any] | None = None
) -> tuple[str, UserError]:
    """One (field, message) error as :class:`FieldErrors` lists them."""
    return field_name, UserError(message, params)


class CleanedForm:
    """Values ready to store, from a ChildForm, and the errors found on the way."""

    def __init__(self) -> None:
        self.child: dict[str, Any] = {}
        self.family: dict[str, Any] = {}
        self.guardians: list[tuple[GuardianForm, dict[str, Any]]] = []
        self.errors: list[tuple[str, UserError]] = []
        self.class_name: Any = None  # names.ClassName, or None for no class

    def attempt(self, field_name: str, fn: Any, *args: Any) -> Any:
        """``fn(*args)``, or None with its UserError recorded against ``field_name``."""
        try:
            return fn(*args)
        except UserError as exc:
            self.errors.append((field_name, exc))
            return None


def clean_form(form: ChildForm, today: date, actor: Actor) -> CleanedForm:
    """Check and normalise the form as far as ``actor`` may write it."""
    see_id, see_phones = allowed(actor, SEE_FULL_ID), allowed(actor, SEE_PHONES)
    see_health = allowed(actor, SEE_HEALTH)
    out = CleanedForm()
    for name in CHILD_FORM_FIELDS:
        if (name in HEALTH_FORM_FIELDS and not see_health) or (name == "id_number" and not see_id):
            continue
        value = getattr(form, name)
        if name in _CODED and value and value not in _CODED[name]:
            raise ValueError(f"{name}: unknown code {value!r}")
        if name in _LISTS:
            value = [code for code in _LISTS[name] if code in value]  # vocab order
        elif isinstance(value, str) and name != "id_number":
            value = value.strip()
        out.child[name] = value
    out.child["name"] = out.attempt("name", normalize_person_name, form.name) or form.name.strip()
    if see_id:
        _clean_child_id(form, today, out)
    birth = out.child.get("birth_date", form.birth_date)
    if birth is not None and birth > today:
        out.errors.append(
            field_error(
                "birth_date",
                QT_TRANSLATE_NOOP(
                    "UserError", "The birth date {date} is after today: correct the birth date."
                ),
                {"date": birth.isoformat()},
            )
        )
    if form.photo is not None and len(form.photo) > PHOTO_MAX_BYTES:
        out.errors.append(
            field_error(
                "photo",
                QT_TRANSLATE_NOOP(
                    "UserError", "The photo is too large ({size} KB): choose a smaller photo."
                ),
                {"size": len(form.photo) // 1000},
            )
        )
    if form.class_name.strip():
        out.class_name = out.attempt("class_name", canonical_class_name, form.class_name)
    for name in FAMILY_FORM_FIELDS:
        value = getattr(form, name)
        if name in _LISTS:
            out.family[name] = [code for code in _LISTS[name] if code in value]
        elif name == "home_phone":
            if see_phones:
                out.family[name] = out.attempt(name, normalize_phone, value) or ""
        else:
            out.family[name] = value.strip()
    for person in form.guardians:
        if person.relation not in vocab.RELATIONS:
            raise ValueError(f"unknown relation {person.relation!r}")
        out.guardians.append((person, _clean_guardian(person, today, see_id, see_phones, out)))
    return out


def _clean_child_id(form: ChildForm, today: date, out: CleanedForm) -> None:
    raw = form.id_number.strip()
    if not raw:
        out.child["id_number"] = None
        return
    info = out.attempt("id_number", lambda v: validate_id_number(v, today=today), raw)
    if info is None:
        return
    out.child["id_number"] = info.number
    empty = out.attempt("id_number", check_consistency, info, form.sex or None, form.birth_date)
    for name in empty or ():
        out.child[name] = getattr(info, name)


def _clean_guardian(
    person: GuardianForm, today: date, see_id: bool, see_phones: bool, out: CleanedForm
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    prefix = person.relation + "."
    for name in GUARDIAN_FORM_FIELDS:
        value = getattr(person, name)
        if name == "id_number":
            if not see_id:
                continue
            if value.strip():
                info = out.attempt(
                    prefix + name, lambda v: validate_id_number(v, today=today), value
                )
                value = info.number if info else None
            else:
                value = None
        elif name in PHONE_FIELDS:
            if not see_phones:
                continue
            value = out.attempt(prefix + name, normalize_phone, value) or ""
        elif name == "name" and value.strip():
            value = out.attempt(prefix + name, normalize_person_name, value) or value.strip()
        elif isinstance(value, str):
            value = value.strip()
        values[name] = value
    return values
