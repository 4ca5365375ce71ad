"""Roster import and export at 5,000 rows: the workbook, our steps and their bare baselines.

Run by ``run.py`` (operations ``roster_import``, ``roster_export`` and their
``_in_process`` twins), or by hand::

    python benchmarks/roster_io.py make-roster FILE [--rows N]
    python benchmarks/roster_io.py ours-import DATA_DIR FILE      # RosterImportService.run
    python benchmarks/roster_io.py ours-export DATA_DIR OUT       # RosterExportService.export
    python benchmarks/roster_io.py baseline-import FILE DATABASE  # calamine + executemany
    python benchmarks/roster_io.py baseline-export DATABASE OUT   # sqlite3 + bare openpyxl

Each of the last four prints ``seconds <s>``: the time of the work alone, after the
imports and after opening the database (so without interpreter start-up). ``ours-import``
counts as imports the libraries the import loads lazily (``roster_import.preload()``:
python-calamine, pypinyin and its dictionaries, about 0.35 s), which the GUI loads while
the file dialog is open. ``run.py``
times the whole process from outside for ``roster_import`` / ``roster_export``, and
uses the printed number for the ``_in_process`` operations.

The roster workbook (made once per benchmark run, untimed) has 5,000 children on one
sheet per grade, each sheet with a title row above the header, and 30 columns: the
child (name, sex, ethnicity, birth date as an Excel date, an 18-digit ID number as
text, 学籍号, class, boarding, hukou, address, health), father and mother (name, ID,
phone, workplace province and city, employer), the entrusted guardian (name, phone,
relation), both parents away, hobbies and personality. Names, ID numbers (valid
checksums), phones and workplaces are drawn like the demo's, from a fixed seed; a
fifth of the families have two children, who share their parents.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ROWS = 5_000
CLASSES_PER_GRADE = 3
HEADERS = (
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号",
    "学籍号",
    "班级",
    "是否寄宿",
    "户籍所在地",
    "现居住地",
    "身体情况",
    "父亲姓名",
    "父亲身份证号",
    "父亲电话",
    "父亲务工省份",
    "父亲务工城市",
    "父亲工作单位",
    "母亲姓名",
    "母亲身份证号",
    "母亲电话",
    "母亲务工省份",
    "母亲务工城市",
    "母亲工作单位",
    "委托监护人姓名",
    "委托监护人电话",
    "委托监护人关系",
    "父母双方外出",
    "兴趣爱好",
    "性格",
)


# --- the roster workbook ------------------------------------------------------------------


class _Households:
    """Believable people drawn from the demo's word lists (fixed seed)."""

    def __init__(self, seed: int) -> None:
        from liushou_desktop.domain import demo_data

        self.data = demo_data
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def given(self, sex: str) -> str:
        pool = self.data.GIVEN_BOY if sex == "M" else self.data.GIVEN_GIRL
        return "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))

    def id_number(self, area: str, birth: date, sex: str) -> str:
        from liushou_desktop.domain.id_numbers import make_id_number

        while True:
            seq = self.rng.randrange(0, 999)
            if (seq % 2 == 1) != (sex == "M"):
                seq += 1
            number = make_id_number(area, birth, seq)
            if number not in self.used:
                self.used.add(number)
                return number

    def mobile(self) -> str:
        return self.rng.choice(("13", "15", "18", "17")) + str(self.rng.randrange(10**8, 10**9))

    def parent(self, surname: str, sex: str, area: str, year: int) -> list[Any]:
        birth = date(year - self.rng.randrange(28, 45), 1, 1) + timedelta(self.rng.randrange(365))
        province, city, employer, _ = self.rng.choice(self.data.WORKPLACES)
        return [
            surname + self.given(sex),
            self.id_number(area, birth, sex),
            self.mobile(),
            province,
            city,
            city[:2] + self.rng.choice(self.data.EMPLOYER_WORDS) + employer.format(""),
        ]

    def family(self, year: int) -> dict[str, Any]:
        rng = self.rng
        area = rng.choice(self.data.COUNTY_CODES)
        surname = rng.choice(self.data.SURNAMES)
        grandma = rng.choice(self.data.SURNAMES) + self.given("F")
        return {
            "area": area,
            "surname": surname,
            "address": f"{rng.choice(self.data.TOWNS)}{rng.choice(self.data.VILLAGES)}"
            f"{rng.randrange(1, 12)}组",
            "father": self.parent(surname, "M", area, year),
            "mother": self.parent(rng.choice(self.data.SURNAMES), "F", area, year),
            "guardian": [grandma, self.mobile(), "祖孙"],
            "both_away": "是" if rng.random() < 0.8 else "否",
        }

    def child(self, family: dict[str, Any], grade: int, year: int) -> list[Any]:
        rng = self.rng
        sex = rng.choice("MF")
        birth = date(year - grade - 6, 9, 1) + timedelta(rng.randrange(365))
        number = self.id_number(family["area"], birth, sex)
        return [
            family["surname"] + self.given(sex),
            "男" if sex == "M" else "女",
            rng.choice(self.data.ETHNICITIES),
            datetime(birth.year, birth.month, birth.day),
            number,
            "G" + number,
            f"{grade}年级{rng.randrange(1, CLASSES_PER_GRADE + 1)}班",
            "是" if grade >= 5 and rng.random() < 0.4 else "否",
            f"{rng.choice(self.data.TOWNS)}{family['area']}",
            family["address"],
            rng.choices(("健康", "患病", "残疾"), (96, 3, 1))[0],
            *family["father"],
            *family["mother"],
            *family["guardian"],
            family["both_away"],
            rng.choice(self.data.HOBBIES),
            rng.choice(self.data.PERSONALITIES),
        ]


