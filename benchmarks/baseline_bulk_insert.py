"""Bulk-insert baseline: the demo's rows written with nothing but ``sqlite3``.

Run as::

    python benchmarks/baseline_bulk_insert.py DATABASE \
        --children N --families N --guardians N

It creates the three big tables of the app's schema (``family``, ``guardian``
and the 38-column ``child``, with the same columns, types and indexes as the
app's migrated schema, but no school / class tables, so only the foreign keys
to ``family`` are kept), builds the rows from random strings, and inserts them
with ``executemany`` in one ``BEGIN IMMEDIATE`` transaction, under the pragmas
the app uses (``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON``).

Compared with ``liushou_desktop demo`` this leaves out everything that is not
raw storage: the ORM unit of work, validation, ID-number and pinyin work, the
audit log, set-up (scrypt), and the Alembic migration. The ratio between the
two is the price of that machinery. ``DATABASE`` must not exist yet.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
)

# The app's DDL for these tables (as SQLAlchemy emits it), minus the foreign
# keys to tables this baseline does not create.
SYNCED_COLUMNS = """
    id VARCHAR(36) NOT NULL,
    clock BIGINT NOT NULL,
    changed_by VARCHAR(64) NOT NULL,
    origin VARCHAR(36) NOT NULL,
    deleted BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL"""

SCHEMA = f"""
CREATE TABLE family (
    school_id VARCHAR(36) NOT NULL,
    address VARCHAR(200) NOT NULL,
    home_phone VARCHAR(32) NOT NULL,
    income_sources JSON NOT NULL,
    assistance JSON NOT NULL,{SYNCED_COLUMNS},
    CONSTRAINT pk_family PRIMARY KEY (id)
);
CREATE INDEX ix_family_school_id ON family (school_id);
CREATE TABLE guardian (
    family_id VARCHAR(36) NOT NULL,
    relation VARCHAR(32) NOT NULL,
    relation_note VARCHAR(32) NOT NULL,
    name VARCHAR(64) NOT NULL,
    birth_date DATE,
    id_number VARCHAR(18),
    phone VARCHAR(32) NOT NULL,
    address VARCHAR(200) NOT NULL,
    occupation VARCHAR(64) NOT NULL,
    health VARCHAR(64) NOT NULL,
    work_province VARCHAR(32) NOT NULL,
    work_city VARCHAR(32) NOT NULL,
    employer VARCHAR(100) NOT NULL,
    employer_address VARCHAR(200) NOT NULL,
    employer_phone VARCHAR(32) NOT NULL,
    works_away BOOLEAN NOT NULL,
    is_entrusted_guardian BOOLEAN NOT NULL,{SYNCED_COLUMNS},
    CONSTRAINT pk_guardian PRIMARY KEY (id),
    CONSTRAINT fk_guardian_family_id_family FOREIGN KEY(family_id) REFERENCES family (id)
);
CREATE INDEX ix_guardian_family_id ON guardian (family_id);
CREATE TABLE child (
    school_id VARCHAR(36) NOT NULL,
    class_id VARCHAR(36),
    family_id VARCHAR(36),
    name VARCHAR(64) NOT NULL,
    name_pinyin VARCHAR(200) NOT NULL,
    name_initials VARCHAR(32) NOT NULL,
    sex VARCHAR(1) NOT NULL,
    ethnicity VARCHAR(16) NOT NULL,
    birth_date DATE,
    id_number VARCHAR(18),
    student_number VARCHAR(32) NOT NULL,
    hukou_registered BOOLEAN,
    hukou_place VARCHAR(200) NOT NULL,
    current_address VARCHAR(200) NOT NULL,
    health VARCHAR(16) NOT NULL,
    disability_type VARCHAR(32) NOT NULL,
    disability_grade VARCHAR(16) NOT NULL,
    illness_type VARCHAR(64) NOT NULL,
    boarding BOOLEAN NOT NULL,
    schooling_stage VARCHAR(16) NOT NULL,
    status VARCHAR(24) NOT NULL,
    status_date DATE,
    both_parents_away BOOLEAN,
    one_parent_away_other_unable BOOLEAN,
    unable_parent VARCHAR(8) NOT NULL,
    guardianship_type VARCHAR(24) NOT NULL,
    categories JSON NOT NULL,
    hobbies VARCHAR(200) NOT NULL,
    personality VARCHAR(200) NOT NULL,
    medical_history TEXT NOT NULL,
    photo BLOB,{SYNCED_COLUMNS},
    CONSTRAINT pk_child PRIMARY KEY (id),
    CONSTRAINT fk_child_family_id_family FOREIGN KEY(family_id) REFERENCES family (id)
);
CREATE INDEX ix_child_class_id ON child (class_id);
CREATE INDEX ix_child_family_id ON child (family_id);
CREATE INDEX ix_child_id_number ON child (id_number);
CREATE INDEX ix_child_school_id_status ON child (school_id, status);
"""

Row = tuple[object, ...]


CJK = "".join(chr(code) for code in range(0x4E00, 0x9FA6))  # the common CJK block
LETTERS = "abcdefghijklmnopqrstuvwxyz "
DIGITS = "0123456789"
POOL_SIZE = 1 << 16


class RandomText:
    """Random field values of realistic length (CJK text is 3 bytes a character).

    Each alphabet is drawn once into a long random pool, and a value is a slice
    of it at a random offset: one random number per value instead of one per
    character, so building the rows stays cheap next to inserting them and the
    baseline's time is mostly SQLite's.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._pools = {
            alphabet: "".join(self.rng.choices(alphabet, k=POOL_SIZE))
            for alphabet in (CJK, LETTERS, DIGITS)
        }

    def _draw(self, alphabet: str, length: int) -> str:
        start = self.rng.randrange(POOL_SIZE - length)
        return self._pools[alphabet][start : start + length]

    def cjk(self, length: int) -> str:
        return self._draw(CJK, length)

    def ascii(self, length: int) -> str:
        return self._draw(LETTERS, length)

    def digits(self, length: int) -> str:
        return self._draw(DIGITS, length)

    def date(self, first_year: int, last_year: int) -> str:
        year = self.rng.randrange(first_year, last_year + 1)
        return f"{year:04d}-{self.rng.randrange(1, 13):02d}-{self.rng.randrange(1, 29):02d}"

    def flag(self) -> int:
        return 1 if self.rng.random() < 0.5 else 0


