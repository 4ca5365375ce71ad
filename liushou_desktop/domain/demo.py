"""A demo school full of believable (and entirely made-up) children.

``add_children(n)`` adds exactly ``n`` active children to the school that is
set up, or sets up a demo school first. Everything is drawn from a random
generator seeded by the school code and the number of children already
there, so the same command on a fresh data dir gives the same school, and
two schools with different codes draw different ID numbers. About
:data:`CONSENT_SHARE` of the children have a guardian's consent on record
(drawn from a second generator, so the rest of the school stays the same).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import chinese_calendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum import numdb

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Concern,
    ConcernFollowUp,
    Consent,
    Family,
    Guardian,
    MentorAssignment,
    School,
    SchoolClass,
    SchoolTerm,
    Talk,
    Teacher,
    new_uuid,
)
from liushou_desktop.db.sync_meta import (
    ACTOR_KEY,
    Now,
    insert_synced,
    installation_origin,
    local_date,
    utcnow,
)
from liushou_desktop.domain import audit, demo_data, vocab
from liushou_desktop.domain.children import CONSENT_FORMS
from liushou_desktop.domain.demo_activities import add_term_activities
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.domain.setup import SetupRequest, SetupResult, SetupService
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

DEMO_SCHOOL = SetupRequest(
    role=vocab.INSTALLATION_SCHOOL,
    name="新场镇中心小学（演示）",
    code="DEMO000001",
    township_name="新场镇",
    family_phone="0851-8123456",
    emergency_phones="110，120，12355",
    is_demo=True,
)
CLASS_SIZE = 45
MAX_CHILDREN = 300_000
CONSENT_SHARE = 0.95  # children whose guardian's consent is on record
WRITTEN_SHARE = 0.85  # of those, consent given on the paper form (else orally, by phone)
MENTEES = 25  # children per mentor teacher (结对帮扶)
TALK_MONTHS = 3  # whole months before the clock's with talk records (then its own so far)
TALK_SHARE = (0.88, 0.9, 0.94)  # children with a held talk, oldest month first
CONCERN_SHARE = 0.015  # children whose last talk flagged a concern
CONCERN_KIND_WEIGHTS = {"study_decline": 5, "mental": 4, "behaviour": 3, "safety": 2, "law": 1}


@dataclass(frozen=True)
class _Household:
    family: dict[str, Any]
    surname: str
    area: str
    both_parents_away: bool
    entrusted: str  # the entrusted guardian's name: signs the written consent
    parent: str  # the father's name: gives oral consent by phone


@dataclass
class _Rows:
    """New rows, as mappings, inserted in bulk at the end; ``origin`` is this
    installation's id, which new ids are tagged with (see new_uuids)."""

    origin: str
    families: list[dict[str, Any]] = field(default_factory=list)
    guardians: list[dict[str, Any]] = field(default_factory=list)
    children: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    teachers: list[dict[str, Any]] = field(default_factory=list)  # the mentors
    assignments: list[dict[str, Any]] = field(default_factory=list)
    talks: list[dict[str, Any]] = field(default_factory=list)
    concerns: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    # (entrusted guardian, parent) of each child, in the order of ``children``
    givers: list[tuple[str, str]] = field(default_factory=list)

    def new_id(self) -> str:
        return new_uuid(self.origin)


@dataclass(frozen=True)
class DemoResult:
    school_code: str
    children_added: int
    setup: SetupResult | None


def school_year_start(today: date) -> int:
    """The calendar year in which the current school year began (September)."""
    return today.year if today.month >= 9 else today.year - 1