def make_roster(path: Path, rows: int = ROWS, seed: int = 20261128) -> Path:
    """Write the benchmark roster: ``rows`` children, one sheet per grade (1–9)."""
    from openpyxl import Workbook

    people = _Households(seed)
    year = 2026
    by_grade: dict[int, list[list[Any]]] = {grade: [] for grade in range(1, 10)}
    made = 0
    while made < rows:
        family = people.family(year)
        siblings = 2 if people.rng.random() < 0.2 and rows - made >= 2 else 1
        for grade in people.rng.sample(range(1, 10), siblings):
            by_grade[grade].append(people.child(family, grade, year))
            made += 1
    workbook = Workbook(write_only=True)
    for grade, children in by_grade.items():
        sheet = workbook.create_sheet(f"{grade}年级")
        sheet.append([f"阳光小学{grade}年级留守儿童花名册"])
        sheet.append(list(HEADERS))
        for serial, values in enumerate(children, start=1):
            sheet.append([serial, *values])
    workbook.save(path)
    return path


# --- ours, in process ------------------------------------------------------------------------


def _open(data_dir: Path) -> Any:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.paths import DataDir

    return open_database(DataDir(data_dir))


def ours_import(data_dir: Path, roster: Path) -> float:
    """Seconds of ``RosterImportService.run`` (backup, read, check, write, audit).

    The libraries the import loads on first use are loaded before the clock starts, by
    ``preload()``, as the GUI does while the teacher chooses the file.
    """
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.roster_import import RosterImportService, preload

    preload()
    db = _open(data_dir)
    try:
        start = time.perf_counter()
        report = RosterImportService(db).run(cli_actor("school"), roster)
        elapsed = time.perf_counter() - start
    finally:
        db.close()
    if report.imported == 0:
        raise SystemExit(f"nothing imported: {report.to_json()}")
    return elapsed


def ours_export(data_dir: Path, out: Path) -> float:
    """Seconds of ``RosterExportService.export`` of the 花名册 (read, write, verify, audit)."""
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.roster_export import RosterExportService

    db = _open(data_dir)
    try:
        start = time.perf_counter()
        RosterExportService(db).export(cli_actor("school"), out)
        elapsed = time.perf_counter() - start
    finally:
        db.close()
    return elapsed


# --- the baselines ----------------------------------------------------------------------------

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON")
_PERSON = ("name", "id_number", "phone", "work_province", "work_city", "employer")


