"""The child's record: saving with helpful validation, duplicates, families, status history,
the timeline, confirmation and the list's filters."""

from datetime import date

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    Child,
    ChildStatusChange,
    Guardian,
    SchoolClass,
    Teacher,
)
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.child_form_data import (
    PHOTO_MAX_BYTES,
    ChildForm,
    FieldErrors,
    merge_forms,
)
from liushou_desktop.domain.children import ChildFilter, ChildrenService
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.permissions import EDIT_CHILD, ROLE_TABLE, Actor, PermissionDenied
from tests.helpers import FakeClock

BOY_ID = make_id_number("520526", date(2015, 3, 12), 11)  # odd sequence: male
GIRL_ID = make_id_number("520526", date(2016, 7, 1), 22)


@pytest.fixture
def admin(school_db: Database) -> Actor:
    return AccountService(school_db).sign_in("admin", "correct horse").actor()


@pytest.fixture
def service(school_db: Database, clock: FakeClock) -> ChildrenService:
    return ChildrenService(school_db, clock)


def new_child(service: ChildrenService, admin: Actor, **values: object) -> str:
    form = service.new_form(admin)
    for key, value in values.items():
        setattr(form, key, value)
    result = service.save(admin, form)
    assert result.saved and result.child_id
    return result.child_id


def load(db: Database, child_id: str) -> Child:
    with db.session_scope("t") as session:
        child = session.get(Child, child_id)
        assert child is not None
        session.expunge(child)
        return child


def field_errors(service: ChildrenService, admin: Actor, form: ChildForm) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught:
        service.save(admin, form)
    return {name: str(error) for name, error in caught.value.errors}


def test_an_incomplete_record_saves_and_is_normalised(
    school_db: Database, service: ChildrenService, admin: Actor
) -> None:
    form = service.new_form(admin)
    form.name = "孙　丽"
    form.id_number = " ５２０５２６" + GIRL_ID[6:-1] + GIRL_ID[-1].lower()
    form.class_name = "一(1)班"
    father = form.guardian("father")
    father.name, father.phone = "孙 大", "138 1234 5678"
    result = service.save(admin, form)
    assert result.saved and result.created
    child = load(school_db, result.child_id or "")
    assert (child.name, child.name_initials, child.id_number) == ("孙丽", "sl", GIRL_ID)
    assert (child.sex, child.birth_date) == ("F", date(2016, 7, 1))  # read from the ID
    with school_db.session_scope("t") as session:
        klass = session.get(SchoolClass, child.class_id)
        assert klass is not None and (klass.name, klass.grade) == ("一年级1班", 1)
        stored = session.scalars(select(Guardian).where(Guardian.family_id == child.family_id))
        assert [(g.relation, g.name, g.phone) for g in stored] == [
            ("father", "孙大", "13812345678")
        ]
    row = next(r for r in service.list_active(admin) if r.id == child.id)
    assert row.missing == ("guardianship", "consent")
    # the same class written another way is the same class
    other = new_child(service, admin, name="王五", class_name="1年级1班")
    assert load(school_db, other).class_id == child.class_id
    assert "guardian" in next(r for r in service.list_active(admin) if r.id == other).missing
    assert result.eligibility is not None and not result.eligibility.counted


def test_only_what_identifies_the_child_blocks_the_save(
    service: ChildrenService, admin: Actor
) -> None:
    form = service.new_form(admin)
    form.id_number = BOY_ID[:-1] + ("0" if BOY_ID[-1] != "0" else "1")
    form.guardian("mother").phone = "1381234"
    form.class_name = "十五年级"
    errors = field_errors(service, admin, form)
    assert set(errors) == {"name", "id_number", "mother.phone", "class_name"}
    assert "check digit" in errors["id_number"]
    form = service.new_form(admin)
    form.name, form.id_number, form.sex = "李四", BOY_ID, "F"
    assert "male" in field_errors(service, admin, form)["id_number"]
    form.sex, form.birth_date = "", date(2015, 3, 13)
    assert "birth date" in field_errors(service, admin, form)["id_number"]
    form.birth_date, form.photo = None, b"x" * (PHOTO_MAX_BYTES + 1)
    assert set(field_errors(service, admin, form)) == {"photo"}