class _Generator:
    def __init__(self, rng: random.Random, today: date, used_ids: set[str]) -> None:
        self.rng = rng
        self.today = today
        self.used_ids = used_ids
        self.counties = rng.sample(demo_data.COUNTY_CODES, 3)
        self._places: dict[str, str] = {}

    def given_name(self, sex: str) -> str:
        pool = demo_data.GIVEN_BOY if sex == "M" else demo_data.GIVEN_GIRL
        chars = [self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2, 2)))]
        if self.rng.random() < 0.01:
            chars[-1] = self.rng.choice(demo_data.RARE_GIVEN)
        return "".join(chars)

    def id_number(self, area: str, birth: date, sex: str) -> str:
        while True:
            seq = self.rng.randrange(0, 1000)
            if (seq % 2 == 1) != (sex == "M"):
                seq = (seq + 1) % 1000
            number = make_id_number(area, birth, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def birth_date(self, first: date, days: int) -> date:
        return first + timedelta(days=self.rng.randrange(days))

    def place_name(self, area: str) -> str:
        """The county's full name, e.g. 贵州省毕节地区纳雍县, from stdnum's table."""
        if area not in self._places:
            info: dict[str, str] = {}
            for _part, props in numdb.get("cn/loc").info(area):
                info.update(props)
            self._places[area] = "".join(
                info.get(key, "") for key in ("province", "prefecture", "county")
            )
        return self._places[area]

    def mobile(self) -> str:
        return self.rng.choice(("13", "15", "18", "17", "19")) + "".join(
            str(self.rng.randrange(10)) for _ in range(9)
        )

    def village_address(self) -> str:
        return (
            f"{self.rng.choice(demo_data.TOWNS)}{self.rng.choice(demo_data.VILLAGES)}"
            f"{self.rng.randrange(1, 12)}组"
        )


class DemoService:
    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def add_children(self, n: int, actor: str) -> DemoResult:
        if not 0 <= n <= MAX_CHILDREN:
            raise UserError(
                QT_TRANSLATE_NOOP("UserError", "Choose a number of children from 0 to {max}."),
                {"max": MAX_CHILDREN},
            )
        setup_service = SetupService(self._db, self._now)
        setup = None
        if setup_service.installation() is None:
            setup = setup_service.set_up(DEMO_SCHOOL, actor)
        info = setup_service.require_installation()
        if info.role != vocab.INSTALLATION_SCHOOL:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "Demo children can only be added at a school, not at a township."
                )
            )
        now = self._now()
        with self._db.session_scope(actor) as session:
            school = session.scalars(select(School).where(School.code == info.code)).one()
            existing = session.scalar(select(func.count()).select_from(Child)) or 0
            used = set(session.scalars(select(Child.id_number).where(Child.id_number.is_not(None))))
            rng = random.Random(f"{school.code}:{existing}")
            gen = _Generator(rng, local_date(now), used)
            self._add(session, school, gen, n, existing + n, now)
            audit.append(
                session,
                actor=actor,
                action="demo_children",
                now=now,
                object_type="school",
                object_id=school.id,
                detail={"children": n},
            )
        return DemoResult(info.code, n, setup)

    def _classes(
        self, session: Session, school: School, gen: _Generator, total: int
    ) -> dict[int, list[SchoolClass]]:
        grades = range(1, 7) if total <= 600 else range(1, 10)
        per_grade = max(1, math.ceil(total / len(grades) / CLASS_SIZE))
        existing = {c.name: c for c in session.scalars(select(SchoolClass))}
        by_grade: dict[int, list[SchoolClass]] = {}
        for grade in grades:
            for k in range(1, per_grade + 1):
                name = f"{vocab.GRADE_NAMES[grade]}{k}班"
                klass = existing.get(name)
                if klass is None:
                    surname = gen.rng.choice(demo_data.SURNAMES)
                    teacher_name = surname + gen.given_name(gen.rng.choice("MF"))
                    teacher = Teacher(
                        school_id=school.id,
                        name=teacher_name,
                        name_pinyin=name_pinyin(teacher_name)[0],
                        phone=gen.mobile(),
                    )
                    session.add(teacher)
                    session.flush()
                    klass = SchoolClass(
                        school_id=school.id, grade=grade, name=name, class_teacher_id=teacher.id
                    )
                    session.add(klass)
                by_grade.setdefault(grade, []).append(klass)
        session.flush()
        return by_grade

    def _add(
        self, session: Session, school: School, gen: _Generator, n: int, total: int, now: datetime
    ) -> None:
        classes = self._classes(session, school, gen, total)
        year0 = school_year_start(gen.today)
        rows = _Rows(installation_origin(session))
        while len(rows.children) < n:
            household = self._household(rows, school, gen)
            siblings = 2 if gen.rng.random() < 0.2 and n - len(rows.children) >= 2 else 1
            for grade in gen.rng.sample(sorted(classes), siblings):
                self._child(rows, school, gen, household, grade, year0, classes)
        _consents(rows, random.Random(f"{school.code}:{total - n}:consent"), gen.today, year0)
        _terms(session, school, year0)
        # Mentors and talks draw from their own generator: the children stay as they were.
        talk_gen = _Generator(random.Random(f"{school.code}:{total - n}:talks"), gen.today, set())
        _mentors(rows, school, talk_gen, year0)
        _talks(rows, talk_gen, str(session.info.get(ACTOR_KEY, "")), now)
        insert_synced(session, Family, rows.families, now)
        insert_synced(session, Guardian, rows.guardians, now)
        insert_synced(session, Teacher, rows.teachers, now)
        insert_synced(session, Child, rows.children, now)
        insert_synced(session, Consent, rows.consents, now)
        insert_synced(session, MentorAssignment, rows.assignments, now)
        insert_synced(session, Talk, rows.talks, now)
        insert_synced(session, Concern, rows.concerns, now)
        insert_synced(session, ConcernFollowUp, rows.follow_ups, now)
        add_term_activities(session, now)

    def _household(self, rows: _Rows, school: School, gen: _Generator) -> _Household:
        rng = gen.rng
        area = rng.choice(gen.counties)
        surname = rng.choice(demo_data.SURNAMES)
        family = dict(
            id=rows.new_id(),
            school_id=school.id,
            address=gen.village_address(),
            income_sources=["migrant_work"] + (["farming"] if rng.random() < 0.5 else []),
            assistance=["dibao"] if rng.random() < 0.1 else [],
        )
        rows.families.append(family)
        year = gen.today.year
        both_away = rng.random() < 0.8
        for relation, sex, age in (
            ("father", "M", rng.randrange(28, 46)),
            ("mother", "F", rng.randrange(26, 44)),
        ):
            birth = gen.birth_date(date(year - age, 1, 1), 365)
            name = surname if relation == "father" else rng.choice(demo_data.SURNAMES)
            away = relation == "father" or both_away
            province, city, employer, area_code = rng.choice(demo_data.WORKPLACES)
            employer_name = city[:2] + rng.choice(demo_data.EMPLOYER_WORDS) + employer.format("")
            rows.guardians.append(
                dict(
                    family_id=family["id"],
                    relation=relation,
                    name=name + gen.given_name(sex),
                    birth_date=birth,
                    id_number=gen.id_number(area, birth, sex),
                    phone=gen.mobile(),
                    works_away=away,
                    work_province=province if away else "",
                    work_city=city if away else "",
                    employer=employer_name if away else "",
                    employer_address=(
                        f"{city}{rng.choice(demo_data.STREETS)}{rng.randrange(1, 300)}号"
                        if away
                        else ""
                    ),
                    employer_phone=(
                        f"{area_code}-{rng.randrange(2, 9)}{rng.randrange(10**6, 10**7 - 1)}"
                        if away and rng.random() < 0.7
                        else ""
                    ),
                    occupation="务工" if away else "务农",
                    health="健康" if away or rng.random() < 0.5 else "长期患病",
                )
            )
        grand_surname = surname if rng.random() < 0.8 else rng.choice(demo_data.SURNAMES)
        prefix = "paternal" if grand_surname == surname else "maternal"
        for relation, sex in ((f"{prefix}_grandfather", "M"), (f"{prefix}_grandmother", "F")):
            age = rng.randrange(55, 78)
            rows.guardians.append(
                dict(
                    family_id=family["id"],
                    relation=relation,
                    name=(grand_surname if sex == "M" else rng.choice(demo_data.SURNAMES))
                    + gen.given_name(sex),
                    birth_date=gen.birth_date(date(year - age, 1, 1), 365),
                    phone=gen.mobile() if rng.random() < 0.7 else "",
                    address=family["address"],
                    occupation="务农",
                    health=rng.choice(("健康", "健康", "一般", "高血压")),
                    is_entrusted_guardian=sex == "F",
                    relation_note="祖孙",
                )
            )
        entrusted = next(g["name"] for g in rows.guardians[-2:] if g["is_entrusted_guardian"])
        return _Household(family, surname, area, both_away, entrusted, rows.guardians[-4]["name"])

    def _child(
        self,
        rows: _Rows,
        school: School,
        gen: _Generator,
        household: _Household,
        grade: int,
        year0: int,
        classes: dict[int, list[SchoolClass]],
    ) -> None:
        rng = gen.rng
        family, area, both_away = household.family, household.area, household.both_parents_away
        sex = rng.choice("MF")
        name = household.surname + gen.given_name(sex)
        # Age 6 on 1 September of the year the child entered grade 1.
        first = date(year0 - grade - 6, 9, 1)
        birth = gen.birth_date(first, 365)
        id_number = gen.id_number(area, birth, sex)
        full, initials = name_pinyin(name)
        health = rng.choices(("healthy", "ill", "disabled"), (96, 3, 1))[0]
        rows.givers.append((household.entrusted, household.parent))
        rows.children.append(
            dict(
                id=rows.new_id(),
                school_id=school.id,
                class_id=rng.choice(classes[grade]).id,
                family_id=family["id"],
                name=name,
                name_pinyin=full,
                name_initials=initials,
                sex=sex,
                ethnicity=rng.choice(demo_data.ETHNICITIES),
                birth_date=birth,
                id_number=id_number,
                student_number="G" + id_number,
                hukou_registered=True,
                hukou_place=gen.place_name(area),
                current_address=family["address"],
                health=health,
                illness_type="哮喘" if health == "ill" else "",
                disability_type="肢体残疾" if health == "disabled" else "",
                disability_grade="四级" if health == "disabled" else "",
                boarding=grade >= 5 and rng.random() < 0.4,
                schooling_stage="primary" if grade <= 6 else "junior",
                status=vocab.CHILD_ACTIVE,
                both_parents_away=both_away,
                one_parent_away_other_unable=not both_away,
                unable_parent="" if both_away else "mother",
                guardianship_type=rng.choices(
                    ("good", "fair", "entrusted_insufficient", "parent_unable"), (40, 45, 10, 5)
                )[0],
                categories=["priority"] if rng.random() < 0.05 else [],
                hobbies=rng.choice(demo_data.HOBBIES),
                personality=rng.choice(demo_data.PERSONALITIES),
            )
        )