def synced(clock: int, stamp: str, origin: str) -> Row:
    """Values of the sync columns every synced table ends with."""
    return (str(uuid.uuid4()), clock, "cli", origin, 0, stamp, stamp)


def family_rows(count: int, text: RandomText, school_id: str, origin: str, stamp: str) -> list[Row]:
    return [
        (school_id, text.cjk(12), "", '["migrant_work", "farming"]', "[]")
        + synced(i, stamp, origin)
        for i in range(count)
    ]


def guardian_rows(
    count: int, family_ids: Sequence[str], text: RandomText, origin: str, stamp: str
) -> list[Row]:
    return [
        (
            family_ids[i % len(family_ids)],
            text.rng.choice(("father", "mother", "grandfather", "grandmother")),
            "",
            text.cjk(3),
            text.date(1950, 2000),
            text.digits(18),
            "1" + text.digits(10),
            "",
            text.cjk(2),
            text.cjk(2),
            text.cjk(3),
            text.cjk(3),
            text.cjk(8),
            text.cjk(12),
            "",
            text.flag(),
            0,
        )
        + synced(i, stamp, origin)
        for i in range(count)
    ]


def child_rows(
    count: int,
    family_ids: Sequence[str],
    text: RandomText,
    school_id: str,
    origin: str,
    stamp: str,
) -> list[Row]:
    class_ids = [str(uuid.uuid4()) for _ in range(max(1, count // 45))]
    rows: list[Row] = []
    for i in range(count):
        name = text.cjk(3)
        id_number = text.digits(18)
        rows.append(
            (
                school_id,
                class_ids[i % len(class_ids)],
                family_ids[i % len(family_ids)],
                name,
                text.ascii(12),
                text.ascii(3),
                text.rng.choice("MF"),
                text.cjk(3),
                text.date(2010, 2020),
                id_number,
                "G" + id_number,
                1,
                text.cjk(6),
                text.cjk(9),
                "healthy",
                "",
                "",
                "",
                text.flag(),
                "primary",
                "active",
                None,
                text.flag(),
                0,
                "",
                "fair",
                "[]",
                text.cjk(3),
                text.cjk(2),
                "",
                None,
            )
            + synced(i, stamp, origin)
        )
    return rows


def insert_all(database: Path, children: int, families: int, guardians: int) -> None:
    """Create the tables in a new file and insert all rows in one transaction."""
    text = RandomText(seed=children)
    school_id, origin = str(uuid.uuid4()), str(uuid.uuid4())
    stamp = datetime.now().isoformat(sep=" ")
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            connection.execute(pragma)
        connection.executescript(SCHEMA)
        connection.execute("BEGIN IMMEDIATE")
        family = family_rows(families, text, school_id, origin, stamp)
        family_ids = [row[5] for row in family]  # the id, first of the sync columns
        connection.executemany(f"INSERT INTO family VALUES ({_marks(family[0])})", family)
        guardian = guardian_rows(guardians, family_ids, text, origin, stamp)
        connection.executemany(f"INSERT INTO guardian VALUES ({_marks(guardian[0])})", guardian)
        child = child_rows(children, family_ids, text, school_id, origin, stamp)
        connection.executemany(f"INSERT INTO child VALUES ({_marks(child[0])})", child)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _marks(row: Row) -> str:
    return ", ".join("?" * len(row))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--children", type=int, required=True)
    parser.add_argument("--families", type=int, required=True)
    parser.add_argument("--guardians", type=int, required=True)
    args = parser.parse_args(argv)
    if args.database.exists():
        parser.error(f"{args.database} already exists")
    if min(args.children, args.families, args.guardians) < 1:
        parser.error("every count must be at least 1")
    insert_all(args.database, args.children, args.families, args.guardians)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