def test_duplicates_are_offered_to_open_or_keep(
    school_db: Database, service: ChildrenService, admin: Actor
) -> None:
    first = new_child(service, admin, name="张小明", id_number=BOY_ID, hobbies="画画")
    form = service.new_form(admin)
    form.name, form.id_number, form.personality = "张晓明", BOY_ID, "开朗"
    result = service.save(admin, form)
    assert not result.saved and [d.id for d in result.duplicates] == [first]
    assert result.duplicates[0].same_id_number
    merged = merge_forms(service.editable(admin, result.duplicates[0].id), form)
    assert (merged.child_id, merged.name, merged.hobbies, merged.personality) == (
        first,
        "张小明",
        "画画",
        "开朗",
    )
    assert service.save(admin, merged).saved
    assert load(school_db, first).personality == "开朗"
    # without an ID: the same name and birth date
    new_child(service, admin, name="刘一", birth_date=date(2017, 1, 2))
    form = service.new_form(admin)
    form.name, form.birth_date = "刘一", date(2017, 1, 2)
    assert len(service.save(admin, form).duplicates) == 1
    kept = service.save(admin, form, allow_duplicate=True)
    assert kept.saved and kept.child_id
    with school_db.session_scope("t") as session:
        assert len(session.scalars(select(Child).where(Child.name == "刘一")).all()) == 2


def test_siblings_share_one_family_and_a_new_phone_is_changed_once(
    school_db: Database, service: ChildrenService, admin: Actor
) -> None:
    form = service.new_form(admin)
    form.name = "赵一"
    form.address = "新场镇龙井村"
    form.guardian("father").name, form.guardian("father").phone = "赵大", "13800000001"
    grandma = form.guardian("paternal_grandmother")
    grandma.name, grandma.is_entrusted_guardian = "钱婆", True
    elder = service.save(admin, form).child_id or ""
    form = service.new_form(admin, link_family_of=elder)
    assert form.address == "新场镇龙井村" and form.guardian("father").name == "赵大"
    form.name = "赵二"
    younger = service.save(admin, form).child_id or ""
    assert load(school_db, younger).family_id == load(school_db, elder).family_id
    record = service.editable(admin, younger)
    record.guardian("father").phone = "139 0000 0002"
    service.save(admin, record)
    assert service.editable(admin, elder).guardian("father").phone == "13900000002"
    with school_db.session_scope("t") as session:
        assert len(session.scalars(select(Guardian)).all()) == 2
        edits = session.scalars(
            select(AuditEntry.detail).where(
                AuditEntry.action == "child_edit", AuditEntry.object_id == younger
            )
        ).all()
    assert any('"field":"father.phone"' in d and "13900000002" in d for d in edits)
    rows = {r.id: r for r in service.list_active(admin)}
    assert rows[elder].guardian_name == "钱婆" and "guardian" not in rows[elder].missing


def test_status_history_timeline_and_lists(
    school_db: Database, service: ChildrenService, admin: Actor, clock: FakeClock
) -> None:
    child_id = new_child(service, admin, name="周七", class_name="三年级2班")
    record = service.editable(admin, child_id)
    record.hobbies = "唱歌"
    service.save(admin, record)
    service.record_consent(admin, child_id, date(2026, 9, 3), "written", "周大")
    service.change_status(admin, child_id, "transferred", date(2026, 11, 1), "转到县城")
    assert child_id not in {r.id for r in service.list_active(admin)}
    everyone = service.list_children(admin, ChildFilter(status=None))
    assert child_id in {r.id for r in everyone}
    moved = service.list_children(admin, ChildFilter(status="transferred"))
    assert [(r.id, r.status) for r in moved] == [(child_id, "transferred")]
    with pytest.raises(Exception, match="already"):
        service.change_status(admin, child_id, "transferred", date(2026, 11, 2))
    service.change_status(admin, child_id, "active", date(2026, 11, 20), "回来了")
    assert load(school_db, child_id).status_date == date(2026, 11, 20)
    with school_db.session_scope("t") as session:
        changes = session.scalars(select(ChildStatusChange).order_by(ChildStatusChange.changed_on))
        assert [(c.previous_status, c.status) for c in changes] == [
            ("active", "transferred"),
            ("transferred", "active"),
        ]
    timeline = service.timeline(admin, child_id)
    kinds = [t.kind for t in timeline]
    assert timeline[0].kind == "status" and timeline[0].new == "active"
    assert [t.at for t in timeline] == sorted((t.at for t in timeline), reverse=True)
    assert kinds.count("status") == 2 and {"consent", "registered", "edit"} <= set(kinds)
    edit = next(t for t in timeline if t.kind == "edit")
    assert (edit.field, edit.old, edit.new) == ("hobbies", "", "唱歌")
    assert service.confirm(admin, [child_id], date(2026, 11, 21)) == 1
    assert load(school_db, child_id).confirmed_on == date(2026, 11, 21)