def _consents(rows: _Rows, rng: random.Random, today: date, year0: int) -> None:
    """A guardian's consent for about CONSENT_SHARE of the children, dated this school year."""
    start = min(date(year0, 9, 1), today)
    span = (today - start).days + 1
    written, oral = CONSENT_FORMS
    for child, (entrusted, parent) in zip(rows.children, rows.givers, strict=True):
        if rng.random() >= CONSENT_SHARE:
            continue
        on_paper = rng.random() < WRITTEN_SHARE
        rows.consents.append(
            dict(
                child_id=child["id"],
                consent_date=start + timedelta(days=rng.randrange(span)),
                form=written if on_paper else oral,
                given_by=entrusted if on_paper else parent,
            )
        )


def _terms(session: Session, school: School, year0: int) -> None:
    """The last term of the previous school year and both terms of this one (so the
    summer between them is a holiday), unless the school entered them already."""
    terms = (
        (f"{year0 - 1}-{year0}-2", date(year0, 2, 24), date(year0, 7, 3)),
        (f"{year0}-{year0 + 1}-1", date(year0, 9, 1), date(year0 + 1, 1, 22)),
        (f"{year0}-{year0 + 1}-2", date(year0 + 1, 2, 23), date(year0 + 1, 7, 2)),
    )
    known = set(session.scalars(select(SchoolTerm.name).where(SchoolTerm.school_id == school.id)))
    for name, starts_on, ends_on in terms:
        if name not in known:
            session.add(
                SchoolTerm(school_id=school.id, name=name, starts_on=starts_on, ends_on=ends_on)
            )
    session.flush()