def baseline_import(roster: Path, database: Path) -> float:
    """Read ``roster`` with python-calamine and insert its rows with sqlite3 executemany
    into the app's family / guardian / child tables (``baseline_bulk_insert.SCHEMA``):
    no validation, no matching, no pinyin; one family per row."""
    import python_calamine as calamine
    from baseline_bulk_insert import SCHEMA

    connection = sqlite3.connect(database, isolation_level=None)
    for pragma in PRAGMAS:
        connection.execute(pragma)
    connection.executescript(SCHEMA)
    start = time.perf_counter()
    families: list[tuple[Any, ...]] = []
    guardians: list[tuple[Any, ...]] = []
    children: list[tuple[Any, ...]] = []
    now = datetime.now().isoformat(sep=" ")
    sync = (0, "bench", "", 0, now, now)
    with calamine.CalamineWorkbook.from_path(str(roster)) as workbook:
        for name in workbook.sheet_names:
            grid = workbook.get_sheet_by_name(name).to_python()
            column = {text: index for index, text in enumerate(grid[1])}
            for row in grid[2:]:
                family = str(uuid.uuid4())
                families.append((family, "school", "", "", "[]", "[]", *sync))
                for relation, label in (("father", "父亲"), ("mother", "母亲")):
                    person = [row[column[label + h]] for h in ("姓名", "身份证号", "电话")]
                    place = [row[column[label + h]] for h in ("务工省份", "务工城市", "工作单位")]
                    guardians.append((str(uuid.uuid4()), family, relation, *person, *place, *sync))
                birth = row[column["出生日期"]]
                children.append(
                    (
                        str(uuid.uuid4()),
                        family,
                        row[column["姓名"]],
                        row[column["性别"]][:1],
                        row[column["民族"]],
                        birth.date() if isinstance(birth, datetime) else birth,
                        row[column["身份证号"]],
                        row[column["学籍号"]],
                        row[column["户籍所在地"]],
                        row[column["现居住地"]],
                        *sync,
                    )
                )
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO family (id, school_id, address, home_phone, income_sources, assistance,"
        " clock, changed_by, origin, deleted, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        families,
    )
    connection.executemany(
        "INSERT INTO guardian (id, family_id, relation, name, id_number, phone, work_province,"
        " work_city, employer, relation_note, address, occupation, health, employer_address,"
        " employer_phone, works_away, is_entrusted_guardian, clock, changed_by, origin,"
        " deleted, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,'','','','','','',0,0,?,?,?,?,?,?)",
        guardians,
    )
    connection.executemany(
        "INSERT INTO child (id, family_id, name, sex, ethnicity, birth_date, id_number,"
        " student_number, hukou_place, current_address, school_id, name_pinyin,"
        " name_initials, health, disability_type, disability_grade, illness_type, boarding,"
        " schooling_stage, status, unable_parent, guardianship_type, categories, hobbies,"
        " personality, medical_history, clock, changed_by, origin, deleted, created_at,"
        " updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,'school','','','healthy','','','',0,'','active','',''"
        ",'[]','','','',?,?,?,?,?,?)",
        children,
    )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


EXPORT_QUERY = """
SELECT c.name, c.sex, c.ethnicity, c.birth_date, c.id_number, c.student_number, k.name,
       c.boarding, c.schooling_stage, c.hukou_registered, c.hukou_place, c.current_address,
       c.health, c.disability_type, c.disability_grade, c.illness_type,
       f.name, f.id_number, f.phone, f.work_province, f.work_city, f.employer,
       m.name, m.id_number, m.phone, m.work_province, m.work_city, m.employer,
       g.name, g.phone, g.relation_note,
       c.guardianship_type, c.both_parents_away, c.one_parent_away_other_unable,
       c.unable_parent, c.categories, fam.income_sources, fam.assistance
FROM child c
LEFT JOIN school_class k ON k.id = c.class_id
LEFT JOIN family fam ON fam.id = c.family_id
LEFT JOIN guardian f ON f.family_id = c.family_id AND f.relation = 'father'
LEFT JOIN guardian m ON m.family_id = c.family_id AND m.relation = 'mother'
LEFT JOIN guardian g ON g.family_id = c.family_id AND g.is_entrusted_guardian = 1
WHERE c.status = 'active' AND c.deleted = 0
ORDER BY k.grade, k.name, c.name_pinyin
"""


def baseline_export(database: Path, out: Path) -> float:
    """The same children x 39 columns, read with sqlite3 and written with bare openpyxl
    (write-only mode, as ours; plain values, no styles, one sheet, no read-back)."""
    from openpyxl import Workbook

    connection = sqlite3.connect(database)
    start = time.perf_counter()
    rows = connection.execute(EXPORT_QUERY).fetchall()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append([f"c{i}" for i in range(39)])
    for serial, row in enumerate(rows, start=1):
        sheet.append([serial, *row])
    workbook.save(out)
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


# --- the command line -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="roster_io.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make-roster")
    make.add_argument("file", type=Path)
    make.add_argument("--rows", type=int, default=ROWS)
    for name in ("ours-import", "ours-export", "baseline-import", "baseline-export"):
        step = sub.add_parser(name)
        step.add_argument("source", type=Path)
        step.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    if args.command == "make-roster":
        make_roster(args.file, args.rows)
        return 0
    step_function = {
        "ours-import": ours_import,
        "ours-export": ours_export,
        "baseline-import": baseline_import,
        "baseline-export": baseline_export,
    }[args.command]
    print(f"seconds {step_function(args.source, args.target):.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
