"""Preferences of this installation, kept in the ``setting`` table."""

from __future__ import annotations

from typing import Any

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Setting

TEXT_SCALE = "text_scale"  # percent, 100-150
LANGUAGE = "language"  # "zh_CN" or "en"
IDLE_LOCK_MINUTES = "idle_lock_minutes"  # 0: never
TEXT_SCALES = (100, 110, 125, 150)
LANGUAGES = ("zh_CN", "en")
IDLE_LOCK_CHOICES = (5, 10, 15, 30, 0)
# How talks in a wholly holiday month (summer) are planned: by phone, as home visits, or not.
TALK_HOLIDAY_FORM = "talks.holiday_form"
TALK_HOLIDAY_NONE = "none"
TALK_HOLIDAY_FORMS = ("phone", "home_visit", TALK_HOLIDAY_NONE)
# Days during which the author of a talk record may still correct it.
TALK_EDIT_DAYS = "talks.edit_days"
DEFAULTS: dict[str, Any] = {
    TEXT_SCALE: 100,
    LANGUAGE: "zh_CN",
    IDLE_LOCK_MINUTES: 10,
    TALK_HOLIDAY_FORM: "phone",
    TALK_EDIT_DAYS: 7,
}


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> Any:
        with self._db.session_scope("system") as session:
            row = session.get(Setting, key)
            return DEFAULTS.get(key) if row is None else row.value

    def set(self, key: str, value: Any, actor: str) -> None:
        if key == TEXT_SCALE and not 100 <= int(value) <= 150:
            raise ValueError(f"text scale out of range: {value}")
        if key == LANGUAGE and value not in LANGUAGES:
            raise ValueError(f"unknown language: {value}")
        if key == IDLE_LOCK_MINUTES and not 0 <= int(value) <= 240:
            raise ValueError(f"idle lock out of range: {value}")
        if key == TALK_HOLIDAY_FORM and value not in TALK_HOLIDAY_FORMS:
            raise ValueError(f"unknown holiday talk form: {value}")
        if key == TALK_EDIT_DAYS and not 0 <= int(value) <= 365:
            raise ValueError(f"talk edit days out of range: {value}")
        with self._db.session_scope(actor) as session:
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