def test_filters_by_grade_class_category_and_incomplete(
    service: ChildrenService, admin: Actor
) -> None:
    a = new_child(service, admin, name="甲", class_name="一年级1班", categories=["talent"])
    new_child(service, admin, name="乙", class_name="二年级1班", guardianship_type="good")
    rows = service.list_active(admin)
    grade_one = ChildFilter(grade=1).apply(rows)
    assert [r.id for r in grade_one] == [a]
    assert [r.id for r in ChildFilter(category="talent").apply(rows)] == [a]
    class_id = rows[0].class_id
    assert [r.id for r in service.list_children(admin, ChildFilter(class_id=class_id))] == [a]
    assert len(ChildFilter(incomplete_only=True).apply(rows)) == 2


def test_who_may_edit_and_what_a_masked_value_does(
    school_db: Database, service: ChildrenService, admin: Actor, clock: FakeClock
) -> None:
    child_id = new_child(service, admin, name="吴八", id_number=BOY_ID)
    accounts = AccountService(school_db, clock)
    accounts.create_account(admin, "insp", "检查员", "inspector", password="inspector pass 1")
    inspector = Actor(username="insp", role="inspector")
    form = service.editable(inspector, child_id)
    assert form.read_only and "*" in form.id_number and form.health == ""
    with pytest.raises(PermissionDenied):
        service.save(inspector, form)
    with pytest.raises(PermissionDenied):
        service.change_status(inspector, child_id, "left", date(2026, 11, 1))
    assert service.timeline(inspector, child_id)


def test_masked_values_are_never_saved_back(
    school_db: Database, service: ChildrenService, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_id = new_child(service, admin, name="郑九", id_number=BOY_ID)
    with school_db.session_scope("t") as session:
        child = session.get(Child, child_id)
        assert child is not None
        school_id = child.school_id
        teacher = Teacher(school_id=school_id, name="冯老师")
        session.add(teacher)
        session.flush()
        child.mentor_id = teacher.id
        teacher_id = teacher.id
    # a role that may edit but not see full ID numbers (none does today)
    monkeypatch.setitem(ROLE_TABLE, EDIT_CHILD, frozenset({"admin", "mentor"}))
    mentor = Actor(username="m", role="mentor", teacher_id=teacher_id)
    form = service.editable(mentor, child_id)
    assert form.id_number != BOY_ID and "*" in form.id_number and not form.read_only
    form.hobbies = "跑步"
    assert service.save(mentor, form).saved
    stored = load(school_db, child_id)
    assert (stored.id_number, stored.hobbies) == (BOY_ID, "跑步")
    assert service.mentor_choices(admin) == [(teacher_id, "冯老师")]


def test_the_incomplete_count_is_the_rows_the_list_marks_incomplete(
    school_db: Database, service: ChildrenService, admin: Actor, clock: FakeClock
) -> None:
    complete = new_child(
        service,
        admin,
        name="张全",
        id_number=BOY_ID,
        class_name="一(1)班",
        guardianship_type="good",
    )
    form = service.editable(admin, complete)
    form.guardian("paternal_grandmother").name = "张奶奶"
    service.save(admin, form)
    service.record_consent(admin, complete, date(2026, 9, 5), "written", "张奶奶")
    no_consent = new_child(
        service,
        admin,
        name="李缺",
        id_number=GIRL_ID,
        class_name="一(1)班",
        guardianship_type="good",
    )
    form = service.editable(admin, no_consent)
    form.guardian("father").name = "李大"
    service.save(admin, form)
    bare = new_child(service, admin, name="王空")
    service.record_consent(admin, bare, date(2026, 9, 5), "oral", "王父")
    unnamed = new_child(service, admin, name="赵名", id_number="", class_name="二(1)班")
    form = service.editable(admin, unnamed)
    form.guardian("mother").phone = "13812345678"  # a guardian without a name counts as none
    service.save(admin, form)
    left = new_child(service, admin, name="钱走")
    service.change_status(admin, left, "transferred", date(2026, 10, 1))

    rows = service.list_children(admin)
    missing = {r.name: r.missing for r in rows}
    assert missing["张全"] == ()
    assert missing["李缺"] == ("consent",)
    assert "guardian" in missing["赵名"] and "consent" not in missing["王空"]
    assert "钱走" not in missing  # not active: counted nowhere
    counts = service.counts(admin)
    assert counts.incomplete_records == sum(1 for r in rows if r.missing) == 3
    assert counts.children_active == 4