def _mentors(rows: _Rows, school: School, gen: _Generator, year0: int) -> None:
    """New mentor teachers, about MENTEES children each (one or two neighbouring classes),
    with the pairing's history row."""
    if not rows.children:
        return
    count = math.ceil(len(rows.children) / MENTEES)
    share = math.ceil(len(rows.children) / count)
    start = min(date(year0, 9, 1), gen.today)
    by_class = sorted(rows.children, key=lambda child: (child["class_id"], child["name_pinyin"]))
    for k in range(count):
        name = gen.rng.choice(demo_data.SURNAMES) + gen.given_name(gen.rng.choice("MF"))
        teacher = dict(
            id=rows.new_id(),
            school_id=school.id,
            name=name,
            name_pinyin=name_pinyin(name)[0],
            phone=gen.mobile(),
            active=True,
        )
        rows.teachers.append(teacher)
        for child in by_class[k * share : (k + 1) * share]:
            child["mentor_id"] = teacher["id"]
            rows.assignments.append(
                dict(
                    child_id=child["id"],
                    teacher_id=teacher["id"],
                    starts_on=start,
                    ends_on=None,
                    note="",
                )
            )


def _talk_days(month: date, today: date) -> list[date]:
    """Working days of ``month`` before ``today`` (official holidays and 调休 known to
    chinese-calendar; weekends only for a year it does not know)."""
    days = []
    day = month
    while day.month == month.month and day < today:
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:
            working = day.weekday() < 5
        if working:
            days.append(day)
        day += timedelta(days=1)
    return days


def _talks(rows: _Rows, gen: _Generator, actor: str, now: datetime) -> None:
    """Held talks of the TALK_MONTHS months before the clock's, for most children (a phone
    call or a home visit in the summer holiday), and of the clock's month so far, for as
    many as the working days gone by make of the last share (so that this month's figures
    are not all 0 % on the demo); a few concerns with follow-ups."""
    rng, today = gen.rng, gen.today
    this_month = month = today.replace(day=1)
    months = []
    for _ in range(TALK_MONTHS):
        month = (month - timedelta(days=1)).replace(day=1)
        months.insert(0, month)
    next_month = (this_month + timedelta(days=31)).replace(day=1)
    working = len(_talk_days(this_month, next_month))
    gone = len(_talk_days(this_month, today))
    months.append(this_month)
    shares = (*TALK_SHARE, TALK_SHARE[-1] * gone / working if working else 0.0)
    last_talk: dict[str, dict[str, Any]] = {}
    for month, share in zip(months, shares, strict=True):
        days = _talk_days(month, today)
        holiday = month.month in (1, 2, 7, 8)
        for child in rows.children:
            if not days or rng.random() >= share:
                continue
            held = rng.choice(days)
            if holiday:
                form = rng.choice(("phone", "phone", "home_visit"))
            else:
                form = rng.choices(("face", "phone", "video", "home_visit"), (80, 8, 4, 8))[0]
            place = {"phone": "", "video": "", "home_visit": "家中"}.get(
                form, rng.choice(demo_data.TALK_PLACES)
            )
            talk = dict(
                id=rows.new_id(),
                child_id=child["id"],
                mentor_id=child.get("mentor_id"),
                month=f"{month.year:04d}-{month.month:02d}",
                status=vocab.TALK_DONE,
                planned_on=held,
                held_on=held,
                form=form,
                place=place,
                topics=sorted(rng.sample(sorted(vocab.TALK_TOPICS), rng.randrange(1, 4))),
                condition=rng.choice(demo_data.TALK_CONDITIONS),
                problems=rng.choice(demo_data.TALK_PROBLEMS),
                measures=rng.choice(demo_data.TALK_MEASURES),
                follow_up_on=None,
                concerns=[],
                author=actor,
                recorded_at=min(
                    datetime.combine(held, datetime.min.time())
                    + timedelta(hours=rng.randrange(15, 20)),
                    now,
                ),
            )
            rows.talks.append(talk)
            last_talk[child["id"]] = talk
    _concerns(rows, rng, list(last_talk.values()), today)


def _concerns(rows: _Rows, rng: random.Random, talks: list[dict[str, Any]], today: date) -> None:
    """About CONCERN_SHARE of the children: their last talk flagged a concern; most are
    still open, each with a follow-up every week or two."""
    kinds, weights = list(CONCERN_KIND_WEIGHTS), list(CONCERN_KIND_WEIGHTS.values())
    for talk in talks:
        if rng.random() >= CONCERN_SHARE:
            continue
        talk["concerns"] = [rng.choices(kinds, weights)[0]]
        talk["problems"] = rng.choice(demo_data.TALK_PROBLEMS[3:])
        talk["follow_up_on"] = talk["held_on"] + timedelta(days=7)
        concern = dict(
            id=rows.new_id(),
            child_id=talk["child_id"],
            talk_id=talk["id"],
            kinds=list(talk["concerns"]),
            opened_on=talk["held_on"],
            plan=rng.choice(demo_data.CONCERN_PLANS),
            closed_on=None,
        )
        rows.concerns.append(concern)
        on = talk["held_on"]
        while True:
            on += timedelta(days=rng.randrange(7, 15))
            if on >= today:
                break
            rows.follow_ups.append(
                dict(
                    concern_id=concern["id"],
                    on=on,
                    note=rng.choice(demo_data.CONCERN_FOLLOW_UPS),
                    author=talk["author"],
                )
            )
        if rng.random() < 0.25 and on - timedelta(days=7) > talk["held_on"]:
            concern["closed_on"] = min(on, today) - timedelta(days=1)
